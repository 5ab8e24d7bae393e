#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>

#include "bulwark/engine.h"
#include "detect/blocklist/matcher.h"

namespace bulwark {
namespace {

using Clock = std::chrono::steady_clock;

Policy policy_with(std::vector<Blocklist> lists, std::map<std::string, std::string> params = {}) {
  Policy p = Policy::defaults();
  p.use_default_detectors = false;
  p.blocklists = std::move(lists);
  p.detectors = {{"blocklist", true, std::nullopt, std::move(params)}};
  return p;
}

EnginePtr compile_ok(const Policy& p) {
  auto e = Engine::compile(p);
  EXPECT_TRUE(e.ok()) << e.status().to_string();
  return e.ok() ? *e : nullptr;
}

// "subtype@begin-end" for every finding, in order.
std::vector<std::string> hits(const EnginePtr& e, std::string_view text, Role role = Role::kUser) {
  auto scratch = e->new_scratch();
  auto r = e->scan({text, role}, *scratch);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  std::vector<std::string> out;
  if (!r.ok()) return out;
  for (const auto& f : r->findings) {
    EXPECT_EQ(f.category, "blocklist");
    out.push_back(f.subtype + "@" + std::to_string(f.span.byte_begin) + "-" + std::to_string(f.span.byte_end));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(Blocklist, TermsCaseInsensitiveAtWordBoundaries) {
  auto e = compile_ok(policy_with({{"profanity", {"ass", "badword", "Project Falcon"}, {}}}));
  ASSERT_TRUE(e);
  EXPECT_EQ(hits(e, "This is a BadWord!"), V{"profanity@10-17"});
  EXPECT_EQ(hits(e, "you ass."), V{"profanity@4-7"});
  EXPECT_EQ(hits(e, "(ASS)"), V{"profanity@1-4"});
  EXPECT_EQ(hits(e, "the project falcon launch"), V{"profanity@4-18"});
  // Look-alikes inside longer words do not hit.
  EXPECT_TRUE(hits(e, "a class on assessment and bypass").empty());
  EXPECT_TRUE(hits(e, "badwords and abadword and badword_x and badword2").empty());
  EXPECT_TRUE(hits(e, "assé").empty());  // a non-ASCII letter is a word character too
  // The decision follows the default "blocklist" rule.
  auto scratch = e->new_scratch();
  auto r = e->scan({"badword", Role::kAssistant}, *scratch);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->decision, Action::kBlock);
}

TEST(Blocklist, UnspacedScriptsNeedNoBoundary) {
  auto e = compile_ok(policy_with({{"cjk", {"禁止词"}, {}}}));
  ASSERT_TRUE(e);
  EXPECT_EQ(hits(e, "这是禁止词吗").size(), 1u);
}

TEST(Blocklist, MultipleListsReportTheirOwnNames) {
  auto e = compile_ok(policy_with({{"codenames", {"falcon", "osprey"}, {}}, {"birds", {"osprey"}, {}}}));
  ASSERT_TRUE(e);
  EXPECT_EQ(hits(e, "falcon"), V{"codenames@0-6"});
  auto h = hits(e, "an osprey");
  std::sort(h.begin(), h.end());
  EXPECT_EQ(h, (V{"birds@3-9", "codenames@3-9"}));
}

TEST(Blocklist, ListsParamRestrictsAndUnknownNameIsAnError) {
  std::vector<Blocklist> lists = {{"a", {"alpha"}, {}}, {"b", {"beta"}, {}}};
  auto e = compile_ok(policy_with(lists, {{"lists", "b"}}));
  ASSERT_TRUE(e);
  EXPECT_TRUE(hits(e, "alpha").empty());
  EXPECT_EQ(hits(e, "beta"), V{"b@0-4"});
  auto bad = Engine::compile(policy_with(lists, {{"lists", "a, nope"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("nope"), std::string::npos);
  EXPECT_FALSE(Engine::compile(policy_with(lists, {{"list", "a"}})).ok());
}

TEST(Blocklist, RegexItems) {
  auto e = compile_ok(policy_with({{"ids", {}, {R"(\bemp-\d{4}\b)", R"(bad\w+)"}}}));
  ASSERT_TRUE(e);
  EXPECT_EQ(hits(e, "ticket EMP-1234 filed"), V{"ids@7-15"});
  EXPECT_TRUE(hits(e, "EMP-12345").empty());
  // Hyperscan reports every end of "bad\w+"; one finding covers the longest.
  EXPECT_EQ(hits(e, "so badwordy"), V{"ids@3-11"});
}

TEST(Blocklist, RegexesHyperscanRejectsFallBackToRe2) {
  // "x.{300}y" is too large for Hyperscan's start-of-match tracking; "(?U)" and "\C" are
  // RE2-only syntax. All three must still match.
  std::vector<Blocklist> lists = {{"fallback", {}, {"start.{300}end", "(?U)zz+q", R"(\Cmarker)", "plain\\d+"}}};
  auto m = detect::blocklist::BlocklistMatcher::compile({&lists[0]});
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  EXPECT_EQ((*m)->stats().hyperscan_regexes, 1u);
  EXPECT_EQ((*m)->stats().re2_regexes, 3u);

  auto e = compile_ok(policy_with(lists));
  ASSERT_TRUE(e);
  const std::string long_text = "start" + std::string(300, '-') + "end";
  EXPECT_EQ(hits(e, long_text), V{"fallback@0-308"});
  EXPECT_EQ(hits(e, "ZZZQ"), V{"fallback@0-4"});
  EXPECT_EQ(hits(e, "-marker"), V{"fallback@0-7"});
  EXPECT_EQ(hits(e, "plain42"), V{"fallback@0-7"});
}

TEST(Blocklist, BadRegexesAreClearErrors) {
  for (const char* re : {"(unclosed", "a*", "(a)\\1"}) {
    auto e = Engine::compile(policy_with({{"mylist", {}, {"ok", re}}}));
    ASSERT_FALSE(e.ok()) << re;
    EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(e.status().message().find("blocklist 'mylist' regexes[1]"), std::string::npos)
        << e.status().message();
  }
}

TEST(Blocklist, AzureLimitsAreValidated) {
  // 129 characters: rejected with the list, item and limit named.
  auto p = policy_with({{"long", {std::string(129, 'x')}, {}}});
  auto st = p.validate();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kInvalidPolicy);
  EXPECT_NE(st.message().find("blocklist 'long' terms[0]: 129 characters"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("128"), std::string::npos);
  EXPECT_FALSE(Engine::compile(p).ok());
  // The limit counts code points, not bytes: 128 × "é" is 256 bytes and fine.
  std::string e128;
  for (int i = 0; i < 128; ++i) e128 += "é";
  EXPECT_TRUE(policy_with({{"ok", {e128}, {}}}).validate().ok());
  EXPECT_TRUE(parse_policy_yaml("version: 1\nblocklists:\n  - name: ok\n    terms: [\"" + e128 + "\"]\n").ok());
  EXPECT_FALSE(policy_with({{"ok", {e128 + "é"}, {}}}).validate().ok());
  // Empty items, bad names, and more than 10,000 items across all lists.
  EXPECT_FALSE(policy_with({{"x", {""}, {}}}).validate().ok());
  EXPECT_FALSE(policy_with({{"has space", {"a"}, {}}}).validate().ok());
  EXPECT_FALSE(policy_with({{std::string(65, 'n'), {"a"}, {}}}).validate().ok());
  std::vector<std::string> many(6000, "t");
  EXPECT_TRUE(policy_with({{"a", many, {}}}).validate().ok());
  auto over = policy_with({{"a", many, {}}, {"b", many, {}}}).validate();
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.message().find("10000"), std::string::npos) << over.message();
}

std::string random_word(std::mt19937& rng, size_t len) {
  std::string w;
  for (size_t i = 0; i < len; ++i) w.push_back(static_cast<char>('a' + rng() % 26));
  return w;
}

TEST(Blocklist, TenThousandTermsCompileAndScanFast) {
  std::mt19937 rng(42);
  Blocklist bl{"big", {}, {}};
  while (bl.terms.size() < kMaxBlocklistTerms) bl.terms.push_back("zq" + random_word(rng, 4 + rng() % 10));
  const std::string needle = bl.terms[1234];
  auto p = policy_with({bl});
  const auto t0 = Clock::now();
  auto e = compile_ok(p);
  const double compile_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  ASSERT_TRUE(e);

  // 4 KB of prose with the needle once.
  std::string text;
  const char* words[] = {"the", "model", "should", "answer", "questions", "about", "billing", "and",
                         "never", "reveal", "internal", "notes", "to", "customers", "please"};
  while (text.size() < 4096) text += std::string(words[rng() % 15]) + " ";
  text.replace(2000, needle.size() + 2, " " + needle + " ");
  text.resize(4096);
  auto scratch = e->new_scratch();
  // Medians: the machine is shared, averages would measure the neighbours.
  std::vector<double> total_us, detector_us;
  size_t found = 0;
  for (int i = 0; i < 300; ++i) {
    auto r = e->scan({text, Role::kUser}, *scratch);
    ASSERT_TRUE(r.ok());
    found = r->findings.size();
    total_us.push_back(r->total_nanos / 1000.0);
    detector_us.push_back(r->timings.empty() ? 0.0 : r->timings[0].nanos / 1000.0);
  }
  std::nth_element(total_us.begin(), total_us.begin() + 150, total_us.end());
  std::nth_element(detector_us.begin(), detector_us.begin() + 150, detector_us.end());
  const double scan_us = total_us[150];
  EXPECT_EQ(found, 1u);
  std::cout << "[ blocklist ] 10,000 terms: compile " << compile_ms << " ms; scan of 4 KB, median: detector "
            << detector_us[150] << " us, engine total " << scan_us << " us\n";
  RecordProperty("compile_ms", std::to_string(compile_ms));
  RecordProperty("scan_4k_us", std::to_string(scan_us));
  // Loose sanity bounds against pathological behaviour, not tuned figures.
  EXPECT_LT(compile_ms, 60000.0);
  EXPECT_LT(scan_us, 20000.0);
}

TEST(Blocklist, NoListsIsANoOpAndGarbageNeverCrashes) {
  auto none = compile_ok(policy_with({}));
  ASSERT_TRUE(none);
  EXPECT_TRUE(hits(none, "anything at all").empty());

  auto e = compile_ok(policy_with({{"l", {"ab", "a b", "é"}, {"a.b", "[é]+"}}}));
  ASSERT_TRUE(e);
  std::mt19937 rng(3);
  const std::string alphabet[] = {"a", "b", " ", "é", "_", "\n", "x", "禁"};
  auto scratch = e->new_scratch();
  for (int n = 0; n < 2000; ++n) {
    std::string t;
    for (size_t i = 0, len = rng() % 64; i < len; ++i) t += alphabet[rng() % 8];
    auto r = e->scan({t, Role::kUser}, *scratch);
    ASSERT_TRUE(r.ok());
    for (const auto& f : r->findings) ASSERT_LE(f.span.byte_end, t.size());
  }
}

// Obfuscated variants hit through the folded, skeleton and collapsed views.
TEST(Blocklist, ObfuscatedVariantsHitOnNormalizedViews) {
  auto e = compile_ok(policy_with({{"profanity", {"badword"}, {}}}));
  ASSERT_TRUE(e);
  for (const char* t : {"b4dw0rd", "\xEF\xBD\x82\xEF\xBD\x81\xEF\xBD\x84\xEF\xBD\x97\xEF\xBD\x8F\xEF\xBD\x92\xEF\xBD\x84",
                        "b a d w o r d", "b.a.d.w.o.r.d", "bad\xE2\x80\x8Bword", "B\xD0\xB0" "dword"})
    EXPECT_EQ(hits(e, t).size(), 1u) << t;
}

}  // namespace
}  // namespace bulwark
