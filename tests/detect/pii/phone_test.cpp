#include <gtest/gtest.h>

#include "detect/pii/pii_scan.h"
#include "support/case_file.h"

using bulwark::testing::matched;
using bulwark::testing::scan_with;

TEST(PhoneDetector, Cases) { EXPECT_GT(bulwark::testing::expect_cases("pii.phone", "pii_phone.cases"), 0); }

// Fullwidth digits and zero-width characters fold away in the text pipeline's normalized views.
TEST(PhoneDetector, ObfuscatedCases) {
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

// Verdicts are cached per thread: a repeated scan must report exactly what the first did, and
// a different number must not be answered from another number's slot.
TEST(PhoneDetector, CachedVerdictsMatchFreshOnes) {
  bulwark::Policy policy = bulwark::Policy::defaults();
  policy.use_default_detectors = false;
  policy.detectors = {{"pii.phone", true, bulwark::all_roles(), {}}};
  auto engine = bulwark::Engine::compile(policy);
  ASSERT_TRUE(engine.ok());
  auto scratch = (*engine)->new_scratch();
  const std::string a = "call +1 415 555 0132 or (650) 253-0000";
  const std::string b = "call +1 415 555 0133 or 650-253-0001 order 4155550132";
  std::vector<std::vector<std::string>> seen;
  for (int round = 0; round < 3; ++round) {
    for (const std::string* t : {&a, &b}) {
      auto r = (*engine)->scan({*t, bulwark::Role::kUser}, *scratch);
      ASSERT_TRUE(r.ok());
      seen.push_back(matched(*t, r->findings));
    }
  }
  EXPECT_EQ(seen[0], (std::vector<std::string>{"+1 415 555 0132", "(650) 253-0000"}));
  EXPECT_EQ(seen[1], (std::vector<std::string>{"+1 415 555 0133", "650-253-0001"}));
  for (size_t i = 2; i < seen.size(); ++i) EXPECT_EQ(seen[i], seen[i % 2]) << "round " << i / 2;
}
