// The audit: section's durability and retention keys.
#include <gtest/gtest.h>

#include "gateway/config.h"

namespace bulwark::gateway {

TEST(GatewayConfigAudit, DurableNormalKeepForeverByDefault) {
  auto c = parse_gateway_config("", "x.yaml");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->audit_durable);
  EXPECT_FALSE(c->audit_synchronous_full);
  EXPECT_EQ(c->audit_retention_days, 0);
}

TEST(GatewayConfigAudit, ParsesDurableSynchronousRetention) {
  auto c = parse_gateway_config("audit: {durable: false, synchronous: full, retention_days: 90}\n", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_FALSE(c->audit_durable);
  EXPECT_TRUE(c->audit_synchronous_full);
  EXPECT_EQ(c->audit_retention_days, 90);
  auto n = parse_gateway_config("audit: {synchronous: normal}\n", "x.yaml");
  ASSERT_TRUE(n.ok());
  EXPECT_FALSE(n->audit_synchronous_full);
}

TEST(GatewayConfigAudit, RejectsBadValuesWithFieldAndLine) {
  auto sync = parse_gateway_config("audit:\n  synchronous: off\n", "g.yaml");
  ASSERT_FALSE(sync.ok());
  EXPECT_NE(sync.status().message().find("g.yaml:2: audit.synchronous"), std::string::npos) << sync.status().message();
  auto days = parse_gateway_config("audit:\n  retention_days: -3\n", "g.yaml");
  ASSERT_FALSE(days.ok());
  EXPECT_NE(days.status().message().find("audit.retention_days"), std::string::npos);
  EXPECT_FALSE(parse_gateway_config("audit: {retention_days: soon}\n", "g.yaml").ok());
  EXPECT_FALSE(parse_gateway_config("audit: {durable: maybe}\n", "g.yaml").ok());
}

}  // namespace bulwark::gateway
