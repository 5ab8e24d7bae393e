#include "respond/signals.h"

#include <nlohmann/json.hpp>

namespace bulwark::respond {

bool category_matches(const std::string& want, const std::string& cat) {
  if (want == "*") return true;
  return cat.size() >= want.size() && cat.compare(0, want.size(), want) == 0 &&
         (cat.size() == want.size() || cat[want.size()] == '/');
}

std::vector<Signal> classify(const std::vector<ScoreRule>& rules, const std::string& decision,
                             const std::string& findings_json) {
  std::vector<Signal> out;
  nlohmann::json findings = nlohmann::json::array();
  if (findings_json.size() > 2) {
    findings = nlohmann::json::parse(findings_json, nullptr, false);
    if (!findings.is_array()) findings = nlohmann::json::array();
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    const ScoreRule& r = rules[i];
    if (!r.decision.empty() && r.decision != decision) continue;
    size_t hits = 0;
    std::string detail;
    if (r.categories.empty()) {
      hits = 1;
      detail = "decision:" + decision;
    } else {
      for (const auto& f : findings) {
        if (!f.is_object()) continue;
        const std::string cat = f.value("category", std::string());
        // A finding the policy lets through (action allow) is not an attack signal.
        if (f.value("action", std::string()) == "allow") continue;
        bool match = false;
        for (const auto& want : r.categories) match = match || category_matches(want, cat);
        if (!match) continue;
        ++hits;
        std::string sub = f.value("subtype", std::string());
        std::string d = sub.empty() ? cat : cat + "/" + sub;
        if (detail.find(d) == std::string::npos) detail += (detail.empty() ? "" : ",") + d;
      }
    }
    if (hits == 0) continue;
    out.push_back({i, r.per_finding ? r.weight * static_cast<double>(hits) : r.weight, detail});
  }
  return out;
}

}  // namespace bulwark::respond
