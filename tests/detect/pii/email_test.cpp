#include <gtest/gtest.h>

#include "detect/pii/pii_scan.h"
#include "support/case_file.h"

using bulwark::testing::matched;
using bulwark::testing::scan_with;

TEST(EmailDetector, Cases) { EXPECT_GT(bulwark::testing::expect_cases("pii.email", "pii_email.cases"), 0); }

// Fullwidth letters and zero-width characters fold away in the text pipeline's normalized views.
TEST(EmailDetector, ObfuscatedCases) {
  EXPECT_GT(bulwark::testing::expect_cases("pii.email", "pii_email_obfuscated.cases"), 0);
}

TEST(EmailDetector, SpanExcludesSurroundingPunctuation) {
  const std::string text = "config: email='ann.lee@example.org'; cc ?to=bob@example.net.";
  auto fs = scan_with("pii.email", text);
  ASSERT_TRUE(fs.ok());
  EXPECT_EQ(matched(text, *fs), (std::vector<std::string>{"ann.lee@example.org", "bob@example.net"}));
  for (const auto& f : *fs) {
    EXPECT_EQ(f.category, "pii");
    EXPECT_EQ(f.evidence.find("example"), std::string::npos) << "evidence must be masked: " << f.evidence;
  }
}
