// engine/rules.h — resolves the policy action for a finding (category nesting, roles,
// severity and score thresholds).
#pragma once

#include <vector>

#include "bulwark/policy.h"

namespace bulwark::engine {

class RuleTable {
 public:
  RuleTable() = default;
  explicit RuleTable(std::vector<CategoryRule> rules) : rules_(std::move(rules)) {}
  // The rule for `category` (or its nearest parent) that applies to `role`; nullptr if none.
  const CategoryRule* find(std::string_view category, Role role) const;
  // kAnnotate when no rule applies; kAllow when the finding is under the rule's thresholds.
  Action action_for(const Finding& f, Role role) const;

 private:
  std::vector<CategoryRule> rules_;
};

}  // namespace bulwark::engine
