#include "report/posture.h"

#include <algorithm>

#include "detect/model/model_store.h"

namespace bulwark::report {

std::string category_of_detector(std::string_view id) {
  auto starts = [&](std::string_view p) { return id.substr(0, p.size()) == p; };
  if (starts("pii.")) return "pii";
  if (starts("secret.")) return "secret";
  if (starts("attack.") || id == "model.prompt_attack" || id == "model.document_attack") return "prompt_attack";
  if (starts("hidden.")) return "hidden_text";
  if (starts("exfil.")) return "exfiltration";
  if (id == "blocklist") return "blocklist";
  if (id == "model.harm") return "harm";
  return "";
}

Result<Policy> load_effective_policy(const gateway::GatewayConfig& config) {
  if (config.policy_file.empty()) return Policy::defaults();
  return load_policy_file(config.policy_file);
}

Result<std::vector<DetectorFacts>> effective_detectors(const Policy& policy) {
  BULWARK_RETURN_IF_ERROR(policy.validate());
  // The same resolution as Engine::compile: defaults first, then the policy's entries.
  auto& registry = DetectorRegistry::global();
  std::vector<DetectorConfig> configs;
  if (policy.use_default_detectors)
    for (const auto& info : registry.all())
      if (info.default_enabled) configs.push_back({info.id, true, std::nullopt, {}});
  for (const auto& cfg : policy.detectors) {
    auto it = std::find_if(configs.begin(), configs.end(), [&](const DetectorConfig& c) { return c.id == cfg.id; });
    if (it != configs.end()) *it = cfg;
    else configs.push_back(cfg);
  }
  std::vector<DetectorFacts> out;
  for (const auto& cfg : configs) {
    if (!cfg.enabled) continue;
    const DetectorInfo* info = registry.find(cfg.id);
    if (info == nullptr) return invalid_policy(policy.source + ": unknown detector '" + cfg.id + "'");
    DetectorSpec spec{cfg.id, cfg.params, &policy};
    auto det = info->factory(spec);
    if (!det.ok()) return det.status();
    DetectorFacts f{cfg.id, category_of_detector(cfg.id), cfg.roles ? *cfg.roles : (*det)->default_roles(), false};
    // A model detector whose model is missing builds (as a silent no-op) unless the policy names
    // it; the report must not count it as a control.
    if (cfg.id.rfind("model.", 0) == 0) f.model_missing = !detect::load_shared_model(spec, cfg.id.substr(6)).ok();
    out.push_back(std::move(f));
  }
  return out;
}

Result<Posture> build_posture(const gateway::GatewayConfig& config, bool config_given, const Policy& policy,
                              bool policy_given, const std::vector<KeyFacts>* database_keys) {
  Posture p;
  p.config = config;
  p.config_given = config_given;
  p.policy = policy;
  p.policy_given = policy_given;
  auto dets = effective_detectors(policy);
  if (!dets.ok()) return dets.status();
  p.detectors = std::move(dets).value();
  for (const auto& k : config.keys)
    p.keys.push_back({k.id, "config", !k.models.empty(), !k.tools.empty(), k.rpm});
  if (database_keys != nullptr) {
    p.keys_from_database_known = true;
    p.keys.insert(p.keys.end(), database_keys->begin(), database_keys->end());
  }
  return p;
}

}  // namespace bulwark::report
