#include "eval/task.h"

#include <gtest/gtest.h>

namespace bulwark::eval {
namespace {

Finding finding(std::string detector, std::string category, double score, Action action) {
  Finding f;
  f.detector = std::move(detector);
  f.category = std::move(category);
  f.score = score;
  f.action = action;
  return f;
}

TEST(EvalTask, NamesRolesAndLabels) {
  for (auto t : {Task::kInjection, Task::kIndirect, Task::kHarm, Task::kBenign})
    EXPECT_EQ(parse_task(task_name(t)), t);
  EXPECT_FALSE(parse_task("jailbreak"));
  EXPECT_EQ(task_role(Task::kIndirect), Role::kDocument);
  EXPECT_EQ(task_role(Task::kInjection), Role::kUser);
  EXPECT_EQ(task_role(Task::kHarm), Role::kUser);
  EXPECT_TRUE(is_positive_label(Task::kInjection, "jailbreak"));
  EXPECT_TRUE(is_positive_label(Task::kInjection, "injection"));
  EXPECT_FALSE(is_positive_label(Task::kInjection, "benign"));
  EXPECT_TRUE(is_positive_label(Task::kIndirect, "injection"));
  EXPECT_TRUE(is_positive_label(Task::kHarm, "harmful"));
  EXPECT_FALSE(is_positive_label(Task::kHarm, "safe"));
  EXPECT_FALSE(is_positive_label(Task::kBenign, "benign"));
}

TEST(EvalTask, OnlyTheTasksDetectorsCount) {
  ScanResult r;
  r.findings = {finding("model.document_attack", "prompt_attack", 0.9, Action::kBlock),
                finding("pii.email", "pii", 1.0, Action::kRedact)};
  r.decision = Action::kBlock;
  // The document-attack model does not count for direct injection ...
  Verdict v = judge(Task::kInjection, r);
  EXPECT_FALSE(v.flagged);
  EXPECT_DOUBLE_EQ(v.score, 0.0);
  // ... but does for indirect injection.
  v = judge(Task::kIndirect, r);
  EXPECT_TRUE(v.flagged);
  EXPECT_DOUBLE_EQ(v.score, 0.9);
  EXPECT_FALSE(judge(Task::kHarm, r).flagged);
  EXPECT_TRUE(judge(Task::kBenign, r).flagged);  // something blocks
}

// Text a model of the task did not read is counted (a record with no finding and unread text
// was not judged by that model); another task's model leaving text unread does not count.
TEST(EvalTask, UnreadTextCountsForTheTasksDetectors) {
  ScanResult r;
  r.unread = {{"model.harm", {"Bengali"}}};
  EXPECT_TRUE(judge(Task::kHarm, r).unread);
  EXPECT_TRUE(judge(Task::kBenign, r).unread);
  EXPECT_FALSE(judge(Task::kInjection, r).unread);
  EXPECT_FALSE(judge(Task::kHarm, ScanResult{}).unread);
}

TEST(EvalTask, PolicyActionDecidesFlaggingScoreIsMax) {
  ScanResult r;
  r.findings = {finding("attack.heuristics", "prompt_attack", 0.3, Action::kAnnotate),
                finding("model.prompt_attack", "prompt_attack", 0.45, Action::kAllow)};
  r.decision = Action::kAnnotate;
  Verdict v = judge(Task::kInjection, r);
  EXPECT_FALSE(v.flagged);          // nothing the policy blocks
  EXPECT_DOUBLE_EQ(v.score, 0.45);  // but the ranking score is kept for AUPRC
  EXPECT_TRUE(judge(Task::kInjection, r, Action::kAnnotate).flagged);
  EXPECT_FALSE(judge(Task::kBenign, r).flagged);
}

// A model that stayed under its threshold still ranks the record (AUPRC, how close a miss came):
// its score counts for the task it belongs to, never flags, and another task's model or
// category does not count.
TEST(EvalTask, ScoresUnderAModelsThresholdRankButDoNotFlag) {
  ScanResult r;
  r.below_threshold = {{"model.prompt_attack", "prompt_attack", 0.41}, {"model.harm", "harm/hate", 0.2},
                       {"model.harm", "other", 0.3}};
  Verdict v = judge(Task::kInjection, r);
  EXPECT_FALSE(v.flagged);
  EXPECT_DOUBLE_EQ(v.score, 0.41);
  EXPECT_DOUBLE_EQ(judge(Task::kHarm, r).score, 0.2);
  EXPECT_DOUBLE_EQ(judge(Task::kIndirect, r).score, 0.0);
  // A finding above the threshold outranks it.
  r.findings = {finding("model.prompt_attack", "prompt_attack", 0.7, Action::kBlock)};
  EXPECT_DOUBLE_EQ(judge(Task::kInjection, r).score, 0.7);
}

TEST(EvalTask, HarmSubcategoriesCount) {
  ScanResult r;
  r.findings = {finding("model.harm", "harm/violence", 0.8, Action::kBlock)};
  r.decision = Action::kBlock;
  EXPECT_TRUE(judge(Task::kHarm, r).flagged);
  r.findings = {finding("model.harm", "harmless", 0.8, Action::kBlock)};
  EXPECT_FALSE(judge(Task::kHarm, r).flagged);
}

}  // namespace
}  // namespace bulwark::eval
