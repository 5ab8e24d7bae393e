#include "detect/pii/us_ssn.h"

#include <gtest/gtest.h>

#include "detect/pii/pii_scan.h"
#include "support/case_file.h"

using bulwark::testing::matched;
using bulwark::testing::scan_with;

TEST(UsSsnDetector, Cases) { EXPECT_GT(bulwark::testing::expect_cases("pii.us_ssn", "pii_us_ssn.cases"), 0); }

// Fullwidth digits and zero-width characters fold away in the text pipeline's normalized views.
TEST(UsSsnDetector, ObfuscatedCases) {
  EXPECT_GT(bulwark::testing::expect_cases("pii.us_ssn", "pii_us_ssn_obfuscated.cases"), 0);
}

TEST(UsSsnDetector, Validator) {
  using bulwark::detect::ssn_valid;
  EXPECT_TRUE(ssn_valid("123456789"));
  EXPECT_TRUE(ssn_valid("899991234"));
  EXPECT_FALSE(ssn_valid("000123456"));
  EXPECT_FALSE(ssn_valid("666123456"));
  EXPECT_FALSE(ssn_valid("900123456"));
  EXPECT_FALSE(ssn_valid("123001234"));
  EXPECT_FALSE(ssn_valid("123450000"));
  EXPECT_FALSE(ssn_valid("12345678"));
}
