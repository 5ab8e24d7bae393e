// detect/secrets/patterns.h — the secrets family's regexes as PatternSpecs, for the std::regex
// baseline benchmark and the test that every pattern compiles there too.
//
// Thread-safety: immutable after first use.
#pragma once

#include <vector>

#include "detect/pattern_spec.h"

namespace bulwark::detect {

const std::vector<PatternSpec>& secret_patterns();

}  // namespace bulwark::detect
