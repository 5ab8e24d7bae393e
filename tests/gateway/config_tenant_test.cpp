// Config keys for per-key token limits, per-tenant/app policies and audit content.
#include <gtest/gtest.h>

#include "gateway/config.h"

namespace bulwark::gateway {
namespace {

constexpr const char* kHash = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

TEST(GatewayConfigTenant, ParsesTpmPoliciesAndStoreContent) {
  auto c = parse_gateway_config(std::string("keys:\n  - id: a\n    sha256: ") + kHash + R"(
    tpm: 30000
audit: {store_content: redacted}
policies:
  - {tenant: acme, policy: a.yaml}
  - {tenant: acme, app: bot, policy: b.yaml, holdback_chars: 200}
  - {app: batch, policy: c.yaml}
)", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->keys[0].tpm, 30000u);
  EXPECT_TRUE(c->audit_store_content);
  ASSERT_EQ(c->policies.size(), 3u);
  EXPECT_EQ(c->policies[1].tenant, "acme");
  EXPECT_EQ(c->policies[1].app, "bot");
  EXPECT_EQ(c->policies[1].policy_file, "b.yaml");
  EXPECT_EQ(c->policies[1].holdback_chars, 200u);
  EXPECT_EQ(c->policies[0].holdback_chars, 0u);   // the global window
  EXPECT_FALSE(parse_gateway_config("audit: {store_content: off}", "x")->audit_store_content);
}

TEST(GatewayConfigTenant, RejectsBadPolicyBindings) {
  auto msg = [](const std::string& yaml) {
    auto c = parse_gateway_config(yaml, "x.yaml");
    return c.ok() ? std::string("ok") : c.status().message();
  };
  EXPECT_NE(msg("policies:\n  - {policy: a.yaml}\n").find("names neither tenant nor app"), std::string::npos);
  EXPECT_NE(msg("policies:\n  - {tenant: t}\n").find("policies[0].policy: missing"), std::string::npos);
  EXPECT_NE(msg("policies:\n  - {tenant: t, policy: a}\n  - {tenant: t, policy: b}\n").find("already configured"),
            std::string::npos);
  EXPECT_NE(msg("policies:\n  - {tenant: t, policy: a, holdback_chars: 0}\n").find("at least 1"), std::string::npos);
  EXPECT_NE(msg("policies:\n  - {tenant: t, policy: a, fail: open}\n").find("unknown field"), std::string::npos);
  EXPECT_NE(msg("audit: {store_content: plain}\n").find("expected off or redacted"), std::string::npos);
  EXPECT_NE(msg("policies: {tenant: t}\n").find("expected a list"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::gateway
