// engine/redact.h — replaces finding spans in the original text by placeholder, mask or hash.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/policy.h"
#include "bulwark/types.h"

namespace bulwark::engine {

// Redacts the spans of findings whose action is kRedact (or stronger, when `all_actions`).
// Placeholders are typed and numbered by first appearance, and stable within one call: the
// same value gets the same placeholder (<EMAIL_1> ... <EMAIL_1>); values are compared (and
// hashed) after ASCII lower-casing and, for numbers, without separators.
std::string redact(std::string_view original, const std::vector<Finding>& findings,
                   RedactionMode mode);

// A snippet of the finding safe to show in logs: sensitive matches are masked.
std::string evidence_snippet(std::string_view matched, bool sensitive);

}  // namespace bulwark::engine
