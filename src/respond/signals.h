// respond/signals.h — turns one finished request (its decision and audit findings) into score
// increments, one per configured score rule that it matches.
#pragma once

#include <string>
#include <vector>

#include "respond/config.h"

namespace bulwark::respond {

struct Signal {
  size_t rule = 0;        // index into the score rules
  double weight = 0;
  std::string detail;     // matching categories/subtypes, e.g. "prompt_attack/jailbreak"
};

// findings_json is the audit row's findings array ({category, subtype, action, ...}). Bad JSON
// yields no signals rather than an error: scoring must never fail a request.
std::vector<Signal> classify(const std::vector<ScoreRule>& rules, const std::string& decision,
                             const std::string& findings_json);

// "pii" matches "pii" and "pii/email", not "piix".
bool category_matches(const std::string& rule_category, const std::string& category);

}  // namespace bulwark::respond
