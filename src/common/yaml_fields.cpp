#include "common/yaml_fields.h"

namespace bulwark::yaml_fields {

Status field_error(const std::string& file, const YAML::Node& node, const std::string& field, const std::string& msg) {
  std::string where = file;
  if (node.IsDefined()) where += ":" + std::to_string(node.Mark().line + 1);
  return invalid_argument(where + ": " + field + ": " + msg);
}

Status check_keys(const std::string& file, const YAML::Node& map, const std::string& path,
                  const std::set<std::string>& allowed) {
  if (!map.IsMap()) return field_error(file, map, path.empty() ? "<root>" : path, "expected a mapping");
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>();
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      return field_error(file, kv.first, path.empty() ? key : path + "." + key,
                         "unknown field (expected one of: " + list + ")");
    }
  }
  return Status::Ok();
}

Status read_list(const std::string& file, const YAML::Node& node, const std::string& field,
                 std::vector<std::string>& out) {
  if (!node.IsSequence()) return field_error(file, node, field, "expected a list");
  out.clear();
  for (const auto& n : node) {
    std::string v;
    BULWARK_RETURN_IF_ERROR(read(file, n, field, v));
    out.push_back(v);
  }
  return Status::Ok();
}

}  // namespace bulwark::yaml_fields
