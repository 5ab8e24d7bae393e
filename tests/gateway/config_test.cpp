#include "gateway/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace bulwark::gateway {

TEST(GatewayConfig, EmptyFileMeansDefaults) {
  auto c = parse_gateway_config("", "x.yaml");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->listen_host, "127.0.0.1");
  EXPECT_EQ(c->listen_port, 8080);
  EXPECT_EQ(c->db_path, "var/bulwark.db");
  EXPECT_EQ(c->holdback_chars, 1000u);
  EXPECT_TRUE(c->auth_required);
}

TEST(GatewayConfig, ParsesEveryKey) {
  auto c = parse_gateway_config(R"(
listen: 0.0.0.0:9090
policy: p.yaml
upstream: {url: "http://127.0.0.1:9000/v1", api_key: k, timeout_ms: 5}
limits: {max_body_bytes: 10, max_header_bytes: 20, max_connections: 3, header_timeout_ms: 4, request_timeout_ms: 5, drain_timeout_ms: 6}
auth: {required: false}
keys:
  - id: a
    sha256: 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
    tenant: t
    models: [m1, m2]
storage: {db: /tmp/x.db}
audit: {queue_size: 7, store_content: true}
streaming: {holdback_chars: 99}
models: [extra]
)", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->listen_host, "0.0.0.0");
  EXPECT_EQ(c->listen_port, 9090);
  EXPECT_EQ(c->upstream.url, "http://127.0.0.1:9000/v1");
  EXPECT_EQ(c->limits.max_connections, 3u);
  EXPECT_EQ(c->limits.drain_timeout_ms, 6u);
  EXPECT_FALSE(c->auth_required);
  ASSERT_EQ(c->keys.size(), 1u);
  EXPECT_EQ(c->keys[0].models.size(), 2u);
  EXPECT_EQ(c->audit_queue_size, 7u);
  EXPECT_EQ(c->holdback_chars, 99u);
}

TEST(GatewayConfig, ErrorsNameFileLineAndField) {
  auto unknown = parse_gateway_config("listen: 1.2.3.4:5\nlimtis: {}\n", "g.yaml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("g.yaml:2: limtis: unknown field"), std::string::npos)
      << unknown.status().message();
  auto plain_key = parse_gateway_config("keys:\n  - id: a\n    sha256: not-a-hash\n", "g.yaml");
  ASSERT_FALSE(plain_key.ok());
  EXPECT_NE(plain_key.status().message().find("keys[0].sha256"), std::string::npos);
  EXPECT_FALSE(parse_gateway_config("listen: nope\n", "g.yaml").ok());
  EXPECT_FALSE(parse_gateway_config("limits: {max_connections: 0}\n", "g.yaml").ok());
  EXPECT_FALSE(parse_gateway_config("limits: {max_body_bytes: lots}\n", "g.yaml").ok());
  EXPECT_FALSE(parse_gateway_config("listen: [\n", "g.yaml").ok());
}

TEST(GatewayConfig, ListenSpec) {
  std::string host;
  uint16_t port = 0;
  ASSERT_TRUE(parse_listen("127.0.0.1:8081", host, port).ok());
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 8081);
  ASSERT_TRUE(parse_listen("[::1]:80", host, port).ok());
  EXPECT_EQ(host, "::1");
  ASSERT_TRUE(parse_listen(":0", host, port).ok());
  EXPECT_EQ(host, "0.0.0.0");
  EXPECT_FALSE(parse_listen("host:99999", host, port).ok());
  EXPECT_FALSE(parse_listen("host", host, port).ok());
}

TEST(GatewayConfig, EnvironmentFillsWhatTheFileLeavesEmpty) {
  setenv("BULWARK_UPSTREAM_URL", "http://env:1/v1", 1);
  setenv("BULWARK_UPSTREAM_KEY", "envkey", 1);
  setenv("BULWARK_MASTER_KEY", "mk", 1);
  GatewayConfig empty;
  apply_environment(empty);
  EXPECT_EQ(empty.upstream.url, "http://env:1/v1");
  EXPECT_EQ(empty.upstream.api_key, "envkey");
  EXPECT_EQ(empty.master_key, "mk");
  GatewayConfig file;
  file.upstream.url = "http://file:2/v1";
  apply_environment(file);
  EXPECT_EQ(file.upstream.url, "http://file:2/v1");
  unsetenv("BULWARK_UPSTREAM_URL");
  unsetenv("BULWARK_UPSTREAM_KEY");
  unsetenv("BULWARK_MASTER_KEY");
}

}  // namespace bulwark::gateway
