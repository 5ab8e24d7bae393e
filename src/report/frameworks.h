// report/frameworks.h — what each Bulwark control answers in OWASP Top 10 for LLM
// Applications (2025), MITRE ATLAS (tactics from atlas-data v5.6.0, and the few techniques
// named in docs/reference/gateways.md) and the NIST AI RMF core functions.
//
// The control-to-framework mapping is Bulwark's own (after the "proposed control mapping" of
// the reference notes), not an official crosswalk; the report says so.
//
// Thread-safety: constant data.
#pragma once

#include <string_view>
#include <vector>

#include "report/coverage.h"

namespace bulwark::report {

struct FrameworkItem {
  std::string_view id;     // "LLM01", "AML.TA0004", "AML.T0051", "GOVERN"
  std::string_view name;
};

const std::vector<FrameworkItem>& owasp_llm_2025();   // LLM01..LLM10
const std::vector<FrameworkItem>& atlas_tactics();    // AML.TA0000..TA0015
const std::vector<FrameworkItem>& atlas_techniques(); // the gateway-relevant ones
const std::vector<FrameworkItem>& nist_ai_rmf();      // GOVERN, MAP, MEASURE, MANAGE

struct ControlMapping {
  std::string_view control;
  std::vector<std::string_view> owasp, atlas_tactics, atlas_techniques, nist;
};

// One entry per control id of evaluate_controls(); nullptr for an unknown id.
const ControlMapping* mapping_for(std::string_view control);
std::string_view framework_name(const std::vector<FrameworkItem>& list, std::string_view id);

// Per OWASP id: which controls address it and in what state; `note` says what no gateway does.
struct OwaspCoverage {
  const FrameworkItem* item = nullptr;
  std::vector<std::string> active, partial, off;
  std::string_view note;
};
std::vector<OwaspCoverage> owasp_coverage(const std::vector<ControlResult>& controls);

// Per NIST function: the active controls that support it.
struct NistCoverage {
  const FrameworkItem* item = nullptr;
  std::vector<std::string> active;
  std::string_view note;
};
std::vector<NistCoverage> nist_coverage(const std::vector<ControlResult>& controls);

}  // namespace bulwark::report

namespace bulwark::report {

// Per ATLAS tactic or technique: the active controls that mitigate it.
struct AtlasCoverage {
  const FrameworkItem* item = nullptr;
  std::vector<std::string> active;
};
std::vector<AtlasCoverage> atlas_tactic_coverage(const std::vector<ControlResult>& controls);
std::vector<AtlasCoverage> atlas_technique_coverage(const std::vector<ControlResult>& controls);

}  // namespace bulwark::report
