// Percent-encoding ("%69%67%6E" or "ign%6Fre"): the whole source with %XX replaced, kept
// when the escapes cover at least min_encoded_len bytes or encode a letter or digit (which
// URLs never need to escape, so escaping one is a disguise).
#include <cstring>

#include "text/decode_util.h"
#include "text/decoders.h"
#include "text/utf8.h"

namespace bulwark::text {

bool decode_percent(std::string_view src, const DecodeOptions& opt, TextView& out) {
  if (std::memchr(src.data(), '%', src.size()) == nullptr) return false;
  const size_t n = src.size();
  size_t escaped = 0;
  bool disguised = false;
  size_t copied = 0;
  for (size_t i = 0; i + 2 < n; ++i) {
    const void* hit = std::memchr(src.data() + i, '%', n - 2 - i);
    if (hit == nullptr) break;
    i = static_cast<size_t>(static_cast<const char*>(hit) - src.data());
    int hi = hex_value(src[i + 1]), lo = hex_value(src[i + 2]);
    if (hi < 0 || lo < 0) continue;
    char c = static_cast<char>(hi * 16 + lo);
    copy_through(src, copied, i, out);
    out.append(c, static_cast<uint32_t>(i), static_cast<uint32_t>(i + 3));
    escaped += 3;
    disguised |= is_ascii_alnum(c);
    copied = i + 3;
    i += 2;
  }
  if (escaped == 0 || (escaped < opt.min_encoded_len && !disguised)) return false;
  copy_through(src, copied, n, out);
  return validate_utf8(out.text).ok();
}

}  // namespace bulwark::text
