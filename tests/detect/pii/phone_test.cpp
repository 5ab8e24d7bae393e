#include <gtest/gtest.h>

#include "detect/pii/pii_scan.h"
#include "support/case_file.h"

using bulwark::testing::matched;
using bulwark::testing::scan_with;

TEST(PhoneDetector, Cases) { EXPECT_GT(bulwark::testing::expect_cases("pii.phone", "pii_phone.cases"), 0); }

// Fullwidth digits and zero-width characters fold away only in the real text pipeline; the
// stub pipeline of this branch lower-cases ASCII and nothing else.
TEST(PhoneDetector, DISABLED_ObfuscatedCases) {
  EXPECT_GT(bulwark::testing::expect_cases("pii.phone", "pii_phone_obfuscated.cases"), 0);
}

TEST(PhoneDetector, RegionsParamDecidesNationalNumbers) {
  const std::string text = "ring 020 7946 0958 or +1 415 555 0132";
  auto us = scan_with("pii.phone", text);
  ASSERT_TRUE(us.ok());
  EXPECT_EQ(matched(text, *us), (std::vector<std::string>{"+1 415 555 0132"}));
  auto gb = scan_with("pii.phone", text, {{"regions", "us, gb"}});
  ASSERT_TRUE(gb.ok());
  EXPECT_EQ(matched(text, *gb), (std::vector<std::string>{"020 7946 0958", "+1 415 555 0132"}));
}

TEST(PhoneDetector, UnknownRegionIsAPolicyError) {
  auto r = scan_with("pii.phone", "x", {{"regions", "US,XX"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), bulwark::StatusCode::kInvalidPolicy);
  EXPECT_NE(r.status().message().find("XX"), std::string::npos);
  EXPECT_FALSE(scan_with("pii.phone", "x", {{"regions", " , "}}).ok());
}
