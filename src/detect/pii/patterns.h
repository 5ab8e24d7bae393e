// detect/pii/patterns.h — the candidate regexes of the PII family: the shapes the hand
// scanners look for before validating (checksums, registry lengths, libphonenumber). The
// scanners do not run these; they are the baseline the benchmark runs with std::regex and
// a description of what each scanner accepts. ECMAScript syntax, no look-behind.
#pragma once

#include <vector>

#include "detect/pattern_spec.h"

namespace bulwark::detect {

const std::vector<PatternSpec>& pii_patterns();

}  // namespace bulwark::detect
