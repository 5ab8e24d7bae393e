#include "text/entropy.h"

#include <array>
#include <cmath>
#include <cstdint>

namespace bulwark::text {

double shannon_entropy(std::string_view s) {
  if (s.empty()) return 0.0;
  std::array<uint32_t, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double h = 0.0;
  const double n = static_cast<double>(s.size());
  for (uint32_t c : counts) {
    if (c == 0) continue;
    const double p = c / n;
    h -= p * std::log2(p);
  }
  return h;
}

}  // namespace bulwark::text
