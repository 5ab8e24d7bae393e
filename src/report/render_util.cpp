#include "report/render_util.h"

#include <algorithm>

namespace bulwark::report::internal {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string roles_text(const RoleSet& roles) {
  if (roles.all()) return "all";
  std::vector<std::string> names;
  for (int i = 0; i < kRoleCount; ++i)
    if (roles.test(static_cast<size_t>(i))) names.emplace_back(role_name(static_cast<Role>(i)));
  return names.empty() ? "none" : join(names);
}

std::vector<std::string> decision_columns(const Activity& a) {
  std::vector<std::string> cols;
  for (const char* d : {"allow", "annotate", "redact", "block", "error"}) cols.emplace_back(d);
  for (const auto& [d, n] : a.decisions)
    if (std::find(cols.begin(), cols.end(), d) == cols.end()) cols.push_back(d);
  return cols;
}

std::vector<std::string> category_columns(const Activity& a) {
  std::vector<std::pair<int64_t, std::string>> by_count;
  for (const auto& [c, n] : a.categories) by_count.emplace_back(-n, c);
  std::sort(by_count.begin(), by_count.end());
  std::vector<std::string> cols;
  for (const auto& [n, c] : by_count) cols.push_back(c);
  return cols;
}

std::vector<GapItem> gaps(const Report& r) {
  std::vector<GapItem> out;
  for (const auto& c : r.controls) {
    if (c.state == ControlState::kActive) continue;
    GapItem g{&c, {}};
    for (const auto& m : r.matrix) {
      if (m.owner == Owner::kProvider) continue;
      if (std::find(m.partial.begin(), m.partial.end(), c.id) != m.partial.end() ||
          std::find(m.missing.begin(), m.missing.end(), c.id) != m.missing.end())
        g.rows.emplace_back(m.row->title);
    }
    out.push_back(std::move(g));
  }
  // Gaps that leave a customer row open first; stable within each group.
  std::stable_partition(out.begin(), out.end(), [](const GapItem& g) { return !g.rows.empty(); });
  return out;
}

std::string headline(const Report& r) {
  int customer = 0, covered = 0, partial = 0, gap = 0, outside = 0;
  for (const auto& m : r.matrix) {
    if (m.owner == Owner::kProvider) continue;
    ++customer;
    covered += m.state == RowState::kCovered;
    partial += m.state == RowState::kPartial;
    gap += m.state == RowState::kGap;
    outside += m.state == RowState::kOutside;
  }
  return "Under " + std::string(deployment_title(r.deployment)) + " you own " + std::to_string(customer) + " of " +
         std::to_string(r.matrix.size()) + " responsibilities. With this configuration Bulwark covers " +
         std::to_string(covered) + ", covers " + std::to_string(partial) + " in part, leaves " + std::to_string(gap) +
         " open, and " + std::to_string(outside) + (outside == 1 ? " is" : " are") + " outside what a gateway can do.";
}

std::string control_name(const Report& r, const std::string& id) {
  const ControlResult* c = find_control(r.controls, id);
  return c ? c->name : id;
}

}  // namespace bulwark::report::internal
