// detect/attack/patterns.h — the prompt-attack heuristics: one regular expression per rule,
// each tagged with its Prompt Shields subtype, severity and confidence.
//
// The rules are written for the normalized views (lower case, confusables and leetspeak
// mapped, spacing tricks joined), so they spell words plainly and keep bounded gaps
// (`[^\n]{0,30}`) between key words instead of listing sentences. Syntax is the subset
// shared by Hyperscan, RE2 and std::regex (ECMAScript): no look-around, no back-references,
// `(?:^|\n)` instead of multi-line anchors.
//
// Example:
//   for (const auto& r : bulwark::detect::attack_rules()) std::cout << r.id << " " << r.subtype;
//
// Thread-safety: the returned lists are built on first use and immutable afterwards.
#pragma once

#include <string>
#include <vector>

#include "detect/pattern_spec.h"
#include "detect/rules/rule_set.h"

namespace bulwark::detect {

// Subtypes: change_system_rules, conversation_mockup, role_play, encoding_attack,
// system_prompt_extraction; severity 4..6 by how unambiguous the rule is.
using AttackRule = TextRule;

// Every rule, in a stable order (the index is the Hyperscan pattern id).
const std::vector<AttackRule>& attack_rules();

// The same rules as PatternSpecs, for the std::regex baseline benchmark and tests.
const std::vector<PatternSpec>& attack_patterns();

}  // namespace bulwark::detect
