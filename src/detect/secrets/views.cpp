#include "detect/secrets/views.h"

#include <cstring>

namespace bulwark::detect::secrets {
namespace {

// Length of the invisible character starting at s[i], or 0.
size_t invisible_len(const std::string& s, size_t i) {
  const auto b = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  const unsigned c0 = b(0);
  if (c0 == 0xC2 && b(1) == 0xAD) return 2;                         // U+00AD soft hyphen
  if (c0 == 0xE2 && b(1) == 0x80 && ((b(2) >= 0x8B && b(2) <= 0x8F) ||  // U+200B..200F
                                     (b(2) >= 0xAA && b(2) <= 0xAE)))   // U+202A..202E
    return 3;
  if (c0 == 0xE2 && b(1) == 0x81 && b(2) >= 0xA0 && b(2) <= 0xAF) return 3;  // U+2060..206F
  if (c0 == 0xEF && b(1) == 0xBB && b(2) == 0xBF) return 3;                   // U+FEFF
  if (c0 == 0xEF && b(1) == 0xB8 && b(2) >= 0x80 && b(2) <= 0x8F) return 3;   // U+FE00..FE0F
  if (c0 == 0xF3 && b(1) == 0xA0 && (b(2) == 0x80 || b(2) == 0x81)) return 4;  // U+E0000..E007F
  return 0;
}

}  // namespace

bool strip_invisible(const TextView& raw, TextView& out) {
  const std::string& s = raw.text;
  out.clear();
  out.name = "stripped";  // a finding's `via`: found after removing invisible characters
  bool removed = false;
  for (size_t i = 0; i < s.size();) {
    size_t n = invisible_len(s, i);
    if (n > 0) {
      removed = true;
      i += n;
      continue;
    }
    auto [ob, oe] = raw.to_original(static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1));
    out.append(s[i], ob, oe);
    ++i;
  }
  return removed;
}

void collect_views(const ScanContext& ctx, TextView& stripped, std::vector<const TextView*>& out) {
  out.clear();
  out.push_back(ctx.raw_view);
  const std::string& s = ctx.raw().text;
  // Every invisible character starts with one of these lead bytes; ASCII text has none.
  // Pure ASCII (the common case) is ruled out with one branch-free pass the compiler vectorizes.
  unsigned char high = 0;
  for (char c : s) high |= static_cast<unsigned char>(c);
  bool maybe = false;
  if (high & 0x80) {
    for (char c : s) {
      unsigned char u = static_cast<unsigned char>(c);
      if (u == 0xC2 || u == 0xE2 || u == 0xEF || u == 0xF3) {
        maybe = true;
        break;
      }
    }
  }
  if (maybe && strip_invisible(ctx.raw(), stripped)) out.push_back(&stripped);
  for (const TextView* v : ctx.decoded) out.push_back(v);
}

}  // namespace bulwark::detect::secrets
