#include "detect/pii/patterns.h"

#include <gtest/gtest.h>
#include <hs/hs.h>

#include <map>
#include <regex>
#include <set>
#include <string>

TEST(PiiPatterns, EveryPatternCompilesWithStdRegex) {
  const auto& patterns = bulwark::detect::pii_patterns();
  ASSERT_FALSE(patterns.empty());
  std::set<std::string> ids;
  for (const auto& p : patterns) {
    EXPECT_TRUE(ids.insert(p.id).second) << "duplicate id " << p.id;
    auto flags = std::regex::ECMAScript;
    if (p.caseless) flags |= std::regex::icase;
    EXPECT_NO_THROW(std::regex(p.regex, flags)) << p.id << ": " << p.regex;
  }
}

// The same syntax must also suit Hyperscan (no back-references, no look-around), with
// start-of-match so that spans can be reported.
TEST(PiiPatterns, EveryPatternCompilesWithHyperscan) {
  for (const auto& p : bulwark::detect::pii_patterns()) {
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    unsigned flags = HS_FLAG_SOM_LEFTMOST | (p.caseless ? HS_FLAG_CASELESS : 0u);
    if (hs_compile(p.regex.c_str(), flags, HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
      ADD_FAILURE() << p.id << ": " << err->message;
      hs_free_compile_error(err);
      continue;
    }
    hs_free_database(db);
  }
}

// The candidate shapes must cover what the scanners report.
TEST(PiiPatterns, ShapesMatchTypicalValues) {
  const std::map<std::string, std::string> samples = {
      {"email", "ann@example.org"},
      {"credit_card", "4111 1111 1111 1111"},
      {"iban", "DE89 3704 0044 0532 0130 00"},
      {"us_ssn", "123-45-6789"},
      {"ipv4", "203.0.113.45"},
      {"ipv6", "2606:4700:4700::1111"},
      {"uk_nino", "AB 12 34 56 C"},
      {"br_cpf", "529.982.247-25"},
      {"cn_resident_id", "11010519491231002X"},
      {"fr_nir", "1 84 01 76 451 089 64"},
  };
  for (const auto& p : bulwark::detect::pii_patterns()) {
    auto it = samples.find(p.id);
    if (it == samples.end()) continue;
    auto flags = std::regex::ECMAScript;
    if (p.caseless) flags |= std::regex::icase;
    EXPECT_TRUE(std::regex_search(it->second, std::regex(p.regex, flags))) << p.id;
  }
}
