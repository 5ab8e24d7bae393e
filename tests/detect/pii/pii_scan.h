// tests/detect/pii/pii_scan.h — scans one text with one PII detector (and its params) for
// tests that check spans, params or errors beyond what a case file expresses.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bulwark/engine.h"

namespace bulwark::testing {

inline Result<std::vector<Finding>> scan_with(const std::string& detector_id, const std::string& text,
                                              std::map<std::string, std::string> params = {}) {
  Policy policy = Policy::defaults();
  policy.use_default_detectors = false;
  policy.detectors = {{detector_id, true, all_roles(), std::move(params)}};
  auto engine = Engine::compile(policy);
  if (!engine.ok()) return engine.status();
  auto scratch = (*engine)->new_scratch();
  auto r = (*engine)->scan({text, Role::kUser}, *scratch);
  if (!r.ok()) return r.status();
  return r->findings;
}

// The matched original text of each finding, in order.
inline std::vector<std::string> matched(const std::string& text, const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(text.substr(f.span.byte_begin, f.span.byte_end - f.span.byte_begin));
  return out;
}

}  // namespace bulwark::testing
