#include <gtest/gtest.h>

#include "detect/pii/pii_scan.h"
#include "support/case_file.h"

using bulwark::testing::matched;
using bulwark::testing::scan_with;

TEST(IpAddressDetector, Cases) {
  EXPECT_GT(bulwark::testing::expect_cases("pii.ip_address", "pii_ip_address.cases"), 0);
}

// Fullwidth digits and zero-width characters fold away in the text pipeline's normalized views.
TEST(IpAddressDetector, ObfuscatedCases) {
  EXPECT_GT(bulwark::testing::expect_cases("pii.ip_address", "pii_ip_address_obfuscated.cases"), 0);
}

TEST(IpAddressDetector, PrivateRangesScoreLower) {
  const std::string text = "from 10.0.0.1 to 203.0.113.45";
  auto fs = scan_with("pii.ip_address", text);
  ASSERT_TRUE(fs.ok());
  ASSERT_EQ(fs->size(), 2u);
  EXPECT_LT((*fs)[0].score, (*fs)[1].score);
  EXPECT_EQ(matched(text, *fs), (std::vector<std::string>{"10.0.0.1", "203.0.113.45"}));
}
