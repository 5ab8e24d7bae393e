// detect/harm/hazard_rules.h — the rules of harm.hazards: requests for how to make, obtain or
// release mass-casualty weapons (chemical, biological, radiological, nuclear), explosives,
// how to make hard drugs, how to write or plant malicious software, how to commit fraud, how
// to kill or hurt people or animals or kill with a named agent, how to harass someone, for
// bigoted content, how to kill or hurt oneself, and sexual content involving minors; and
// statements that dehumanize a protected group.
//
// A weapons, drugs or malware rule needs three things in one sentence: a request for
// instructions ("how to", "give step-by-step instructions for", "I want to", or an imperative
// opening the sentence), a verb of making or obtaining ("synthesize", "build", "cook", "write"),
// and a named agent from public control lists — the Chemical Weapons Convention's schedule 1
// and well-known warfare agents, the US select-agent list's best-known pathogens and toxins,
// military and improvised explosives, the illicit drugs most often made in clandestine labs,
// and malware by name. Between the verb and an agent whose name has everyday meanings too
// ("bomb", "plague") only a few determiners and adjectives may stand, so "make a bath bomb"
// stays silent. Questions about history, effects, treatment or defence carry no making verb
// and stay silent; an agent followed by a word such as "antidote", "vaccine", "addiction" or
// "detector" is dropped by the detector (hazards.cpp), since a regular expression here cannot
// look ahead. A sexual_minors rule needs a request for content, a sexual word and a minor near
// each other; the detector drops it when the request is about protection, education, the law
// or health.
//
// Rules are written for the normalized views (lower case, confusables and leetspeak
// mapped); syntax is the subset Hyperscan, RE2 and std::regex share. Every rule has a
// trigger (the agent, malware or sexual words), so Hyperscan only looks for those; RE2
// confirms the rule's short regex (verb, fillers, agent) around a hit and then looks for the
// request (TextRule::cue) earlier on the line.
//
// Thread-safety: the list is built on first use and immutable afterwards.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detect/rules/rule_set.h"

namespace bulwark::detect {

// Every rule, in a stable order. Subtypes: chemical_weapon, biological_weapon,
// nuclear_weapon, explosive, drug_synthesis, malware, fraud, violence, poisoning,
// hate, harassment, sexual_minors, self_harm.
const std::vector<TextRule>& hazard_rules();

// The words of the rules (agents, verbs, cues: runs of at least four ASCII letters in their
// patterns), for the word list that splits letter-spaced text: an agent the training text
// hardly has ("sarin") must not fall apart into known pieces before the rules see it.
std::vector<std::string> hazard_words();

// The harm category a subtype reports under: harm/weapons; harm/illicit for drugs and
// malware and fraud; harm/violence for violence and poisoning; harm/sexual/minors;
// harm/self-harm/instructions.
std::string_view hazard_category(std::string_view subtype);

}  // namespace bulwark::detect
