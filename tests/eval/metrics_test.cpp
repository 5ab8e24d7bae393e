#include "eval/metrics.h"

#include <gtest/gtest.h>

namespace bulwark::eval {
namespace {

TEST(EvalMetrics, ConfusionRatios) {
  Confusion c;
  for (int i = 0; i < 8; ++i) c.add(true, true);    // tp 8
  for (int i = 0; i < 2; ++i) c.add(true, false);   // fn 2
  for (int i = 0; i < 1; ++i) c.add(false, true);   // fp 1
  for (int i = 0; i < 9; ++i) c.add(false, false);  // tn 9
  EXPECT_EQ(c.n(), 20u);
  EXPECT_DOUBLE_EQ(*c.precision(), 8.0 / 9.0);
  EXPECT_DOUBLE_EQ(*c.recall(), 0.8);
  EXPECT_DOUBLE_EQ(*c.fpr(), 0.1);
  EXPECT_DOUBLE_EQ(*c.accuracy(), 17.0 / 20.0);
  const double p = 8.0 / 9.0, r = 0.8;
  EXPECT_DOUBLE_EQ(*c.f1(), 2 * p * r / (p + r));
}

TEST(EvalMetrics, UndefinedMetricsAreNullopt) {
  Confusion benign_only;
  benign_only.add(false, false);
  benign_only.add(false, false);
  EXPECT_FALSE(benign_only.precision());  // nothing flagged
  EXPECT_FALSE(benign_only.recall());     // no positives
  EXPECT_FALSE(benign_only.f1());
  EXPECT_DOUBLE_EQ(*benign_only.fpr(), 0.0);
  EXPECT_DOUBLE_EQ(*benign_only.accuracy(), 1.0);

  Confusion attacks_only;
  attacks_only.add(true, false);
  EXPECT_FALSE(attacks_only.fpr());
  EXPECT_FALSE(attacks_only.precision());
  EXPECT_DOUBLE_EQ(*attacks_only.recall(), 0.0);
  EXPECT_FALSE(attacks_only.f1());  // precision undefined, recall 0

  EXPECT_FALSE(Confusion{}.accuracy());

  Confusion benign_with_fp;  // flagged something, but there is nothing to be precise about
  benign_with_fp.add(false, true);
  benign_with_fp.add(false, false);
  EXPECT_FALSE(benign_with_fp.precision());
  EXPECT_DOUBLE_EQ(*benign_with_fp.fpr(), 0.5);
}

TEST(EvalMetrics, AuprcOfPerfectAndMixedRankings) {
  EXPECT_DOUBLE_EQ(*auprc({0.9, 0.8, 0.2, 0.1}, {true, true, false, false}), 1.0);
  // Ranked: + - + -  -> AP = 0.5 * 1 + 0.5 * 2/3.
  EXPECT_DOUBLE_EQ(*auprc({0.9, 0.8, 0.7, 0.6}, {true, false, true, false}), 0.5 + 0.5 * 2.0 / 3.0);
  // Worst ranking: positives last.
  EXPECT_DOUBLE_EQ(*auprc({0.1, 0.9}, {true, false}), 0.5);
}

TEST(EvalMetrics, AuprcTiesAreOneThreshold) {
  // The tie at 0.5 is one threshold: recall 1, precision 1/2.
  EXPECT_DOUBLE_EQ(*auprc({0.5, 0.5, 0.1}, {true, false, false}), 0.5);
  EXPECT_DOUBLE_EQ(*auprc({0.5, 0.5, 0.1}, {false, true, false}), 0.5);
}

TEST(EvalMetrics, AuprcUndefinedWithoutPositivesOrScores) {
  EXPECT_FALSE(auprc({0.9, 0.1}, {false, false}));
  EXPECT_FALSE(auprc({0.0, 0.0, 0.0}, {true, false, true}));  // no detector scored anything
  EXPECT_FALSE(auprc({}, {}));
}

TEST(EvalMetrics, NearestRankPercentile) {
  std::vector<double> v;
  for (int i = 100; i >= 1; --i) v.push_back(i);
  EXPECT_DOUBLE_EQ(*percentile(v, 50), 50);
  EXPECT_DOUBLE_EQ(*percentile(v, 99), 99);
  EXPECT_DOUBLE_EQ(*percentile(v, 100), 100);
  EXPECT_DOUBLE_EQ(*percentile(v, 0), 1);
  EXPECT_DOUBLE_EQ(*percentile({7}, 99), 7);
  EXPECT_FALSE(percentile({}, 50));
}

}  // namespace
}  // namespace bulwark::eval
