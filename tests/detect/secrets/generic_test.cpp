#include <gtest/gtest.h>

#include <set>

#include "detect/secrets/confirm.h"
#include "detect/secrets/formats.h"
#include "detect/secrets/value_checks.h"
#include "support/case_file.h"

namespace {

namespace s = bulwark::detect::secrets;

TEST(SecretGeneric, Cases) { EXPECT_GT(bulwark::testing::expect_cases("secret.generic", "secret_generic.cases"), 0); }

TEST(SecretGeneric, EveryFormatHasAPositiveCase) {
  std::set<std::string> covered;
  for (const auto& c : bulwark::testing::load_cases("secret_generic.cases"))
    if (c.positive) covered.insert(c.subtype);
  for (const auto& f : s::secret_formats())
    if (f.family == s::Family::kGeneric) EXPECT_TRUE(covered.count(std::string(f.subtype))) << f.subtype;
}

TEST(SecretValueChecks, ShannonEntropy) {
  EXPECT_DOUBLE_EQ(s::shannon_entropy(""), 0.0);
  EXPECT_DOUBLE_EQ(s::shannon_entropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(s::shannon_entropy("abab"), 1.0);
  EXPECT_DOUBLE_EQ(s::shannon_entropy("abcd"), 2.0);
  EXPECT_NEAR(s::shannon_entropy("0123456789abcdef"), 4.0, 1e-9);
}

TEST(SecretValueChecks, Placeholders) {
  for (const char* p : {"changeme", "<password>", "${VAR}", "xxxx", "********", "your_api_key_here", "$DB_PASS",
                        "%APPDATA%", "{{ secret }}", "EXAMPLEKEY123", "None", "000000000"})
    EXPECT_TRUE(s::is_placeholder(p)) << p;
  for (const char* v : {"Xk9mQ2vLp7zR", "t7#Vq2!mZp9w", "f3a9c1e07b2d4e6a"}) EXPECT_FALSE(s::is_placeholder(v)) << v;
}

TEST(SecretValueChecks, GenericGates) {
  EXPECT_TRUE(s::generic_value_ok("password=", "Xk9mQ2vLp7zR", 2.5));
  EXPECT_FALSE(s::generic_value_ok("password_length=", "Xk9mQ2vLp7zR", 2.5));  // a setting
  EXPECT_FALSE(s::generic_value_ok("password=", "config.db.password", 2.5));  // a reference
  EXPECT_FALSE(s::generic_value_ok("password=", "correcthorse", 2.5));        // one class, low entropy
  EXPECT_FALSE(s::generic_value_ok("token=", "Aa1Aa1Aa1Aa1Aa1Aa1", 3.5));     // entropy below the gate
}

TEST(SecretValueChecks, Base64AndJwtHeader) {
  EXPECT_EQ(s::base64_decode("dXNlcjpwYXNz").value(), "user:pass");
  EXPECT_EQ(s::base64_decode("dXNlcjpwYXNz==").value(), "user:pass");
  EXPECT_FALSE(s::base64_decode("not base64!").has_value());
  EXPECT_TRUE(s::is_jwt_header("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"));
  EXPECT_FALSE(s::is_jwt_header("eyJ0eXAiOiJKV1QifQ"));  // {"typ":"JWT"}: no alg
  EXPECT_FALSE(s::is_jwt_header("eyJhbGciOiJIUzI1"));   // truncated JSON
}

}  // namespace
