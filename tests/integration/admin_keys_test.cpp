// Integration test for the admin keys API through the real binary: create a key and use it,
// rotate it (both keys work during the overlap), revoke it, the refusals (not an admin, broken
// JSON, unknown field, duplicate id, unknown key), and the audit rows of every call — which
// must never hold a plain key. A key's limits and rights change in place (PATCH, `keys update`).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/gateway_process.h"

namespace {

using nlohmann::json;
using bulwark::testing::GatewayProcess;
using bulwark::testing::HttpReply;

constexpr const char* kMaster = "keys-admin-master";

// The admin API as the tests call it: JSON bodies, a bearer key (the master key by default).
struct Client {
  GatewayProcess& gw;
  HttpReply call(const std::string& method, const std::string& path, const std::string& body,
                 const std::string& key = kMaster) const {
    return gw.curl(method, path, body, "-H 'Authorization: Bearer " + key + "' -H 'Content-Type: application/json'");
  }
  int moderate(const std::string& key) const { return call("POST", "/v1/moderations", R"({"input":"hi"})", key).status; }
};

TEST(AdminKeysTest, CreateUseRotateRevokeAndAudit) {
  GatewayProcess gw("admin-keys");
  ASSERT_EQ(gw.start("", {std::string("BULWARK_MASTER_KEY=") + kMaster}), "");
  Client client{gw};
  auto call = [&](auto&&... a) { return client.call(a...); };
  auto moderate = [&](const std::string& key) { return client.moderate(key); };

  HttpReply created = call("POST", "/admin/keys", R"({"id":"app1","tenant":"acme","app":"bot","models":["gpt-4o-mini"],"rpm":100})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string k1 = json::parse(created.body)["key"];
  EXPECT_EQ(k1.rfind("bwk_", 0), 0u);
  EXPECT_EQ(moderate(k1), 200) << "a created key works at once";
  EXPECT_EQ(call("POST", "/admin/keys", R"({"id":"x"})", k1).status, 403) << "not an admin key";
  EXPECT_EQ(call("POST", "/admin/keys", R"({"id":"app1"})").status, 409) << "duplicate id";
  EXPECT_EQ(call("POST", "/admin/keys", R"({"id":)").status, 400);
  EXPECT_EQ(call("POST", "/admin/keys", R"({"id":"y","colour":"red"})").status, 400);
  EXPECT_EQ(call("POST", "/admin/keys", R"({"id":"y","roles":"admin"})").status, 400) << "roles must be a list";

  HttpReply list = call("GET", "/admin/keys", "");
  ASSERT_EQ(list.status, 200);
  json keys = json::parse(list.body)["data"];
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0]["id"], "app1");
  EXPECT_EQ(keys[0]["tenant"], "acme");
  EXPECT_EQ(keys[0]["status"], "active");
  EXPECT_EQ(keys[0]["rpm"], 100);
  EXPECT_EQ(call("POST", "/admin/keys", R"({"id":"z","tpm":-1})").status, 400);
  EXPECT_EQ(list.body.find(k1), std::string::npos);
  EXPECT_EQ(list.body.find("sha256"), std::string::npos) << "no hashes either";

  HttpReply rotated = call("POST", "/admin/keys/app1:rotate", R"({"new_id":"app1b","overlap_seconds":3600})");
  ASSERT_EQ(rotated.status, 201) << rotated.body;
  const std::string k2 = json::parse(rotated.body)["key"];
  EXPECT_EQ(moderate(k2), 200);
  EXPECT_EQ(moderate(k1), 200) << "the old key works during the overlap";

  ASSERT_EQ(call("POST", "/admin/keys/app1b:revoke", "").status, 200);
  EXPECT_EQ(moderate(k2), 401);
  EXPECT_EQ(call("POST", "/admin/keys/app1b:revoke", "").status, 404) << "already revoked";
  EXPECT_EQ(call("POST", "/admin/keys/nobody:rotate", "{}").status, 404);

  ASSERT_EQ(gw.stop(), 0);
  auto rows = gw.sql("SELECT status, findings FROM audit WHERE route='/admin/keys' ORDER BY ts_ms");
  std::string all;
  for (const auto& r : rows) all += r + "\n";
  EXPECT_NE(all.find(R"(201|[{"admin_action":"key.create","key_id":"app1","ok":true}])"), std::string::npos) << all;
  EXPECT_NE(all.find(R"("admin_action":"key.rotate","key_id":"app1 -> app1b","ok":true)"), std::string::npos) << all;
  EXPECT_NE(all.find(R"(200|[{"admin_action":"key.revoke","key_id":"app1b","ok":true}])"), std::string::npos) << all;
  EXPECT_NE(all.find("403|"), std::string::npos) << all;
  EXPECT_EQ(all.find(k1), std::string::npos);
  EXPECT_EQ(all.find(k2), std::string::npos);
  EXPECT_EQ(gw.sql("SELECT count(*) FROM audit WHERE content LIKE '%bwk_%' OR findings LIKE '%bwk_%'")[0], "0");

  // The same changes from the command line, on the file, are audited too.
  const std::string db = gw.db_path().string();
  int rc = 0;
  const std::string plain = bulwark::testing::run_command(
      std::string(BULWARK_BINARY) + " keys --db " + db + " create --id cli1 --tenant acme 2>/dev/null", &rc);
  ASSERT_EQ(rc, 0);
  bulwark::testing::run_command(std::string(BULWARK_BINARY) + " keys --db " + db + " revoke nobody 2>/dev/null", &rc);
  EXPECT_EQ(rc, 1);
  bulwark::testing::run_command(std::string(BULWARK_BINARY) + " incidents --db " + db + " ack inc_nope 2>/dev/null", &rc);
  EXPECT_EQ(rc, 1);
  auto cli_rows = gw.sql("SELECT key_id, route, status, decision, findings FROM audit WHERE route LIKE 'cli:%' ORDER BY id");
  ASSERT_EQ(cli_rows.size(), 3u);
  EXPECT_EQ(cli_rows[0].rfind("cli:", 0), 0u) << cli_rows[0];
  EXPECT_NE(cli_rows[0].find(R"(|cli:keys|0|admin|[{"admin_action":"key.create","ok":true,"subject":"cli1"}])"), std::string::npos) << cli_rows[0];
  EXPECT_NE(cli_rows[1].find(R"(|cli:keys|1|admin|[{"admin_action":"key.revoke","error":)"), std::string::npos) << cli_rows[1];
  EXPECT_NE(cli_rows[2].find(R"("admin_action":"incident.ack")"), std::string::npos) << cli_rows[2];
  EXPECT_EQ(gw.sql("SELECT count(*) FROM audit WHERE findings LIKE '%" + plain.substr(0, 20) + "%'")[0], "0");
}

TEST(AdminKeysTest, LimitsAndRightsChangeWithoutRotation) {
  GatewayProcess gw("admin-keys-update");
  ASSERT_EQ(gw.start("", {std::string("BULWARK_MASTER_KEY=") + kMaster}), "");
  Client client{gw};
  auto call = [&](auto&&... a) { return client.call(a...); };
  auto moderate = [&](const std::string& key) { return client.moderate(key); };

  HttpReply created = call("POST", "/admin/keys", R"({"id":"app1","tenant":"acme","rpm":100})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key = json::parse(created.body)["key"];
  ASSERT_EQ(moderate(key), 200);

  HttpReply patched = call("PATCH", "/admin/keys/app1", R"({"rpm":2,"tpm":5000,"models":["gpt-4o"]})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  json k = json::parse(patched.body);
  EXPECT_EQ(k["rpm"], 2);
  EXPECT_EQ(k["tpm"], 5000);
  EXPECT_EQ(k["models"], json::array({"gpt-4o"}));
  EXPECT_EQ(k["tenant"], "acme") << "what the body does not name stays";
  // The lower limit applies from the next request: two more fit in the minute, the third does not.
  EXPECT_EQ(moderate(key), 200);
  EXPECT_EQ(moderate(key), 200);
  EXPECT_EQ(moderate(key), 429);
  ASSERT_EQ(call("PATCH", "/admin/keys/app1", R"({"rpm":0})").status, 200);
  EXPECT_EQ(moderate(key), 200) << "rpm 0 lifts the limit";
  json listed = json::parse(call("GET", "/admin/keys", "").body)["data"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["rpm"], 0);
  EXPECT_EQ(listed[0]["tpm"], 5000);

  EXPECT_EQ(call("PATCH", "/admin/keys/app1", R"({"tenant":"other"})").status, 400) << "identity is not changed here";
  EXPECT_EQ(call("PATCH", "/admin/keys/app1", R"({"rpm":-3})").status, 400);
  EXPECT_EQ(call("PATCH", "/admin/keys/app1", R"({"tools":"search"})").status, 400);
  EXPECT_EQ(call("PATCH", "/admin/keys/app1", "{}").status, 400) << "nothing to change";
  EXPECT_EQ(call("PATCH", "/admin/keys/nobody", R"({"rpm":1})").status, 404);
  EXPECT_EQ(call("PATCH", "/admin/keys/app1", R"({"rpm":1})", key).status, 403) << "not an admin key";

  // The same from the command line, on the file.
  const std::string db = gw.db_path().string();
  const std::string bin = std::string(BULWARK_BINARY) + " keys --db " + db;
  int rc = 0;
  bulwark::testing::run_command(bin + " update app1 --rpm 7 --tools search,browse 2>/dev/null", &rc);
  EXPECT_EQ(rc, 0);
  const std::string out = bulwark::testing::run_command(bin + " list 2>/dev/null", &rc);
  EXPECT_NE(out.find("\tsearch,browse\t7\t5000\t"), std::string::npos) << out;
  bulwark::testing::run_command(bin + " update nobody --rpm 1 2>/dev/null", &rc);
  EXPECT_EQ(rc, 1);
  bulwark::testing::run_command(bin + " update app1 2>/dev/null", &rc);
  EXPECT_EQ(rc, 2) << "no change given";

  ASSERT_EQ(gw.stop(), 0);
  auto rows = gw.sql("SELECT status, findings FROM audit WHERE findings LIKE '%key.update%' ORDER BY id");
  ASSERT_GE(rows.size(), 3u);
  EXPECT_NE(rows[0].find(R"(200|[{"admin_action":"key.update","key_id":"app1","ok":true}])"), std::string::npos) << rows[0];
  EXPECT_EQ(gw.sql("SELECT count(*) FROM audit WHERE route='cli:keys' AND findings LIKE '%key.update%'")[0], "2");
}

}  // namespace
