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

namespace bulwark::detect {

struct AttackRule {
  std::string id;        // "<subtype>.<rule>", e.g. "change_system_rules.ignore_prior"
  std::string subtype;   // change_system_rules, conversation_mockup, role_play, encoding_attack,
                         // system_prompt_extraction
  std::string regex;     // matched caselessly
  int severity = 4;      // 4..6 by how unambiguous the rule is
  double score = 0.5;    // confidence that a match is an attack
  // Optional cheaper regex that every match of `regex` contains (a rare key phrase). When
  // set, Hyperscan looks for the trigger and RE2 confirms `regex` around each trigger hit:
  // rules whose leading words are common ("show", "ignore") would otherwise keep large
  // Hyperscan automata busy on ordinary text.
  std::string trigger = {};
  // How far from the end of a trigger hit a match of `regex` can start / end. The trigger is
  // a leading word for most rules (the match starts just before it), a trailing noun for others.
  uint32_t reach_before = 400;
  uint32_t reach_after = 400;
};

// Every rule, in a stable order (the index is the Hyperscan pattern id).
const std::vector<AttackRule>& attack_rules();

// The same rules as PatternSpecs, for the std::regex baseline benchmark and tests.
const std::vector<PatternSpec>& attack_patterns();

}  // namespace bulwark::detect
