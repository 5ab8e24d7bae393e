// Integration test with the official JavaScript SDKs from npm: `openai` (chat, streaming,
// moderations, the content_filter error) and `@azure-rest/ai-content-safety` (analyze text,
// shield prompt, blocklists) talk to the real `bulwark serve` binary in front of the fake
// streaming upstream; tests/integration/js/sdk.mjs prints what the SDKs returned as JSON and the
// audit rows are read from SQLite afterwards. Node and the SDKs are required: without them the
// test fails and says how to install them (scripts/deps.sh).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>
#include <string>

#include "gateway/keys.h"
#include "support/fake_upstream.h"
#include "support/gateway_process.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using bulwark::testing::GatewayProcess;

constexpr const char* kKey = "sdk-app-secret";

const fs::path kJsDir = fs::path(BULWARK_SOURCE_DIR) / "tests/integration/js";

// Installs the SDKs with the project's script when they are missing; "" when ready.
std::string ensure_sdks() {
  int rc = 0;
  bulwark::testing::run_command("node --version >/dev/null 2>&1", &rc);
  if (rc != 0) return "node is not installed: run scripts/deps.sh (installs nodejs and npm)";
  if (!fs::exists(kJsDir / "node_modules/openai") || !fs::exists(kJsDir / "node_modules/@azure-rest/ai-content-safety")) {
    std::string out = bulwark::testing::run_command(
        "bash '" + std::string(BULWARK_SOURCE_DIR) + "/scripts/npm_deps.sh' 2>&1", &rc);
    if (rc != 0) return "could not install the JavaScript SDKs (scripts/npm_deps.sh): " + out;
  }
  return "";
}

class GatewaySdkTest : public ::testing::Test {
 protected:
  static inline GatewayProcess* gw = nullptr;
  static inline bulwark::testing::FakeUpstream* upstream = nullptr;
  static inline std::string setup_error;
  // SDK modes already run; the last test replays what is missing (ctest runs each test alone).
  static inline std::set<std::string> ran;

  static void SetUpTestSuite() {
    setup_error = ensure_sdks();
    if (!setup_error.empty()) return;
    upstream = new bulwark::testing::FakeUpstream();
    if (!upstream->start()) {
      setup_error = "fake upstream did not start";
      return;
    }
    gw = new GatewayProcess("sdk");
    std::ofstream(gw->dir() / "policy.yaml") << "version: 1\nname: sdk-test\nrules:\n"
                                                "  - category: pii\n    action: block\n"
                                                "  - category: prompt_attack\n    action: block\n"
                                                "  - category: \"*\"\n    action: annotate\n";
    const std::string config =
        "policy: " + (gw->dir() / "policy.yaml").string() +
        "\nkeys:\n  - id: sdk\n    sha256: " + bulwark::gateway::sha256_hex(kKey) +
        "\n    tenant: sdk-tenant\n    app: sdk-app\n    user: js\n    roles: [admin]\n"   // it manages blocklists
        "streaming:\n  holdback_chars: 32\n";
    setup_error = gw->start(config, {"BULWARK_UPSTREAM_URL=http://127.0.0.1:" + std::to_string(upstream->port()) + "/v1",
                                     "BULWARK_UPSTREAM_KEY=upstream-secret", "BULWARK_MASTER_KEY=sdk-master"});
  }

  static void TearDownTestSuite() {
    delete gw;
    gw = nullptr;
    delete upstream;
    upstream = nullptr;
  }

  void SetUp() override { ASSERT_TRUE(setup_error.empty()) << setup_error; }

  // Runs sdk.mjs in the given mode; returns its JSON output.
  static json node(const std::string& mode) {
    ran.insert(mode);
    int rc = 0;
    const std::string out = bulwark::testing::run_command(
        "cd '" + kJsDir.string() + "' && BULWARK_URL=" + gw->base_url() + " BULWARK_KEY=" + kKey + " SDK_MODE=" + mode +
            " timeout 120 node sdk.mjs 2>" + (gw->dir() / ("node-" + mode + ".err")).string(),
        &rc);
    json j = json::parse(out, nullptr, false);
    EXPECT_EQ(rc, 0) << out << bulwark::testing::read_text_file(gw->dir() / ("node-" + mode + ".err"));
    EXPECT_FALSE(j.is_discarded()) << out;
    return j.is_discarded() ? json::object() : j;
  }
};

TEST_F(GatewaySdkTest, OpenAISdkChatStreamModerationAndContentFilter) {
  upstream->set_reply("Hello from the fake upstream.");
  json r = node("openai");
  SCOPED_TRACE(r.dump(2));

  EXPECT_EQ(r["chat"]["content"], "Hello from the fake upstream.");
  EXPECT_EQ(r["chat"]["finish_reason"], "stop");
  ASSERT_TRUE(r["chat"]["prompt_filter_results"].is_array());
  EXPECT_EQ(r["chat"]["prompt_filter_results"][0]["content_filter_results"]["pii"]["filtered"], false);

  EXPECT_EQ(r["chat_stream"]["content"], "Hello from the fake upstream.");
  EXPECT_EQ(r["chat_stream"]["finish_reason"], "stop");
  EXPECT_GT(r["chat_stream"]["chunks"].get<int>(), 2);
  EXPECT_TRUE(r["chat_stream"]["usage"].is_object()) << "the client asked for include_usage";

  // A blocked prompt is the SDK's BadRequestError (400) with code content_filter.
  const json& b = r["chat_blocked"];
  EXPECT_EQ(b["threw"], true);
  EXPECT_EQ(b["name"], "BadRequestError");
  EXPECT_EQ(b["status"], 400);
  EXPECT_EQ(b["code"], "content_filter");
  EXPECT_EQ(b["error"]["innererror"]["content_filter_results"]["pii"]["filtered"], true);

  EXPECT_EQ(r["moderation"]["model"], "omni-moderation-latest");
  EXPECT_EQ(r["moderation"]["flagged"], json::parse("[true,false]"));
  EXPECT_EQ(r["moderation"]["categories"], 13);

  EXPECT_EQ(r["bad_key"]["name"], "AuthenticationError");
  EXPECT_EQ(r["bad_key"]["status"], 401);
  EXPECT_EQ(r["bad_key"]["code"], "invalid_api_key");
}

TEST_F(GatewaySdkTest, OpenAISdkStreamEndsWithContentFilterError) {
  upstream->set_reply("Sure, you can write to dave.smith@example.com for the details you asked about.");
  json r = node("stream_block");
  upstream->set_reply("Hello from the fake upstream.");
  SCOPED_TRACE(r.dump(2));
  // The SDK raises the stream's error event; the email never reached the client.
  const json& s = r["stream_block"];
  EXPECT_EQ(s["threw"], true);
  EXPECT_NE(s["message"].get<std::string>().find("content"), std::string::npos);
  EXPECT_FALSE(s.contains("content") && s["content"].get<std::string>().find("example.com") != std::string::npos);
}

TEST_F(GatewaySdkTest, AzureContentSafetySdkAnalyzeShieldAndBlocklists) {
  json r = node("azure");
  SCOPED_TRACE(r.dump(2));

  EXPECT_EQ(r["analyze"]["status"], 200);
  EXPECT_EQ(r["analyze"]["unexpected"], false);
  ASSERT_EQ(r["analyze"]["body"]["categoriesAnalysis"].size(), 4u);
  EXPECT_EQ(r["analyze"]["body"]["categoriesAnalysis"][0]["severity"], 0);

  EXPECT_EQ(r["shield"]["status"], 200);
  EXPECT_EQ(r["shield"]["body"]["userPromptAnalysis"]["attackDetected"], true);
  ASSERT_EQ(r["shield"]["body"]["documentsAnalysis"].size(), 1u);
  EXPECT_EQ(r["shield"]["body"]["documentsAnalysis"][0]["attackDetected"], false);

  EXPECT_EQ(r["blocklist_create"]["status"], 201);
  EXPECT_EQ(r["blocklist_create"]["body"]["blocklistName"], "sdk-list");
  EXPECT_EQ(r["blocklist_create"]["body"]["description"], "from the JS SDK");

  EXPECT_EQ(r["blocklist_add"]["status"], 200);
  ASSERT_EQ(r["blocklist_add"]["body"]["blocklistItems"].size(), 2u);
  EXPECT_EQ(r["blocklist_add"]["body"]["blocklistItems"][1]["isRegex"], true);

  bool listed = false;
  for (const auto& b : r["blocklist_list"]["body"]["value"]) listed |= b["blocklistName"] == "sdk-list";
  EXPECT_TRUE(listed);
  EXPECT_EQ(r["blocklist_items"]["body"]["value"].size(), 2u);

  const json& hit = r["analyze_blocklist"]["body"];
  EXPECT_EQ(r["analyze_blocklist"]["status"], 200);
  EXPECT_EQ(hit["blocklistsMatch"].size(), 2u);
  EXPECT_EQ(hit["categoriesAnalysis"].size(), 0u) << "haltOnBlocklistHit skips the categories";

  EXPECT_EQ(r["blocklist_delete"]["status"], 204);
  EXPECT_EQ(r["blocklist_get_deleted"]["status"], 404);
  EXPECT_EQ(r["blocklist_get_deleted"]["unexpected"], true);
  EXPECT_EQ(r["blocklist_get_deleted"]["body"]["error"]["code"], "ResourceNotFound");

  EXPECT_EQ(r["bad_key"]["status"], 401);
}

// The Azure SDK over TLS: a self-signed certificate trusted through NODE_EXTRA_CA_CERTS, so the
// client runs without allowInsecureConnection.
TEST_F(GatewaySdkTest, AzureSdkOverTls) {
  GatewayProcess tls("sdk-tls");
  int rc = 0;
  const std::string cert = (tls.dir() / "cert.pem").string();
  std::string made = bulwark::testing::run_command(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout '" + (tls.dir() / "key.pem").string() + "' -out '" + cert + "' 2>&1",
      &rc);
  ASSERT_EQ(rc, 0) << made;
  ASSERT_EQ(tls.start("tls:\n  cert_file: " + cert + "\n  key_file: " + (tls.dir() / "key.pem").string() +
                          "\nkeys:\n  - id: sdk\n    sha256: " + bulwark::gateway::sha256_hex(kKey) + "\n    roles: [admin]\n",
                      {"BULWARK_MASTER_KEY=sdk-master"}, /*tls=*/true),
            "");
  const std::string out = bulwark::testing::run_command(
      "cd '" + kJsDir.string() + "' && NODE_EXTRA_CA_CERTS='" + cert + "' BULWARK_URL=" + tls.base_url() +
          " BULWARK_KEY=" + kKey + " SDK_MODE=azure timeout 120 node sdk.mjs 2>&1",
      &rc);
  ASSERT_EQ(rc, 0) << out;
  json r = json::parse(out, nullptr, false);
  ASSERT_FALSE(r.is_discarded()) << out;
  EXPECT_EQ(r["analyze"]["status"], 200) << out;
  EXPECT_EQ(r["blocklist_create"]["status"], 201) << out;
  EXPECT_EQ(r["blocklist_delete"]["status"], 204) << out;
  EXPECT_EQ(r["bad_key"]["status"], 401) << out;
  EXPECT_EQ(tls.stop(), 0);
}

// Last: the audit rows the SDK calls left, read after a clean SIGTERM.
TEST_F(GatewaySdkTest, ZzAuditRowsCarryTheSdkKeysIdentity) {
  upstream->set_reply("Hello from the fake upstream.");
  for (const char* mode : {"openai", "azure"}) {
    if (!ran.count(mode)) node(mode);
  }
  ASSERT_EQ(gw->stop(), 0);
  auto count = [](const std::string& where) {
    auto rows = gw->sql("SELECT count(*) FROM audit WHERE " + where);
    return rows.empty() ? -1 : std::stoi(rows[0]);
  };
  const std::string me = "key_id='sdk' AND tenant='sdk-tenant' AND app='sdk-app' AND user='js'";
  EXPECT_GE(count(me + " AND route='/v1/chat/completions' AND status=200 AND decision!='block'"), 2);
  EXPECT_GE(count(me + " AND route='/v1/chat/completions' AND status=400 AND decision='block'"), 1);
  EXPECT_GE(count(me + " AND route='/v1/moderations'"), 1);
  EXPECT_GE(count(me + " AND route LIKE '/contentsafety/text:analyze%'"), 2);
  EXPECT_GE(count(me + " AND route LIKE '/contentsafety/text:shieldPrompt%'"), 1);
  EXPECT_GE(count(me + " AND route LIKE '/contentsafety/text/blocklists%'"), 4);
  EXPECT_GE(count("decision='unauthenticated'"), 2);
  // audit.store_content is off by default: only the hash of the content.
  EXPECT_EQ(count("content IS NOT NULL AND content != ''"), 0);
  EXPECT_EQ(count(me + " AND length(content_sha256) = 64"), count(me + " AND route != '/contentsafety/text/blocklists'"));
  // Streamed calls have real token counts (include_usage was injected).
  EXPECT_GE(count(me + " AND route='/v1/chat/completions' AND completion_tokens>0 AND tokens_estimated=0"), 2);
}

}  // namespace
