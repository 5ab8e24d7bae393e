// report/render_util.h — small helpers shared by the Markdown and HTML renderers.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "report/report.h"

namespace bulwark::report::internal {

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ");
std::string roles_text(const RoleSet& roles);
// The decisions seen, in a fixed order (allow, annotate, redact, block, error, then others).
std::vector<std::string> decision_columns(const Activity& a);
std::vector<std::string> category_columns(const Activity& a);
// Controls that are not active and are required by a customer or shared row, with those rows.
struct GapItem {
  const ControlResult* control = nullptr;
  std::vector<std::string> rows;   // matrix row titles it leaves open
};
std::vector<GapItem> gaps(const Report& r);
// One sentence on the deployment model, for the top of the report.
std::string headline(const Report& r);
std::string control_name(const Report& r, const std::string& id);

}  // namespace bulwark::report::internal
