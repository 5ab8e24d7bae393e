// detect/pattern_spec.h — the regular expressions a pattern-based detector family compiles,
// exposed so that the benchmark can run the same patterns through a baseline engine
// (std::regex, one by one) and tests can check that every pattern compiles.
#pragma once

#include <string>
#include <vector>

namespace bulwark::detect {

struct PatternSpec {
  std::string id;         // subtype or rule name
  std::string regex;      // PCRE-compatible syntax accepted by both Hyperscan and std::regex (ECMAScript)
  bool caseless = false;
};

}  // namespace bulwark::detect
