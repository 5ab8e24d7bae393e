// detect/blocklist/blocklist.h — the "blocklist" detector: the policy's blocklists (terms
// and regexes, Azure AI Content Safety's model) matched case-insensitively and at word
// boundaries on the normalized views, so that obfuscated variants ("b4dw0rd", fullwidth,
// "b a d w o r d") hit. Category "blocklist", subtype = the list's name, severity 6.
//
// Parameters:
//   lists   comma-separated list names to use (Azure's blocklistNames); default: all lists
//           of the policy. An unknown name is a policy error.
// Default roles: all (Azure applies blocklists to prompts and completions alike).
// Azure's haltOnBlocklistHit (skip harm classification after a hit) is a gateway concern:
// the decision is already "block" under the default rule; see the detector's docs.
//
// Compiled once per Engine::compile (blocklists are per policy); see matcher.h.
#pragma once

#include "bulwark/detector.h"

namespace bulwark::detect {

Result<DetectorPtr> make_blocklist_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
