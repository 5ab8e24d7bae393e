#include "detect/pii/iban.h"

#include <gtest/gtest.h>

#include "detect/pii/pii_scan.h"
#include "support/case_file.h"

using bulwark::testing::matched;
using bulwark::testing::scan_with;

TEST(IbanDetector, Cases) { EXPECT_GT(bulwark::testing::expect_cases("pii.iban", "pii_iban.cases"), 0); }

// Fullwidth digits and zero-width characters fold away in the text pipeline's normalized views.
TEST(IbanDetector, ObfuscatedCases) {
  EXPECT_GT(bulwark::testing::expect_cases("pii.iban", "pii_iban_obfuscated.cases"), 0);
}

TEST(IbanDetector, LengthTableAndMod97) {
  using bulwark::detect::iban_length;
  using bulwark::detect::iban_valid;
  EXPECT_EQ(iban_length("DE"), 22);
  EXPECT_EQ(iban_length("NO"), 15);
  EXPECT_EQ(iban_length("LC"), 32);
  EXPECT_EQ(iban_length("US"), 0);
  EXPECT_TRUE(iban_valid("GB82WEST12345698765432"));
  EXPECT_TRUE(iban_valid("gb82west12345698765432"));
  EXPECT_FALSE(iban_valid("GB82WEST12345698765433"));
  EXPECT_FALSE(iban_valid("GB82WEST1234569876543"));
}

TEST(IbanDetector, SpacedSpanEndsAtTheLastGroup) {
  const std::string text = "IBAN: DE89 3704 0044 0532 0130 00 (Commerzbank)";
  auto fs = scan_with("pii.iban", text);
  ASSERT_TRUE(fs.ok());
  EXPECT_EQ(matched(text, *fs), (std::vector<std::string>{"DE89 3704 0044 0532 0130 00"}));
}
