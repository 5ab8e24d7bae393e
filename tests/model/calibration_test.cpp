#include "model/calibration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace bulwark::model {
namespace {

TEST(ModelCalibration, PlattIsMonotoneAndFitsOverconfidentScores) {
  // Raw scores that are right 80% of the time but always claim 0.99 / 0.01.
  std::vector<double> raw;
  std::vector<int> y;
  std::mt19937 rng(1);
  for (int i = 0; i < 1000; ++i) {
    int label = i % 2;
    bool right = (rng() % 10) < 8;
    raw.push_back(logit((label == 1) == right ? 0.99 : 0.01));
    y.push_back(label);
  }
  Platt p = fit_platt(raw, y);
  EXPECT_GT(p.a, 0);
  EXPECT_NEAR(p.apply(logit(0.99)), 0.8, 0.05);
  EXPECT_NEAR(p.apply(logit(0.01)), 0.2, 0.05);
  EXPECT_LT(p.apply(logit(0.3)), p.apply(logit(0.7)));
}

TEST(ModelCalibration, PlattSurvivesSeparableAndDegenerateData) {
  Platt sep = fit_platt({-13.8, -13.8, 13.8, 13.8}, {0, 0, 1, 1});
  EXPECT_TRUE(std::isfinite(sep.a) && std::isfinite(sep.b));
  EXPECT_GT(sep.apply(13.8), sep.apply(-13.8));
  Platt one_class = fit_platt({0.2, 0.7}, {1, 1});
  EXPECT_DOUBLE_EQ(one_class.a, 1.0);
  EXPECT_DOUBLE_EQ(one_class.b, 0.0);
}

TEST(ModelCalibration, ThresholdKeepsFprUnderTarget) {
  std::vector<double> neg;
  for (int i = 0; i < 1000; ++i) neg.push_back(i / 1000.0);
  double t = threshold_for_fpr(neg, 0.01);
  size_t above = 0;
  for (double s : neg) above += s >= t;
  EXPECT_LE(above, 10u);
  EXPECT_GE(above, 9u);
  EXPECT_DOUBLE_EQ(threshold_for_fpr({}, 0.01), 0.5);
}

TEST(ModelCalibration, ConfusionAndAuprc) {
  std::vector<double> s = {0.9, 0.8, 0.3, 0.2};
  std::vector<int> y = {1, 0, 1, 0};
  Metrics m = confusion(s, y, 0.5);
  EXPECT_EQ(m.tp, 1u);
  EXPECT_EQ(m.fp, 1u);
  EXPECT_EQ(m.fn, 1u);
  EXPECT_EQ(m.tn, 1u);
  EXPECT_DOUBLE_EQ(m.precision(), 0.5);
  EXPECT_DOUBLE_EQ(m.recall(), 0.5);
  EXPECT_DOUBLE_EQ(m.fpr(), 0.5);
  // AP = (1/1 + 2/3) / 2
  EXPECT_NEAR(auprc(s, y), (1.0 + 2.0 / 3.0) / 2.0, 1e-12);
  EXPECT_TRUE(std::isnan(auprc({0.1}, {0})));
  EXPECT_TRUE(std::isnan(confusion({0.1}, {0}, 0.5).recall()));
}

}  // namespace
}  // namespace bulwark::model
