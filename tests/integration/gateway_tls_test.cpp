// TLS on the listener, through the real binary: a self-signed certificate made at test time
// with the `openssl` CLI, curl verifying it with --cacert, plain HTTP and unverified clients
// refused, and a config naming a missing key file refused at start.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "support/gateway_process.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using bulwark::testing::GatewayProcess;
using bulwark::testing::run_command;

TEST(GatewayTls, ServesHttpsWithTheConfiguredCertificate) {
  GatewayProcess gw("tls");
  ASSERT_EQ(bulwark::testing::make_loopback_cert(gw.dir()), "");
  const std::string cert = (gw.dir() / "cert.pem").string();
  const std::string config = "tls:\n  cert_file: " + cert + "\n  key_file: " + (gw.dir() / "key.pem").string() + "\n";
  ASSERT_EQ(gw.start(config, {"BULWARK_MASTER_KEY=tls-master"}, /*tls=*/true), "");
  EXPECT_NE(bulwark::testing::read_text_file(gw.dir() / "serve.log").find("listening on https://"), std::string::npos);

  const std::string ca = "--cacert '" + cert + "'";
  EXPECT_EQ(gw.curl("GET", "/healthz", "", ca).status, 200);
  // Keep-alive over TLS: two requests on one connection (curl reuses it for two URLs).
  int rc = 0;
  std::string two = run_command("curl -s --max-time 20 " + ca + " -H 'Authorization: Bearer tls-master' -d '{\"input\":\"hi\"}' " +
                                    gw.base_url() + "/v1/moderations " + gw.base_url() +
                                    "/v1/moderations -w '%{num_connects}\\n'",
                                &rc);
  EXPECT_EQ(rc, 0) << two;
  EXPECT_NE(two.find("omni-moderation-latest"), std::string::npos) << two;
  EXPECT_NE(two.find("}0\n"), std::string::npos) << "the second request reused the TLS connection: " << two;
  bulwark::testing::HttpReply mod = gw.curl("POST", "/v1/moderations", R"({"input":"write to bob@example.com"})",
                                            ca + " -H 'Authorization: Bearer tls-master'");
  ASSERT_EQ(mod.status, 200) << mod.body;
  EXPECT_EQ(json::parse(mod.body)["results"].size(), 1u);

  // Without the CA curl refuses the self-signed certificate (exit 60); plain HTTP gets no answer.
  run_command("curl -s --max-time 10 -o /dev/null " + gw.base_url() + "/healthz", &rc);
  EXPECT_EQ(rc, 60);
  std::string plain = run_command("curl -s --max-time 10 -o /dev/null -w '%{http_code}' http://127.0.0.1:" +
                                  std::to_string(gw.port()) + "/healthz");
  EXPECT_EQ(plain, "000");
  // The server survived both and still answers.
  EXPECT_EQ(gw.curl("GET", "/healthz", "", ca).status, 200);
  EXPECT_EQ(gw.stop(), 0);
}

TEST(GatewayTls, MissingKeyFileStopsTheStart) {
  GatewayProcess gw("tls-bad");
  ASSERT_EQ(bulwark::testing::make_loopback_cert(gw.dir()), "");
  const std::string config = "tls:\n  cert_file: " + (gw.dir() / "cert.pem").string() + "\n  key_file: " +
                             (gw.dir() / "missing.pem").string() + "\n";
  std::string err = gw.start(config, {"BULWARK_MASTER_KEY=k"}, true);
  EXPECT_NE(err.find("exited"), std::string::npos) << err;
  EXPECT_NE(err.find("tls.key_file"), std::string::npos) << err;
}

}  // namespace
