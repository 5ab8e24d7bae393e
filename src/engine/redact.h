// engine/redact.h — replaces finding spans in the original text by placeholder, mask or hash.
#pragma once

#include <string>
#include <string_view>
#include <utility>
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

// Evidence for original[begin, end) when sensitive findings (PII, secrets) lie inside it: each
// sensitive region is masked as its own evidence would be, so a wide finding (a model's whole
// prompt) never shows a card number or key that a narrow finding masks.
std::string evidence_masking(std::string_view original, uint32_t begin, uint32_t end,
                             const std::vector<std::pair<uint32_t, uint32_t>>& sensitive);

}  // namespace bulwark::engine
