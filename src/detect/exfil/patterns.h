// detect/exfil/patterns.h — the exfil.links constructs as regular expressions (ECMAScript and
// Hyperscan compatible), one per subtype. The detector itself uses a hand-written scanner
// (balanced parentheses, last-'@' user info, srcset lists, image reference labels); these
// patterns describe the same candidates for the std::regex baseline of bench/engine_bench.cpp
// and for tests. A URL these patterns find still needs the allowlist check.
#pragma once

#include <vector>

#include "detect/pattern_spec.h"

namespace bulwark::detect {

const std::vector<PatternSpec>& exfil_patterns();

}  // namespace bulwark::detect
