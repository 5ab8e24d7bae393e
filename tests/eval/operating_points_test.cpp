#include "eval/operating_points.h"

#include <gtest/gtest.h>

namespace bulwark::eval {
namespace {

// 100 negatives scoring 0.00 .. 0.99 and positives around them: at 5% the five highest negatives
// (0.95 .. 0.99) may be flagged, so the threshold is the sixth (0.94) and a positive must beat it.
TEST(OperatingPoints, RecallAtTheScoreThatKeepsTheFalsePositiveRate) {
  std::vector<double> neg;
  for (int i = 0; i < 100; ++i) neg.push_back(i / 100.0);
  const std::vector<double> pos = {0.999, 0.96, 0.945, 0.94, 0.5, 0.1};
  auto p = operating_point(pos, neg, 0.05);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->score, 0.94);
  EXPECT_DOUBLE_EQ(p->recall, 3.0 / 6.0);  // a tie with the threshold is not flagged
  p = operating_point(pos, neg, 0.01);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->score, 0.98);
  EXPECT_DOUBLE_EQ(p->recall, 1.0 / 6.0);
  // Too few negatives to measure 0.5%, no positives: no point.
  EXPECT_FALSE(operating_point(pos, neg, 0.005));
  EXPECT_FALSE(operating_point({}, neg, 0.05));
  // Every negative scoring 0 (no detector fired on any): positives need a score above 0.
  EXPECT_DOUBLE_EQ(operating_point({0.0, 0.2}, std::vector<double>(20, 0.0), 0.05)->recall, 0.5);
}

// Benign records are negatives of the user-role tasks, judged from their scan; indirect has only
// its own negatives, and a task without positives reports nothing.
TEST(OperatingPoints, BenignRecordsAreNegativesOfTheUserRoleTasks) {
  OperatingPoints op;
  ScanResult r;
  r.below_threshold = {{"model.prompt_attack", "prompt_attack", 0.3}, {"model.harm", "harm/hate", 0.2}};
  for (int i = 0; i < 20; ++i) op.add_benign(r, Action::kBlock);
  op.add(Task::kInjection, true, 0.4);
  op.add(Task::kInjection, true, 0.25);
  op.add(Task::kIndirect, false, 0.1);
  const auto j = op.to_json();
  ASSERT_EQ(j.size(), 1u) << j.dump();
  EXPECT_EQ(j[0]["task"], "injection");
  EXPECT_EQ(j[0]["positives"], 2);
  EXPECT_EQ(j[0]["negatives"], 20);
  ASSERT_EQ(j[0]["points"].size(), std::size(kOperatingFprs));
  EXPECT_TRUE(j[0]["points"][0].is_null());  // 0.5% needs 200 negatives
  EXPECT_DOUBLE_EQ(j[0]["points"][3]["fpr"].get<double>(), 0.05);
  EXPECT_DOUBLE_EQ(j[0]["points"][3]["recall"].get<double>(), 0.5);  // 0.4 beats the benign 0.3, 0.25 does not
  EXPECT_NE(op.to_table().find("injection"), std::string::npos);
  EXPECT_EQ(OperatingPoints().to_table(), "");
}

}  // namespace
}  // namespace bulwark::eval
