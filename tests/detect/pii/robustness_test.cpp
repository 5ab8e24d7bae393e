// Random text built from the characters the PII scanners react to (digits, separators,
// letters, '@', ':', '+', '#', invisible and fullwidth characters) must never crash a scanner
// or produce a span outside the input. Run under ASan/UBSan in the sanitizer build.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "bulwark/engine.h"

TEST(PiiFamily, RandomInputNeverCrashes) {
  bulwark::Policy policy = bulwark::Policy::defaults();
  policy.use_default_detectors = false;
  policy.detectors.clear();
  for (const char* id : {"pii.email", "pii.phone", "pii.credit_card", "pii.iban", "pii.us_ssn",
                         "pii.ip_address", "pii.national_id"})
    policy.detectors.push_back({id, true, bulwark::all_roles(), {}});
  policy.detectors[1].params = {{"regions", "US,GB,DE"}};  // pii.phone
  auto engine = bulwark::Engine::compile(policy);
  ASSERT_TRUE(engine.ok()) << engine.status().to_string();
  auto scratch = (*engine)->new_scratch();

  static const char* kPieces[] = {"0",
                                  "1",
                                  "4",
                                  "9",
                                  " ",
                                  "-",
                                  ".",
                                  ":",
                                  "::",
                                  "+",
                                  "(",
                                  ")",
                                  "/",
                                  "@",
                                  "#",
                                  "a",
                                  "X",
                                  "de",
                                  "GB",
                                  "ssn ",
                                  "cpf ",
                                  "\xEF\xBC\x91",
                                  "\xE2\x80\x8B",
                                  "\xC3\xA9",
                                  "\n"};
  std::mt19937 rng(12345);
  std::uniform_int_distribution<size_t> piece(0, sizeof kPieces / sizeof kPieces[0] - 1);
  std::uniform_int_distribution<int> len(0, 120);
  for (int round = 0; round < 1500; ++round) {
    std::string text;
    for (int k = len(rng); k > 0; --k) text += kPieces[piece(rng)];
    auto r = (*engine)->scan({text, bulwark::Role::kUser}, *scratch);
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    for (const auto& f : r->findings) {
      EXPECT_LE(f.span.byte_begin, f.span.byte_end);
      EXPECT_LE(f.span.byte_end, text.size());
      EXPECT_EQ(f.category, "pii");
    }
  }
}
