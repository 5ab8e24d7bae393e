// Upstream client settings: pool and TLS keys in the config, and what UpstreamClient::check()
// accepts at start (schemes, CA file).
#include <gtest/gtest.h>

#include "gateway/config.h"
#include "gateway/upstream.h"

namespace bulwark::gateway {

TEST(GatewayUpstreamConfig, PoolAndTlsKeysAndDefaults) {
  auto d = parse_gateway_config("", "x.yaml");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->upstream.max_idle_connections, 64u);
  EXPECT_EQ(d->upstream.idle_timeout_ms, 4000u);
  EXPECT_TRUE(d->upstream.ca_file.empty());
  auto c = parse_gateway_config(
      "upstream: {url: \"https://api.example.com/v1\", ca_file: /etc/ca.pem, max_idle_connections: 3, idle_timeout_ms: 250}\n",
      "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->upstream.ca_file, "/etc/ca.pem");
  EXPECT_EQ(c->upstream.max_idle_connections, 3u);
  EXPECT_EQ(c->upstream.idle_timeout_ms, 250u);
  auto bad = parse_gateway_config("upstream: {idle_timeout: 5}\n", "x.yaml");
  EXPECT_FALSE(bad.ok());
}

TEST(GatewayUpstreamConfig, SchemesAndCaFileAreCheckedAtStart) {
  UpstreamConfig u;
  u.url = "http://127.0.0.1:9/v1";
  EXPECT_TRUE(UpstreamClient(u).check().ok());
  u.url = "https://api.example.com/v1";
  EXPECT_TRUE(UpstreamClient(u).check().ok()) << UpstreamClient(u).check().message();
  u.url = "ftp://example.com/v1";
  EXPECT_FALSE(UpstreamClient(u).check().ok());
  u.url = "https://api.example.com/v1";
  u.ca_file = "/nonexistent/ca.pem";
  Status st = UpstreamClient(u).check();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("ca_file"), std::string::npos) << st.message();
}

TEST(GatewayUpstreamConfig, ParseUrlDefaultsPortsByScheme) {
  auto a = parse_url("https://api.example.com/v1/");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->port, "443");
  EXPECT_EQ(a->base_path, "/v1");
  auto b = parse_url("http://h:8080");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->port, "8080");
  EXPECT_EQ(b->base_path, "");
  EXPECT_FALSE(parse_url("no-scheme").ok());
  // Webhook URLs go through the same parser.
  auto hook = parse_url("http://127.0.0.1:8081/hooks/bulwark");
  ASSERT_TRUE(hook.ok());
  EXPECT_EQ(hook->host, "127.0.0.1");
  EXPECT_EQ(hook->base_path, "/hooks/bulwark");
  auto v6 = parse_url("https://[::1]:9443/x");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "[::1]");
  EXPECT_EQ(v6->port, "9443");
  auto v6d = parse_url("http://[::1]/x");
  ASSERT_TRUE(v6d.ok());
  EXPECT_EQ(v6d->port, "80");
  EXPECT_FALSE(parse_url("http://:80/").ok());
  EXPECT_FALSE(parse_url("http://[::1/").ok());
  EXPECT_FALSE(parse_url("http://h:8o/").ok());
}

TEST(GatewayUpstreamConfig, UnreachableHostIsAnErrorNotACrash) {
  UpstreamConfig c;
  c.url = "http://127.0.0.1:1/hook";
  c.timeout_ms = 500;
  UpstreamClient client(c);
  ASSERT_TRUE(client.check().ok());
  auto r = client.request("POST", "", "{}", {{"X-Test", "1"}});
  EXPECT_FALSE(r.ok());
}

}  // namespace bulwark::gateway
