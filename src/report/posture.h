// report/posture.h — the facts a posture report is judged on, derived from what `bulwark serve`
// would actually run: the gateway config (after the environment, as serve applies it), the
// policy it names (or the built-in default), the detectors that policy really enables with the
// roles they really scan, and the keys stored in the gateway's SQLite file when one is given.
//
// Example:
//   auto posture = report::build_posture(config, policy, &db_keys);
//   if (!posture.ok()) { /* the gateway would refuse this policy too */ }
//
// Cost: instantiates every enabled detector once (pattern compilation, model loading): tens to
// hundreds of milliseconds. Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "bulwark/detector.h"
#include "bulwark/policy.h"
#include "bulwark/result.h"
#include "gateway/config.h"

namespace bulwark::report {

// A key as far as the report cares (from the config or the api_keys table).
struct KeyFacts {
  std::string id;
  std::string source;          // "config" | "database"
  bool models_restricted = false;
  bool tools_restricted = false;
  uint32_t rpm = 0;            // 0: unlimited (database keys have no rate limit in this build)
};

// One detector the policy enables, with the policy category its findings carry.
struct DetectorFacts {
  std::string id;
  std::string category;        // pii | secret | prompt_attack | hidden_text | exfiltration | blocklist | harm
  RoleSet roles;
  bool model_missing = false;  // a model-backed detector without its model reports nothing
};

struct Posture {
  gateway::GatewayConfig config;
  bool config_given = false;         // false: `bulwark serve` defaults
  Policy policy;
  bool policy_given = false;         // false: the built-in default policy
  std::vector<DetectorFacts> detectors;
  std::vector<KeyFacts> keys;        // config keys, then active database keys
  bool keys_from_database_known = false;   // an audit/keys database was read
};

// The policy `bulwark serve` would load for `config` (the built-in default when it names none).
Result<Policy> load_effective_policy(const gateway::GatewayConfig& config);

// The detectors an engine compiled from `policy` runs, as Engine::compile resolves them.
// @return the factory's error when a detector would not build (the gateway would not start).
Result<std::vector<DetectorFacts>> effective_detectors(const Policy& policy);

// The policy category a detector id reports ("pii.email" -> "pii"); "" when unknown.
std::string category_of_detector(std::string_view id);

Result<Posture> build_posture(const gateway::GatewayConfig& config, bool config_given, const Policy& policy,
                              bool policy_given, const std::vector<KeyFacts>* database_keys);

}  // namespace bulwark::report
