#include "detect/secrets/patterns.h"

#include "detect/secrets/formats.h"

namespace bulwark::detect {

const std::vector<PatternSpec>& secret_patterns() {
  static const std::vector<PatternSpec> specs = [] {
    std::vector<PatternSpec> out;
    for (const auto& f : secrets::secret_formats())
      out.push_back({std::string(f.subtype), std::string(f.regex), f.caseless});
    return out;
  }();
  return specs;
}

}  // namespace bulwark::detect
