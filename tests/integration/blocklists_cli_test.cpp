// Integration test for `bulwark blocklists` against the real binary: create, add items (text and
// regex), show, use the list through text:analyze, remove an item, delete, and the errors (no
// such list, wrong key, no server).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/gateway_process.h"

namespace {

using bulwark::testing::GatewayProcess;

constexpr const char* kMaster = "blocklists-master";

TEST(BlocklistsCliTest, CreateAddShowAnalyzeRemoveDelete) {
  GatewayProcess gw("blocklists-cli");
  ASSERT_EQ(gw.start("", {std::string("BULWARK_MASTER_KEY=") + kMaster}), "");
  auto cli = [&](const std::string& args, int* rc, const std::string& key = kMaster) {
    return bulwark::testing::run_command("BULWARK_ADMIN_KEY=" + key + " " + BULWARK_BINARY + " blocklists --server " +
                                             gw.base_url() + " " + args + " 2>&1",
                                         rc);
  };
  int rc = 0;
  std::string out = cli("create codenames --description 'project names'", &rc);
  ASSERT_EQ(rc, 0) << out;
  out = cli("add codenames falcon 'night ?owl'", &rc);
  ASSERT_EQ(rc, 0) << out;
  out = cli("add codenames --regex 'proj-[0-9]{3}'", &rc);
  ASSERT_EQ(rc, 0) << out;
  out = cli("list", &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_NE(out.find("codenames\tproject names"), std::string::npos) << out;
  out = cli("show codenames", &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_NE(out.find("\ttext\tfalcon"), std::string::npos) << out;
  EXPECT_NE(out.find("\tregex\tproj-[0-9]{3}"), std::string::npos) << out;

  // The list works in an analyze call at once.
  auto analyze = [&]() {
    return gw.curl("POST", "/contentsafety/text:analyze?api-version=2024-09-01",
                   R"({"text":"ship falcon with proj-042","blocklistNames":["codenames"]})",
                   std::string("-H 'Ocp-Apim-Subscription-Key: ") + kMaster + "' -H 'Content-Type: application/json'");
  };
  auto r = nlohmann::json::parse(analyze().body);
  EXPECT_EQ(r["blocklistsMatch"].size(), 2u) << r;

  const size_t falcon_at = out.find("\ttext\tfalcon");
  ASSERT_NE(falcon_at, std::string::npos);
  const size_t line_start = out.rfind('\n', falcon_at) == std::string::npos ? 0 : out.rfind('\n', falcon_at) + 1;
  const std::string falcon_id = out.substr(line_start, falcon_at - line_start);
  out = cli("remove codenames " + falcon_id, &rc);
  EXPECT_EQ(rc, 0) << out;
  r = nlohmann::json::parse(analyze().body);
  EXPECT_EQ(r["blocklistsMatch"].size(), 1u) << r;

  out = cli("delete codenames", &rc);
  EXPECT_EQ(rc, 0) << out;
  out = cli("show codenames", &rc);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("404"), std::string::npos) << out;
  out = cli("list", &rc, "wrong-key");
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("401"), std::string::npos) << out;
  out = bulwark::testing::run_command(std::string("BULWARK_ADMIN_KEY=x ") + BULWARK_BINARY +
                                          " blocklists --server http://127.0.0.1:1 list 2>&1",
                                      &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(out.find("cannot reach"), std::string::npos) << out;
}

}  // namespace
