#include "eval/robustness.h"

#include <gtest/gtest.h>

namespace bulwark::eval {
namespace {

using model::Transform;

TEST(EvalRobustness, RatioIsObfuscatedOverPlainPooledAndPerDataset) {
  Robustness r;
  EXPECT_TRUE(r.to_json().empty()) << "nothing measured yet";
  EXPECT_TRUE(r.to_table().empty()) << "no table without figures";
  // a: 4 attacks, 3 caught plain, 2 caught as base64; b: 2 attacks, both caught both ways.
  r.add("a", Task::kInjection, Transform::kBase64, true, true);
  r.add("a", Task::kInjection, Transform::kBase64, true, false);
  r.add("a", Task::kInjection, Transform::kBase64, true, true);
  r.add("a", Task::kInjection, Transform::kBase64, false, false);
  r.add("b", Task::kInjection, Transform::kBase64, true, true);
  r.add("b", Task::kInjection, Transform::kBase64, true, true);
  r.add("b", Task::kInjection, Transform::kSpacing, false, true);   // only caught once obfuscated: no plain rate
  const auto j = r.to_json();
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["transform"], "base64");
  EXPECT_EQ(j[0]["n"], 6);
  EXPECT_EQ(j[0]["plain_flagged"], 5);
  EXPECT_EQ(j[0]["flagged"], 4);
  EXPECT_DOUBLE_EQ(j[0]["ratio"].get<double>(), 0.8);
  ASSERT_EQ(j[0]["datasets"].size(), 2u);
  EXPECT_EQ(j[0]["datasets"][0]["name"], "a");
  EXPECT_EQ(j[0]["datasets"][0]["task"], "injection");
  EXPECT_NEAR(j[0]["datasets"][0]["ratio"].get<double>(), 2.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(j[0]["datasets"][1]["ratio"].get<double>(), 1.0);
  EXPECT_EQ(j[1]["transform"], "spacing");
  EXPECT_TRUE(j[1]["ratio"].is_null()) << "undefined without a plain detection";
  const std::string t = r.to_table();
  EXPECT_NE(t.find("base64"), std::string::npos);
  EXPECT_NE(t.find("0.800"), std::string::npos) << t;
  EXPECT_NE(t.find("a/injection 0.667"), std::string::npos) << t;
  EXPECT_NE(t.find("spacing"), std::string::npos);
}

// Over negative records the counts are false positives; each entry also gives both rates.
TEST(EvalRobustness, NegativeRecordsReportTheFlaggedRatePlainAndObfuscated) {
  Robustness r(Robustness::Records::kNegative);
  // 4 benign prompts: none flagged plain, 1 flagged once letter-spaced.
  for (int i = 0; i < 4; ++i) r.add("b", Task::kBenign, Transform::kSpacing, false, i == 0);
  const auto j = r.to_json();
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["n"], 4);
  EXPECT_EQ(j[0]["plain_flagged"], 0);
  EXPECT_EQ(j[0]["flagged"], 1);
  EXPECT_DOUBLE_EQ(j[0]["fpr_plain"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(j[0]["fpr"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(j[0]["datasets"][0]["fpr"].get<double>(), 0.25);
  const std::string t = r.to_table();
  EXPECT_NE(t.find("false positives once obfuscated"), std::string::npos) << t;
  EXPECT_NE(t.find("0.000 -> 0.250"), std::string::npos) << t;
  EXPECT_NE(t.find("b/benign 0.000 -> 0.250"), std::string::npos) << t;
  Robustness positives;
  positives.add("b", Task::kBenign, Transform::kSpacing, false, true);
  EXPECT_FALSE(positives.to_json()[0].contains("fpr")) << "attack and harmful records give the ratio only";
}

}  // namespace
}  // namespace bulwark::eval
