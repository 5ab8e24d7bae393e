// text/decode_util.h — small helpers shared by the decoders.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "bulwark/text_view.h"

namespace bulwark::text {

constexpr std::array<int8_t, 256> make_hex_values() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = 0; c < 10; ++c) t['0' + c] = static_cast<int8_t>(c);
  for (int c = 0; c < 6; ++c) t['a' + c] = t['A' + c] = static_cast<int8_t>(10 + c);
  return t;
}
inline constexpr std::array<int8_t, 256> kHexValue = make_hex_values();

inline int hex_value(char c) { return kHexValue[static_cast<unsigned char>(c)]; }

inline bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Decoded bytes look like text: valid UTF-8, at least 90% printable code points (no C0/C1
// controls other than tab and newlines, no U+FFFD), and, when `min_letter_share` > 0, at
// least that share of the bytes ASCII letters, digits or spaces.
bool looks_like_text(std::string_view s, double min_letter_share = 0.0);

// Appends a separator between payloads of one output, mapped to the end of the previous one.
inline void separate_payloads(TextView& out) {
  if (out.text.empty()) return;
  uint32_t e = out.src_end.back();
  out.append('\n', e, e);
}

// Appends source bytes [b, e) unchanged (inline codecs).
inline void copy_through(std::string_view src, size_t b, size_t e, TextView& out) {
  if (e <= b) return;
  const size_t at = out.text.size(), m = e - b;
  out.text.append(src.data() + b, m);
  out.src_begin.resize(at + m);
  out.src_end.resize(at + m);
  for (size_t k = 0; k < m; ++k) {
    out.src_begin[at + k] = static_cast<uint32_t>(b + k);
    out.src_end[at + k] = static_cast<uint32_t>(b + k + 1);
  }
}

}  // namespace bulwark::text
