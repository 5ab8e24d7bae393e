// Sliding-window scorer, signal classification and config parsing.
#include "respond/window.h"

#include <gtest/gtest.h>

#include "respond/config.h"
#include "respond/signals.h"

namespace bulwark::respond {
namespace {

TEST(RespondWindow, SumsWeightsInsideTheWindowOnly) {
  WindowScorer w(10'000);
  EXPECT_EQ(w.add("k1", "attack", {1000, 1, "r1", ""}), 1);
  EXPECT_EQ(w.add("k1", "attack", {2000, 2, "r2", ""}), 3);
  EXPECT_EQ(w.add("k2", "attack", {2000, 5, "r3", ""}), 5);   // other identity, own series
  EXPECT_EQ(w.add("k1", "pii", {2000, 4, "r4", ""}), 4);      // other kind, own series
  EXPECT_EQ(w.score("k1", "attack", 10'999), 3);
  EXPECT_EQ(w.score("k1", "attack", 11'000), 2);   // the event at 1000 is now exactly window old
  EXPECT_EQ(w.score("k1", "attack", 12'000), 0);
  EXPECT_EQ(w.add("k1", "attack", {12'500, 1, "r5", ""}), 1);
  EXPECT_EQ(w.score("nobody", "attack", 0), 0);
}

TEST(RespondWindow, EventsAndClear) {
  WindowScorer w(5'000);
  w.add("k", "a", {100, 1, "r1", "prompt_attack/jailbreak"});
  w.add("k", "a", {200, 1, "r2", ""});
  auto ev = w.events("k", "a", 300);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].request_id, "r1");
  EXPECT_EQ(ev[0].detail, "prompt_attack/jailbreak");
  w.clear("k", "a");
  EXPECT_EQ(w.score("k", "a", 300), 0);
  EXPECT_TRUE(w.events("k", "a", 300).empty());
}

TEST(RespondWindow, BoundedEventsPerSeries) {
  WindowScorer w(1'000'000, 3);
  for (int i = 0; i < 10; ++i) w.add("k", "a", {i, 1, "r" + std::to_string(i), ""});
  EXPECT_EQ(w.score("k", "a", 10), 3);
  EXPECT_EQ(w.events("k", "a", 10).front().request_id, "r7");
}

TEST(RespondWindow, IdleSeriesAreSwept) {
  WindowScorer w(1'000);
  for (int i = 0; i < 100; ++i) w.add("k" + std::to_string(i), "a", {0, 1, "", ""});
  EXPECT_EQ(w.series_count(), 100u);
  // The sweep runs every 4096 additions; by then the first 100 series are long expired.
  for (int i = 0; i < 4096; ++i) w.add("busy", "a", {10'000 + i, 1, "", ""});
  EXPECT_LE(w.series_count(), 2u);
}

TEST(RespondSignals, ClassifiesByCategoryDecisionAndPerFinding) {
  auto rules = default_scores();   // prompt_attack (request), pii_harvesting (finding), blocked_burst (block)
  const std::string findings =
      R"([{"category":"prompt_attack","subtype":"jailbreak","action":"block"},
          {"category":"pii","subtype":"email","action":"redact"},
          {"category":"pii","subtype":"phone","action":"redact"},
          {"category":"pii","subtype":"ssn","action":"allow"}])";
  auto s = classify(rules, "block", findings);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(rules[s[0].rule].kind, "prompt_attack");
  EXPECT_EQ(s[0].weight, 1);
  EXPECT_EQ(s[0].detail, "prompt_attack/jailbreak");
  EXPECT_EQ(rules[s[1].rule].kind, "pii_harvesting");
  EXPECT_EQ(s[1].weight, 2);   // two PII findings that took an action; the allowed one does not count
  EXPECT_EQ(rules[s[2].rule].kind, "blocked_burst");
  // Not blocked: no burst signal.
  EXPECT_EQ(classify(rules, "redact", findings).size(), 2u);
  EXPECT_TRUE(classify(rules, "allow", "[]").empty());
  EXPECT_TRUE(classify(rules, "allow", "{not json").empty());
  EXPECT_EQ(classify(rules, "block", "{not json").size(), 1u);   // the decision alone still counts
}

TEST(RespondSignals, CategoryPrefixMatchesWholeSegmentsOnly) {
  EXPECT_TRUE(category_matches("pii", "pii"));
  EXPECT_TRUE(category_matches("pii", "pii/email"));
  EXPECT_FALSE(category_matches("pii", "piix"));
  EXPECT_FALSE(category_matches("pii/email", "pii"));
  EXPECT_TRUE(category_matches("*", "anything"));
}

TEST(RespondConfig, ParsesAndRejectsBadInput) {
  RespondConfig c;
  ASSERT_TRUE(parse_respond_config("f.yaml", YAML::Load(R"(
window_s: 60
suspend_s: 30
scores:
  attacks: {categories: [prompt_attack], throttle_at: 2, suspend_at: 4}
  harvest: {categories: [pii], per: finding, weight: 0.5, suspend_at: 10}
alerts:
  log: a.jsonl
  webhooks: [{url: "http://127.0.0.1:1/hook", secret: s3cret}]
)"),
                                   c)
                  .ok());
  EXPECT_TRUE(c.enabled);
  EXPECT_EQ(c.window_s, 60u);
  ASSERT_EQ(c.scores.size(), 2u);
  EXPECT_EQ(c.scores[1].kind, "harvest");
  EXPECT_TRUE(c.scores[1].per_finding);
  EXPECT_EQ(c.alerts.webhooks[0].secret, "s3cret");

  auto bad = [](const char* y) {
    RespondConfig c;
    Status st = parse_respond_config("f.yaml", YAML::Load(y), c);
    return st.ok() ? std::string() : st.message();
  };
  EXPECT_NE(bad("windw_s: 3").find("unknown field"), std::string::npos);
  EXPECT_NE(bad("scores: {a: {categories: [x]}}").find("set throttle_at, suspend_at"), std::string::npos);
  EXPECT_NE(bad("scores: {a: {suspend_at: 3}}").find("set categories, decision"), std::string::npos);
  EXPECT_NE(bad("alerts: {webhooks: [{url: 'http://x/h'}]}").find("always signed"), std::string::npos);
  EXPECT_EQ(bad("alerts: {webhooks: [{url: 'https://x/h', secret: s, ca_file: ca.pem}]}"), "");
  EXPECT_NE(bad("alerts: {webhooks: [{url: 'ftp://x/h', secret: s}]}").find("http:// or https://"), std::string::npos);
  EXPECT_NE(bad("alerts: {webhooks: [{url: 'http://x/h', secret: s, ca_file: ca.pem}]}").find("only for https"),
            std::string::npos);
  EXPECT_NE(bad("alerts: {webhooks: [{url: 'https:///h', secret: s}]}").find("no host"), std::string::npos);
  EXPECT_NE(bad("window_s: 0").find("at least 1"), std::string::npos);
  EXPECT_NE(bad("scores: {a: {categories: [x], suspend_at: 1, per: each}}").find("request or finding"),
            std::string::npos);
}

}  // namespace
}  // namespace bulwark::respond
