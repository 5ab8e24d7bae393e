// common/yaml_fields.h — reading YAML configuration fields with errors that say where:
// "file:line: field: why". Shared by the gateway config and its respond: section; unknown
// keys are errors (a typo must not silently turn a setting off).
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <vector>

#include "bulwark/result.h"

namespace bulwark::yaml_fields {

// invalid_argument("file:line: field: msg"); the line is left out when the node is undefined.
Status field_error(const std::string& file, const YAML::Node& node, const std::string& field, const std::string& msg);

// `map` must be a mapping whose keys are all in `allowed`; `path` names it ("" = the root).
Status check_keys(const std::string& file, const YAML::Node& map, const std::string& path,
                  const std::set<std::string>& allowed);

template <typename T>
Status read(const std::string& file, const YAML::Node& node, const std::string& field, T& out) {
  if (!node.IsScalar()) return field_error(file, node, field, "expected a scalar value");
  try {
    out = node.as<T>();
  } catch (const YAML::Exception&) {
    return field_error(file, node, field, "invalid value '" + node.Scalar() + "'");
  }
  return Status::Ok();
}

// A list of scalars, replacing `out`.
Status read_list(const std::string& file, const YAML::Node& node, const std::string& field,
                 std::vector<std::string>& out);

}  // namespace bulwark::yaml_fields
