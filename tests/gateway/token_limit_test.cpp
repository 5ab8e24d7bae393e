#include <gtest/gtest.h>

#include "gateway/rate_limit.h"

namespace bulwark::gateway {
namespace {

using namespace std::chrono_literals;

TEST(GatewayTokenLimiter, ChargesAfterTheResponseAndRefillsContinuously) {
  TokenLimiter lim;
  const auto t0 = TokenLimiter::Clock::now();
  EXPECT_TRUE(lim.check("k", 600, t0).allowed);   // 600 per minute = 10 per second
  lim.charge("k", 600, 590, t0);
  auto v = lim.check("k", 600, t0);
  EXPECT_TRUE(v.allowed);                           // 10 left
  EXPECT_EQ(v.used, 590);
  lim.charge("k", 600, 40, t0);                     // overshoot: -30
  v = lim.check("k", 600, t0);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.retry_after_s, 4);                    // 31 tokens at 10/s
  EXPECT_EQ(v.used, 630);
  EXPECT_FALSE(lim.check("k", 600, t0 + 3s).allowed);
  EXPECT_TRUE(lim.check("k", 600, t0 + 4s).allowed);
  EXPECT_TRUE(lim.check("other", 600, t0).allowed) << "buckets are per key";
}

TEST(GatewayTokenLimiter, ZeroIsUnlimitedAndDebtIsCappedAtOneWindow) {
  TokenLimiter lim;
  const auto t0 = TokenLimiter::Clock::now();
  lim.charge("k", 0, 1'000'000, t0);
  EXPECT_TRUE(lim.check("k", 0, t0).allowed);
  lim.charge("k", 60, 1'000'000, t0);               // one huge answer
  auto v = lim.check("k", 60, t0);
  EXPECT_FALSE(v.allowed);
  EXPECT_LE(v.retry_after_s, 121);                  // at most two windows, not 1e6 seconds
  EXPECT_TRUE(lim.check("k", 60, t0 + 121s).allowed);
}

}  // namespace
}  // namespace bulwark::gateway
