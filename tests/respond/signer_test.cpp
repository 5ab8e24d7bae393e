// Webhook signature (HMAC-SHA256) and retry backoff.
#include "respond/signer.h"

#include <gtest/gtest.h>

#include "respond/http_post.h"

namespace bulwark::respond {
namespace {

TEST(RespondSigner, HmacMatchesRfc4231) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(RespondSigner, SignatureCoversTimestampAndBody) {
  const std::string body = R"({"event":"incident.opened"})";
  const std::string sig = webhook_signature("secret", 1700000000, body);
  EXPECT_EQ(sig, "v1=" + hmac_sha256_hex("secret", "1700000000." + body));
  EXPECT_NE(sig, webhook_signature("secret", 1700000001, body));
  EXPECT_NE(sig, webhook_signature("other", 1700000000, body));
  EXPECT_NE(sig, webhook_signature("secret", 1700000000, body + " "));
}

TEST(RespondSigner, BackoffDoublesAndIsCapped) {
  EXPECT_EQ(backoff_delay_ms(0, 1000, 60000), 0u);
  EXPECT_EQ(backoff_delay_ms(1, 1000, 60000), 1000u);
  EXPECT_EQ(backoff_delay_ms(2, 1000, 60000), 2000u);
  EXPECT_EQ(backoff_delay_ms(3, 1000, 60000), 4000u);
  EXPECT_EQ(backoff_delay_ms(7, 1000, 60000), 60000u);
  EXPECT_EQ(backoff_delay_ms(1000000, 1000, 60000), 60000u);   // no overflow
  EXPECT_EQ(backoff_delay_ms(5, 4000000000u, 4294967295u), 4294967295u);
}

TEST(RespondSigner, ParsesWebhookUrls) {
  auto t = parse_http_url("http://127.0.0.1:8081/hooks/bulwark");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->host, "127.0.0.1");
  EXPECT_EQ(t->port, "8081");
  EXPECT_EQ(t->path, "/hooks/bulwark");
  auto d = parse_http_url("http://alerts.internal");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->port, "80");
  EXPECT_EQ(d->path, "/");
  auto v6 = parse_http_url("http://[::1]:9/x");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_FALSE(parse_http_url("https://x/").ok());
  EXPECT_FALSE(parse_http_url("http://:80/").ok());
}

TEST(RespondSigner, UnreachableReceiverIsAnErrorNotACrash) {
  auto t = parse_http_url("http://127.0.0.1:1/x");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(http_post(*t, {}, "{}", 500).ok());
}

}  // namespace
}  // namespace bulwark::respond
