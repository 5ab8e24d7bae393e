#include "engine/rules.h"

namespace bulwark::engine {

const CategoryRule* RuleTable::find(std::string_view category, Role role) const {
  const size_t bit = static_cast<size_t>(role);
  while (true) {
    for (const auto& r : rules_)
      if (r.category == category && (!r.roles || r.roles->test(bit))) return &r;
    size_t slash = category.rfind('/');
    if (slash == std::string_view::npos) break;
    category = category.substr(0, slash);
  }
  for (const auto& r : rules_)  // "*" is the catch-all rule
    if (r.category == "*" && (!r.roles || r.roles->test(bit))) return &r;
  return nullptr;
}

Action RuleTable::action_for(const Finding& f, Role role) const {
  const CategoryRule* r = find(f.category, role);
  if (r == nullptr) return Action::kAnnotate;
  if (f.severity < r->min_severity || f.score < r->threshold) return Action::kAllow;
  return r->action;
}

}  // namespace bulwark::engine
