// Integration test for versioned policies through the real binary: uploads through the admin
// API (good, invalid, not an admin), the live policy visibly changing what a chat request gets,
// rollback and activate, versions surviving a restart, SIGHUP reloads that keep the last good
// policy when a file or the config is invalid, the `bulwark policy` CLI, and the audit rows that
// every admin call leaves. Each test starts its own server (ctest runs them one by one).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "support/fake_upstream.h"
#include "support/gateway_process.h"

namespace {

using nlohmann::json;
using bulwark::testing::GatewayProcess;
using bulwark::testing::HttpReply;

constexpr const char* kMaster = "policy-master-key";
const char* kStrict = "version: 1\nname: strict\nrules:\n  - category: pii\n    action: block\n";
const char* kLax = "version: 1\nname: lax\nrules:\n  - category: \"*\"\n    action: annotate\n";
const char* kBroken = "version: 1\nname: broken\nrules:\n  - category: pii\n    action: explode\n";

class PolicyAdminTest : public ::testing::Test {
 protected:
  bulwark::testing::FakeUpstream upstream;
  GatewayProcess gw{"policy-admin"};
  std::string policy_file, config;

  void SetUp() override {
    ASSERT_TRUE(upstream.start());
    policy_file = (gw.dir() / "policy.yaml").string();
    write(policy_file, kStrict);
    config = "policy: " + policy_file + "\nkeys:\n  - {id: app, sha256: " +
             std::string("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824") + "}\n";   // "hello"
    start();
  }
  void start() {
    ASSERT_EQ(gw.start(config, {"BULWARK_UPSTREAM_URL=http://127.0.0.1:" + std::to_string(upstream.port()) + "/v1",
                                std::string("BULWARK_MASTER_KEY=") + kMaster}),
              "");
  }
  static void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

  HttpReply admin(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& key = kMaster) {
    std::string extra = "-H 'Authorization: Bearer " + key + "'";
    if (!body.empty()) extra += " -H 'Content-Type: application/yaml'";
    return gw.curl(method, path, body, extra);
  }
  // The email is blocked under "strict" and passes under "lax".
  int chat_with_email() {
    json b = {{"model", "gpt-test"}, {"messages", {{{"role", "user"}, {"content", "write to bob@example.com"}}}}};
    return gw.curl("POST", "/v1/chat/completions", b.dump(), "-H 'Authorization: Bearer hello'").status;
  }
  json ready() { return json::parse(gw.curl("GET", "/readyz", "").body, nullptr, false); }
  // Waits (bounded) until /readyz names the policy.
  bool wait_for_policy(const std::string& name) {
    for (int i = 0; i < 100; ++i) {
      if (ready().value("policy", "") == name) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  std::string cli(const std::string& args, int* rc) {
    return bulwark::testing::run_command("BULWARK_ADMIN_KEY=" + std::string(kMaster) + " " + BULWARK_BINARY +
                                             " policy --server " + gw.base_url() + " " + args + " 2>&1",
                                         rc);
  }
};

TEST_F(PolicyAdminTest, UploadInvalidUploadRollbackActivateAndRestart) {
  json r = ready();
  EXPECT_EQ(r["policy"], "strict");
  EXPECT_EQ(r["policy_version"], 1) << "the config file's policy is version 1";
  EXPECT_EQ(chat_with_email(), 400);

  HttpReply up = admin("PUT", "/admin/policies/default", kLax);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(json::parse(up.body)["version"], 2);
  EXPECT_EQ(chat_with_email(), 200) << "the uploaded policy is live at once";

  HttpReply bad = admin("PUT", "/admin/policies/default", kBroken);
  ASSERT_EQ(bad.status, 400) << bad.body;
  json e = json::parse(bad.body)["error"];
  EXPECT_EQ(e["code"], "invalid_policy");
  EXPECT_NE(e["message"].get<std::string>().find("explode"), std::string::npos) << e;
  EXPECT_NE(e["message"].get<std::string>().find(":5:"), std::string::npos) << "names the line: " << e;
  EXPECT_EQ(ready()["policy"], "lax") << "an invalid policy never goes live";
  EXPECT_EQ(chat_with_email(), 200);

  EXPECT_EQ(admin("PUT", "/admin/policies/default", kStrict, "hello").status, 403) << "not an admin key";
  EXPECT_EQ(admin("GET", "/admin/policies/tenant=nobody").status, 404);
  EXPECT_EQ(admin("PUT", "/admin/policies/default", "").status, 400);

  HttpReply versions = admin("GET", "/admin/policies/default/versions");
  ASSERT_EQ(versions.status, 200) << versions.body;
  json vs = json::parse(versions.body)["data"];
  ASSERT_EQ(vs.size(), 2u) << "the invalid upload was not stored";
  EXPECT_EQ(vs[0]["version"], 2);
  EXPECT_EQ(vs[0]["active"], true);
  EXPECT_EQ(vs[0]["source"], "api");
  EXPECT_EQ(vs[1]["source"], "file");

  HttpReply rb = admin("POST", "/admin/policies/default:rollback");
  ASSERT_EQ(rb.status, 200) << rb.body;
  EXPECT_EQ(json::parse(rb.body)["version"], 1);
  EXPECT_EQ(chat_with_email(), 400) << "rolled back to strict";
  EXPECT_EQ(admin("POST", "/admin/policies/default:rollback").status, 409) << "nothing before version 1";
  EXPECT_EQ(admin("POST", "/admin/policies/default:activate?version=9").status, 404);
  ASSERT_EQ(admin("POST", "/admin/policies/default:activate?version=2").status, 200);
  EXPECT_EQ(chat_with_email(), 200);
  HttpReply v1 = admin("GET", "/admin/policies/default/versions/1");
  ASSERT_EQ(v1.status, 200);
  EXPECT_EQ(json::parse(v1.body)["yaml"], kStrict);

  // A restart keeps the version made live last (the file did not change meanwhile).
  ASSERT_EQ(gw.stop(), 0);
  start();
  EXPECT_EQ(ready()["policy_version"], 2);
  EXPECT_EQ(chat_with_email(), 200);
  // Editing the file while stopped makes the file win at the next start.
  ASSERT_EQ(gw.stop(), 0);
  write(policy_file, std::string(kStrict) + "# edited\n");
  start();
  EXPECT_EQ(ready()["policy_version"], 3);
  EXPECT_EQ(chat_with_email(), 400);

  // Every admin call left an audit row that says what it did.
  ASSERT_EQ(gw.stop(), 0);
  auto rows = gw.sql("SELECT findings FROM audit WHERE route='/admin/policies' AND decision='admin' ORDER BY ts_ms");
  std::string all;
  for (const auto& row : rows) all += row + "\n";
  EXPECT_NE(all.find(R"("admin_action":"policy.upload","ok":true,"target":"default","version":2)"), std::string::npos) << all;
  EXPECT_NE(all.find(R"("admin_action":"policy.upload","error":)"), std::string::npos) << all;
  EXPECT_NE(all.find(R"("admin_action":"policy.rollback","ok":true,"target":"default","version":1)"), std::string::npos) << all;
  EXPECT_NE(all.find(R"("admin_action":"policy.activate","ok":true,"target":"default","version":2)"), std::string::npos) << all;
  EXPECT_EQ(gw.sql("SELECT count(*) FROM audit WHERE route='/admin/policies' AND status=403")[0], "1");
}

TEST_F(PolicyAdminTest, SighupReloadKeepsTheLastGoodPolicy) {
  write(policy_file, kLax);
  ASSERT_EQ(::kill(gw.pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_for_policy("lax")) << bulwark::testing::read_text_file(gw.dir() / "serve.log");
  EXPECT_EQ(ready()["policy_version"], 2);
  EXPECT_EQ(chat_with_email(), 200);

  write(policy_file, kBroken);
  ASSERT_EQ(::kill(gw.pid(), SIGHUP), 0);
  std::string log;
  for (int i = 0; i < 100 && log.find("reload failed") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    log = bulwark::testing::read_text_file(gw.dir() / "serve.log");
  }
  EXPECT_NE(log.find("reload failed"), std::string::npos) << log;
  EXPECT_NE(log.find("explode"), std::string::npos) << "says why: " << log;
  EXPECT_EQ(ready()["policy"], "lax") << "the last good policy keeps running";
  EXPECT_EQ(chat_with_email(), 200);

  // A broken config file is refused the same way, through the admin API this time.
  const std::string cfg = (gw.dir() / "bulwark.yaml").string();
  const std::string good_cfg = bulwark::testing::read_text_file(cfg);
  write(cfg, good_cfg + "no_such_setting: 1\n");
  HttpReply r = admin("POST", "/admin/policies:reload");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("no_such_setting"), std::string::npos) << r.body;
  EXPECT_EQ(ready()["policy"], "lax");

  write(cfg, good_cfg);
  write(policy_file, kStrict);
  r = admin("POST", "/admin/policies:reload");
  ASSERT_EQ(r.status, 200) << r.body;
  // The same text as version 1: that version goes live again, no duplicate is stored.
  EXPECT_NE(r.body.find("reloaded default v1"), std::string::npos) << r.body;
  EXPECT_EQ(chat_with_email(), 400);
}

TEST_F(PolicyAdminTest, CliPushListRollback) {
  int rc = 0;
  const std::string lax = (gw.dir() / "lax.yaml").string();
  write(lax, kLax);
  std::string out = cli("push " + lax, &rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("default v2"), std::string::npos) << out;
  EXPECT_EQ(chat_with_email(), 200);

  const std::string broken = (gw.dir() / "broken.yaml").string();
  write(broken, kBroken);
  out = cli("push " + broken, &rc);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("explode"), std::string::npos) << out;

  out = cli("list", &rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("default"), std::string::npos) << out;
  EXPECT_NE(out.find("lax"), std::string::npos) << out;
  out = cli("versions", &rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("strict"), std::string::npos) << out;

  out = cli("rollback", &rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("default v1"), std::string::npos) << out;
  EXPECT_EQ(chat_with_email(), 400);
  out = cli("show --version 2", &rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("name: lax"), std::string::npos) << out;

  // Wrong key, and no server: clear errors, exit 2.
  out = bulwark::testing::run_command(std::string("BULWARK_ADMIN_KEY=nope ") + BULWARK_BINARY + " policy --server " +
                                          gw.base_url() + " list 2>&1",
                                      &rc);
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("401"), std::string::npos) << out;
  out = bulwark::testing::run_command(std::string("BULWARK_ADMIN_KEY=x ") + BULWARK_BINARY +
                                          " policy --server http://127.0.0.1:1 list 2>&1",
                                      &rc);
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("cannot reach"), std::string::npos) << out;
}

}  // namespace
