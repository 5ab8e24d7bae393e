#include "detect/pii/credit_card.h"

#include <gtest/gtest.h>

#include "detect/pii/pii_scan.h"
#include "support/case_file.h"

using bulwark::testing::matched;
using bulwark::testing::scan_with;

TEST(CreditCardDetector, Cases) {
  EXPECT_GT(bulwark::testing::expect_cases("pii.credit_card", "pii_credit_card.cases"), 0);
}

// Fullwidth digits and zero-width characters fold away in the text pipeline's normalized views.
TEST(CreditCardDetector, ObfuscatedCases) {
  EXPECT_GT(bulwark::testing::expect_cases("pii.credit_card", "pii_credit_card_obfuscated.cases"), 0);
}

TEST(CreditCardDetector, BrandTable) {
  using bulwark::detect::card_brand;
  EXPECT_EQ(card_brand("4111111111111111"), "visa");
  EXPECT_EQ(card_brand("5555555555554444"), "mastercard");
  EXPECT_EQ(card_brand("2223003122003222"), "mastercard");
  EXPECT_EQ(card_brand("2721003122003222"), "");  // past the 2-series range
  EXPECT_EQ(card_brand("378282246310005"), "amex");
  EXPECT_EQ(card_brand("6011111111111117"), "discover");
  EXPECT_EQ(card_brand("3530111333300000"), "jcb");
  EXPECT_EQ(card_brand("30569309025904"), "diners");
  EXPECT_EQ(card_brand("6200000000000005"), "unionpay");
  EXPECT_EQ(card_brand("411111111111"), "");  // too short for any brand
}

TEST(CreditCardDetector, SpanCoversTheGroupedNumberOnly) {
  const std::string text = "ref 12 4111 1111 1111 1111 thanks";
  auto fs = scan_with("pii.credit_card", text);
  ASSERT_TRUE(fs.ok());
  EXPECT_EQ(matched(text, *fs), (std::vector<std::string>{"4111 1111 1111 1111"}));
}
