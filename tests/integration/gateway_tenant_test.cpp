// Integration test of per-key and per-tenant settings through the real binary: tokens per
// minute, policies bound to a tenant / an application (each with its own failure mode and
// streaming window), and `audit.store_content: redacted`.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <nlohmann/json.hpp>
#include <string>

#include "gateway/keys.h"
#include "support/fake_upstream.h"
#include "support/gateway_process.h"

namespace {

using nlohmann::json;
using bulwark::gateway::sha256_hex;
using bulwark::testing::GatewayProcess;
using bulwark::testing::HttpReply;

const char* kPolicyBlockPii =
    "version: 1\nname: strict\nrules:\n  - category: pii\n    action: block\n  - category: \"*\"\n    action: annotate\n";
const char* kPolicyAnnotate = "version: 1\nname: lax\nrules:\n  - category: \"*\"\n    action: annotate\n";
// Texts over 48 bytes cannot be scanned under these two: they differ only in what then happens.
const char* kPolicyFailOpen =
    "version: 1\nname: open\nfailure_mode: fail_open\nmax_input_bytes: 48\nrules:\n  - category: \"*\"\n    action: annotate\n";
const char* kPolicyFailClosed =
    "version: 1\nname: closed\nfailure_mode: fail_closed\nmax_input_bytes: 48\nrules:\n  - category: \"*\"\n    action: annotate\n";

class GatewayTenantTest : public ::testing::Test {
 protected:
  static inline GatewayProcess* gw = nullptr;
  static inline bulwark::testing::FakeUpstream* upstream = nullptr;
  static inline std::string setup_error;
  // Tests that already sent their traffic; the last test replays what is missing, because ctest
  // runs every test in its own process.
  static inline std::set<std::string> ran;

  static void SetUpTestSuite() {
    upstream = new bulwark::testing::FakeUpstream();
    if (!upstream->start()) {
      setup_error = "fake upstream did not start";
      return;
    }
    gw = new GatewayProcess("tenant");
    auto write = [](const std::string& name, const char* text) {
      std::ofstream(gw->dir() / name) << text;
      return (gw->dir() / name).string();
    };
    const std::string strict = write("strict.yaml", kPolicyBlockPii);
    const std::string lax = write("lax.yaml", kPolicyAnnotate);
    const std::string open = write("open.yaml", kPolicyFailOpen);
    const std::string closed = write("closed.yaml", kPolicyFailClosed);
    auto key = [](const std::string& id, const std::string& tenant, const std::string& app, const std::string& extra = "") {
      return "  - id: " + id + "\n    sha256: " + sha256_hex(id + "-secret") + "\n    tenant: " + tenant +
             "\n    app: " + app + "\n" + extra;
    };
    const std::string config =
        "audit:\n  store_content: redacted\nstreaming:\n  holdback_chars: 1000\nkeys:\n" +
        key("tok", "metered", "bot", "    tpm: 40\n") + key("bot", "acme", "bot") + key("other", "acme", "other") +
        key("wide", "wide", "bot") + key("plain", "zeta", "x") + key("open", "fo", "x") + key("closed", "fc", "x") +
        "policies:\n"
        "  - tenant: acme\n    policy: " + lax + "\n"
        "  - tenant: acme\n    app: bot\n    policy: " + strict + "\n    holdback_chars: 16\n"
        "  - tenant: wide\n    policy: " + strict + "\n"
        "  - tenant: fo\n    policy: " + open + "\n"
        "  - tenant: fc\n    policy: " + closed + "\n";
    setup_error = gw->start(config, {"BULWARK_UPSTREAM_URL=http://127.0.0.1:" + std::to_string(upstream->port()) + "/v1",
                                     "BULWARK_MASTER_KEY=tenant-master"});
  }

  static void TearDownTestSuite() {
    delete gw;
    gw = nullptr;
    delete upstream;
    upstream = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(setup_error.empty()) << setup_error;
    upstream->set_reply("Hello from the fake upstream.");
    upstream->set_chunk_chars(8);
  }

  static HttpReply chat(const std::string& key_id, const std::string& content, bool stream = false) {
    json body = {{"model", "gpt-test"}, {"stream", stream}, {"messages", {{{"role", "user"}, {"content", content}}}}};
    return gw->curl("POST", "/v1/chat/completions", body.dump(), "-H 'Authorization: Bearer " + key_id + "-secret'");
  }
};

TEST_F(GatewayTenantTest, TokensPerMinuteAreChargedFromUsageAndAnswer429) {
  ran.insert("TokensPerMinuteAreChargedFromUsageAndAnswer429");
  // The fake upstream reports 18 tokens per call; the budget is 40 per minute. A request is let
  // in while anything is left, so the third one overdraws and the fourth waits.
  for (int i = 0; i < 3; ++i) ASSERT_EQ(chat("tok", "Say hello").status, 200) << i;
  HttpReply r = chat("tok", "Say hello");
  ASSERT_EQ(r.status, 429) << r.body;
  json e = json::parse(r.body)["error"];
  EXPECT_EQ(e["code"], "rate_limit_exceeded");
  EXPECT_EQ(e["type"], "tokens");
  EXPECT_NE(e["message"].get<std::string>().find("tokens per min (TPM): Limit 40, Used 54"), std::string::npos) << e;
  const int retry = std::atoi(r.header("retry-after").c_str());
  EXPECT_GE(retry, 20);   // 15 tokens owed at 40/60 per second: 23 s (minus a little refill)
  EXPECT_LE(retry, 23);
  EXPECT_EQ(r.header("x-ratelimit-limit-tokens"), "40");
  // Other keys and other routes are not metered by this key's budget.
  EXPECT_EQ(chat("plain", "Say hello").status, 200);
  EXPECT_EQ(gw->curl("POST", "/v1/moderations", R"({"input":"hi"})", "-H 'Authorization: Bearer tok-secret'").status, 200);
}

TEST_F(GatewayTenantTest, PoliciesAreChosenByTenantAndApplication) {
  ran.insert("PoliciesAreChosenByTenantAndApplication");
  const std::string pii = "Please email bob@example.com about it";
  // acme/bot: the tenant+app binding (strict) wins over the tenant binding.
  HttpReply strict = chat("bot", pii);
  EXPECT_EQ(strict.status, 400) << strict.body;
  EXPECT_EQ(json::parse(strict.body)["error"]["code"], "content_filter");
  // acme/other: the tenant binding (annotate only): the text goes upstream unchanged.
  HttpReply lax = chat("other", pii);
  EXPECT_EQ(lax.status, 200) << lax.body;
  EXPECT_NE(upstream->last_request_body().find("bob@example.com"), std::string::npos);
  // zeta: no binding, the built-in default policy, which redacts PII before it goes upstream.
  HttpReply def = chat("plain", pii);
  EXPECT_EQ(def.status, 200) << def.body;
  EXPECT_EQ(upstream->last_request_body().find("bob@example.com"), std::string::npos) << upstream->last_request_body();
  // /readyz reports the default policy; the bindings were compiled at start.
  EXPECT_NE(gw->curl("GET", "/readyz", "").body.find("\"status\":\"ready\""), std::string::npos);
}

TEST_F(GatewayTenantTest, StreamingWindowIsPerPolicy) {
  // 120 clean characters, then an address. Both keys block PII with the same policy file;
  // acme/bot releases through a 16-character window, wide through the default 1000.
  std::string reply;
  while (reply.size() < 120) reply += "calm words ";
  reply += "now write to frank@example.com";
  upstream->set_reply(reply);
  upstream->set_chunk_chars(11);   // one "calm words " per event
  HttpReply small = chat("bot", "tell me", true);
  HttpReply large = chat("wide", "tell me", true);
  for (const HttpReply* r : {&small, &large}) {
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->body.find("\"finish_reason\":\"content_filter\""), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("frank@"), std::string::npos);
    EXPECT_EQ(r->body.find("[DONE]"), std::string::npos);
  }
  EXPECT_NE(small.body.find("calm words"), std::string::npos) << "the small window released the clean start";
  EXPECT_EQ(large.body.find("calm words"), std::string::npos) << "the large window held everything";
}

TEST_F(GatewayTenantTest, FailOpenAndFailClosedPerPolicy) {
  ran.insert("FailOpenAndFailClosedPerPolicy");
  // The answer is longer than either policy can scan (max_input_bytes: 48).
  upstream->set_reply("Hello from the fake upstream, with an answer longer than forty-eight bytes.");
  HttpReply closed = chat("closed", "Say hello");
  ASSERT_EQ(closed.status, 200) << closed.body;
  json c = json::parse(closed.body);
  EXPECT_EQ(c["choices"][0]["finish_reason"], "content_filter");
  EXPECT_TRUE(c["choices"][0]["message"]["content"].is_null());
  HttpReply open = chat("open", "Say hello");
  ASSERT_EQ(open.status, 200) << open.body;
  json o = json::parse(open.body);
  EXPECT_EQ(o["choices"][0]["finish_reason"], "stop");
  EXPECT_EQ(o["choices"][0]["message"]["content"], "Hello from the fake upstream, with an answer longer than forty-eight bytes.");
  // Streams too: fail closed ends the stream, fail open passes it.
  HttpReply cs = chat("closed", "Say hello", true);
  EXPECT_NE(cs.body.find("\"finish_reason\":\"content_filter\""), std::string::npos) << cs.body;
  HttpReply os = chat("open", "Say hello", true);
  EXPECT_NE(os.body.find("[DONE]"), std::string::npos) << os.body;
  EXPECT_NE(os.body.find("forty"), std::string::npos);
}

// Last: audit rows after a clean shutdown.
TEST_F(GatewayTenantTest, ZzAuditRowsStoreRedactedContentAndDecisions) {
  if (!ran.count("TokensPerMinuteAreChargedFromUsageAndAnswer429")) {
    for (int i = 0; i < 4; ++i) chat("tok", "Say hello");
  }
  if (!ran.count("PoliciesAreChosenByTenantAndApplication")) {
    for (const char* key : {"bot", "other", "plain"}) chat(key, "Please email bob@example.com about it");
  }
  if (!ran.count("FailOpenAndFailClosedPerPolicy")) {
    upstream->set_reply("Hello from the fake upstream, with an answer longer than forty-eight bytes.");
    for (bool stream : {false, true}) {
      chat("closed", "Say hello", stream);
      chat("open", "Say hello", stream);
    }
  }
  ASSERT_EQ(gw->stop(), 0);
  auto rows = gw->sql("SELECT key_id, decision, content, content_sha256 FROM audit WHERE route='/v1/chat/completions' ORDER BY ts_ms");
  ASSERT_FALSE(rows.empty());
  int with_email = 0;
  for (const auto& row : rows) {
    EXPECT_EQ(row.find("bob@example.com"), std::string::npos) << "content stored unredacted: " << row;
    if (row.find("EMAIL") != std::string::npos) ++with_email;
  }
  EXPECT_EQ(with_email, 3) << "bot, other and plain sent an address; each row keeps the redacted text";
  auto decision = [](const std::string& key) {
    auto r = gw->sql("SELECT group_concat(decision) FROM audit WHERE key_id='" + key + "' AND route='/v1/chat/completions'");
    return r.empty() ? std::string() : r[0];
  };
  EXPECT_EQ(decision("open"), "fail_open,fail_open");
  EXPECT_EQ(decision("closed"), "block,block");
  EXPECT_NE(decision("tok").find("rate_limited"), std::string::npos);
  auto content = gw->sql("SELECT content FROM audit WHERE key_id='plain' AND content LIKE '%EMAIL%'");
  ASSERT_EQ(content.size(), 1u);
  json items = json::parse(content[0]);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["role"], "user");
  EXPECT_EQ(items[0]["index"], 0);
  EXPECT_NE(items[0]["text"].get<std::string>().find("Please email <"), std::string::npos) << items;
}

}  // namespace
