#include <gtest/gtest.h>

#include "detect/pii/national_id_checks.h"
#include "detect/pii/pii_scan.h"
#include "support/case_file.h"

using bulwark::testing::matched;
using bulwark::testing::scan_with;

TEST(NationalIdDetector, Cases) {
  EXPECT_GT(bulwark::testing::expect_cases("pii.national_id", "pii_national_id.cases"), 0);
}

// Fullwidth digits and zero-width characters fold away in the text pipeline's normalized views.
TEST(NationalIdDetector, ObfuscatedCases) {
  EXPECT_GT(bulwark::testing::expect_cases("pii.national_id", "pii_national_id_obfuscated.cases"), 0);
}

TEST(NationalIdDetector, CheckDigitAlgorithms) {
  using namespace bulwark::detect::pii;
  EXPECT_TRUE(verhoeff_ok("2363"));  // the textbook example: 236 with check digit 3
  EXPECT_FALSE(verhoeff_ok("2364"));
  EXPECT_TRUE(es_dni_valid("12345678z"));
  EXPECT_TRUE(es_nie_valid("Z1234567R"));
  EXPECT_TRUE(nl_bsn_valid("123456782"));
  EXPECT_FALSE(nl_bsn_valid("000000000"));
  EXPECT_TRUE(br_cpf_valid("52998224725"));
  EXPECT_TRUE(se_personnummer_valid("198112189876"));
  EXPECT_TRUE(ca_sin_valid("130454283"));
  EXPECT_TRUE(cn_resident_id_valid("11010519491231002x"));
  EXPECT_TRUE(fr_nir_valid("184017645108964"));
  EXPECT_TRUE(fr_nir_valid("185022A12345682"));
  EXPECT_TRUE(uk_nino_valid("ab123456c"));
  EXPECT_FALSE(uk_nino_valid("QQ123456C"));
}

TEST(NationalIdDetector, EachSubtypeIsReportedSeparately) {
  const std::string text = "DNI 12345678Z, CPF 529.982.247-25, ID 11010519491231002X";
  auto fs = scan_with("pii.national_id", text);
  ASSERT_TRUE(fs.ok());
  std::vector<std::string> subtypes;
  for (const auto& f : *fs) subtypes.push_back(f.subtype);
  EXPECT_EQ(subtypes, (std::vector<std::string>{"es_dni", "br_cpf", "cn_resident_id"}));
  EXPECT_EQ(matched(text, *fs),
            (std::vector<std::string>{"12345678Z", "529.982.247-25", "11010519491231002X"}));
}
