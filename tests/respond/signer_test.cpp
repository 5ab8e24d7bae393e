// Webhook signature (HMAC-SHA256) and retry backoff.
#include "respond/signer.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace bulwark::respond
