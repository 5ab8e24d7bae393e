#include "report/frameworks.h"

#include <algorithm>

namespace bulwark::report {

const std::vector<FrameworkItem>& owasp_llm_2025() {
  static const std::vector<FrameworkItem> v = {
      {"LLM01", "Prompt Injection"},
      {"LLM02", "Sensitive Information Disclosure"},
      {"LLM03", "Supply Chain"},
      {"LLM04", "Data and Model Poisoning"},
      {"LLM05", "Improper Output Handling"},
      {"LLM06", "Excessive Agency"},
      {"LLM07", "System Prompt Leakage"},
      {"LLM08", "Vector and Embedding Weaknesses"},
      {"LLM09", "Misinformation"},
      {"LLM10", "Unbounded Consumption"},
  };
  return v;
}

const std::vector<FrameworkItem>& atlas_tactics() {
  static const std::vector<FrameworkItem> v = {
      {"AML.TA0000", "AI Model Access"},     {"AML.TA0001", "AI Attack Staging"},
      {"AML.TA0002", "Reconnaissance"},      {"AML.TA0003", "Resource Development"},
      {"AML.TA0004", "Initial Access"},      {"AML.TA0005", "Execution"},
      {"AML.TA0006", "Persistence"},         {"AML.TA0007", "Defense Evasion"},
      {"AML.TA0008", "Discovery"},           {"AML.TA0009", "Collection"},
      {"AML.TA0010", "Exfiltration"},        {"AML.TA0011", "Impact"},
      {"AML.TA0012", "Privilege Escalation"}, {"AML.TA0013", "Credential Access"},
      {"AML.TA0014", "Command and Control"}, {"AML.TA0015", "Lateral Movement"},
  };
  return v;
}

const std::vector<FrameworkItem>& atlas_techniques() {
  static const std::vector<FrameworkItem> v = {
      {"AML.T0051", "LLM Prompt Injection"},
      {"AML.T0054", "LLM Jailbreak"},
      {"AML.T0024", "Exfiltration via AI Inference API"},
      {"AML.T0086", "Exfiltration via AI Agent Tool Invocation"},
      {"AML.T0110", "AI Agent Tool Poisoning"},
  };
  return v;
}

const std::vector<FrameworkItem>& nist_ai_rmf() {
  static const std::vector<FrameworkItem> v = {
      {"GOVERN", "policies, accountability and oversight (cross-cutting)"},
      {"MAP", "context and risks identified"},
      {"MEASURE", "risks analysed, assessed and tracked"},
      {"MANAGE", "risks prioritized and acted upon"},
  };
  return v;
}

namespace {

const std::vector<ControlMapping>& mappings() {
  static const std::vector<ControlMapping> v = {
      {"identity", {"LLM06", "LLM03"}, {"AML.TA0000", "AML.TA0004"}, {}, {"GOVERN", "MANAGE"}},
      {"access_scoping", {"LLM06"}, {"AML.TA0000", "AML.TA0012"}, {}, {"GOVERN", "MANAGE"}},
      {"rate_limits", {"LLM10"}, {"AML.TA0011", "AML.TA0000"}, {}, {"MANAGE"}},
      {"prompt_attack_filter",
       {"LLM01"},
       {"AML.TA0004", "AML.TA0007", "AML.TA0001"},
       {"AML.T0051", "AML.T0054"},
       {"MEASURE", "MANAGE"}},
      {"indirect_injection",
       {"LLM01", "LLM08"},
       {"AML.TA0004", "AML.TA0007", "AML.TA0001"},
       {"AML.T0051", "AML.T0110"},
       {"MEASURE", "MANAGE"}},
      {"hidden_text", {"LLM01"}, {"AML.TA0007"}, {"AML.T0051"}, {"MEASURE", "MANAGE"}},
      {"harm_filter", {"LLM05", "LLM09"}, {"AML.TA0011"}, {}, {"MEASURE", "MANAGE"}},
      {"pii_protection", {"LLM02", "LLM07"}, {"AML.TA0010", "AML.TA0009"}, {"AML.T0024"}, {"MANAGE"}},
      {"secret_protection",
       {"LLM02", "LLM07"},
       {"AML.TA0010", "AML.TA0009", "AML.TA0013"},
       {"AML.T0024"},
       {"MANAGE"}},
      {"exfiltration_guard", {"LLM02", "LLM05"}, {"AML.TA0010"}, {"AML.T0024", "AML.T0086"}, {"MANAGE"}},
      {"tool_call_inspection",
       {"LLM06", "LLM05"},
       {"AML.TA0005", "AML.TA0012", "AML.TA0010", "AML.TA0015"},
       {"AML.T0086"},
       {"MANAGE"}},
      {"blocklists", {"LLM02", "LLM05"}, {"AML.TA0010"}, {}, {"MANAGE"}},
      {"audit_log", {}, {}, {}, {"GOVERN", "MEASURE", "MANAGE"}},
      {"content_minimization", {"LLM02"}, {"AML.TA0009"}, {}, {"GOVERN", "MANAGE"}},
      {"fail_closed", {"LLM05"}, {"AML.TA0007"}, {}, {"MANAGE"}},
      {"policy_as_code", {}, {}, {}, {"GOVERN"}},
      {"request_limits", {"LLM10"}, {"AML.TA0011"}, {}, {"MANAGE"}},
      {"incident_response", {}, {}, {}, {"MANAGE", "GOVERN"}},
  };
  return v;
}

}  // namespace

const ControlMapping* mapping_for(std::string_view control) {
  for (const auto& m : mappings())
    if (m.control == control) return &m;
  return nullptr;
}

std::string_view framework_name(const std::vector<FrameworkItem>& list, std::string_view id) {
  for (const auto& i : list)
    if (i.id == id) return i.name;
  return "";
}

std::vector<OwaspCoverage> owasp_coverage(const std::vector<ControlResult>& controls) {
  std::vector<OwaspCoverage> out;
  for (const auto& item : owasp_llm_2025()) {
    OwaspCoverage oc;
    oc.item = &item;
    for (const auto& c : controls) {
      const ControlMapping* m = mapping_for(c.id);
      if (m == nullptr || std::find(m->owasp.begin(), m->owasp.end(), item.id) == m->owasp.end()) continue;
      (c.state == ControlState::kActive ? oc.active : c.state == ControlState::kPartial ? oc.partial : oc.off)
          .push_back(c.id);
    }
    if (item.id == "LLM03") oc.note = "a gateway only limits who reaches the model; vet models and packages yourself";
    if (item.id == "LLM04") oc.note = "training-data and model poisoning are outside a gateway";
    if (item.id == "LLM08") oc.note = "retrieved context is scanned as documents; the vector store itself is not";
    if (item.id == "LLM09") oc.note = "no groundedness or fact checking in this build";
    out.push_back(std::move(oc));
  }
  return out;
}

std::vector<NistCoverage> nist_coverage(const std::vector<ControlResult>& controls) {
  std::vector<NistCoverage> out;
  for (const auto& item : nist_ai_rmf()) {
    NistCoverage nc;
    nc.item = &item;
    for (const auto& c : controls) {
      const ControlMapping* m = mapping_for(c.id);
      if (m != nullptr && c.state == ControlState::kActive &&
          std::find(m->nist.begin(), m->nist.end(), item.id) != m->nist.end())
        nc.active.push_back(c.id);
    }
    if (item.id == "MAP") nc.note = "this report is the MAP artefact: the deployment model, its owners and the gaps";
    out.push_back(std::move(nc));
  }
  return out;
}

}  // namespace bulwark::report

namespace bulwark::report {

namespace {

std::vector<AtlasCoverage> atlas_coverage(const std::vector<FrameworkItem>& items,
                                          const std::vector<ControlResult>& controls, bool techniques) {
  std::vector<AtlasCoverage> out;
  for (const auto& item : items) {
    AtlasCoverage ac;
    ac.item = &item;
    for (const auto& c : controls) {
      const ControlMapping* m = mapping_for(c.id);
      if (m == nullptr || c.state != ControlState::kActive) continue;
      const auto& ids = techniques ? m->atlas_techniques : m->atlas_tactics;
      if (std::find(ids.begin(), ids.end(), item.id) != ids.end()) ac.active.push_back(c.id);
    }
    out.push_back(std::move(ac));
  }
  return out;
}

}  // namespace

std::vector<AtlasCoverage> atlas_tactic_coverage(const std::vector<ControlResult>& controls) {
  return atlas_coverage(atlas_tactics(), controls, false);
}
std::vector<AtlasCoverage> atlas_technique_coverage(const std::vector<ControlResult>& controls) {
  return atlas_coverage(atlas_techniques(), controls, true);
}

}  // namespace bulwark::report
