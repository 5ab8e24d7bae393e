// detect/pii/scan_util.h — small helpers the PII hand scanners share: character classes,
// which views to read, context words, and building hits.
#pragma once

#include <cstddef>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <initializer_list>
#include <string_view>

#include "bulwark/detector.h"

namespace bulwark::detect::pii {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
inline char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
inline char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Prose is mostly letters: the scanners jump from digit to digit (16 bytes at a time with
// SSE2) instead of looking at every byte. Returns s.size() when there is none.
inline size_t find_digit(std::string_view s, size_t from) {
  size_t i = from;
  const size_t n = s.size();
#if defined(__SSE2__)
  const __m128i lo = _mm_set1_epi8('0' - 1), hi = _mm_set1_epi8('9' + 1);
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // Signed compares: bytes >= 0x80 are negative and never fall between '0' and '9'.
    int mask = _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, lo), _mm_cmplt_epi8(v, hi)));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < n; ++i)
    if (is_digit(s[i])) return i;
  return n;
}

inline bool has_non_ascii(std::string_view s) {
  size_t i = 0;
  unsigned long long acc = 0;
  for (; i + 8 <= s.size(); i += 8) {
    unsigned long long w;
    std::memcpy(&w, s.data() + i, 8);
    acc |= w;
  }
  for (; i < s.size(); ++i) acc |= static_cast<unsigned char>(s[i]);
  return (acc & 0x8080808080808080ULL) != 0;
}

// Calls f(view) for the views a PII scanner reads: the raw text, decoded payloads, and the
// folded view only when the input has non-ASCII bytes — fullwidth digits and zero-width
// characters fold away there, while ASCII input folds only in letter case, which every
// PII scanner already ignores. This halves the work on ordinary text.
template <typename F>
void for_each_view(const ScanContext& ctx, F&& f) {
  f(ctx.raw());
  if (ctx.folded_view != nullptr && has_non_ascii(ctx.raw().text)) f(ctx.folded());
  for (const TextView* v : ctx.decoded) f(*v);
}

// True when one of `words` (lower-case ASCII) occurs as a whole word within `window` bytes
// before `pos`. Used to demand context for formats that bare digits alone do not prove.
bool context_before(std::string_view s, size_t pos, std::initializer_list<std::string_view> words,
                    size_t window = 40);

inline Hit make_hit(const TextView& view, size_t b, size_t e, std::string_view subtype, int severity,
                    double score) {
  Hit h;
  h.view = &view;
  h.begin = static_cast<uint32_t>(b);
  h.end = static_cast<uint32_t>(e);
  h.category = "pii";
  h.subtype = std::string(subtype);
  h.severity = severity;
  h.score = score;
  h.sensitive = true;
  return h;
}

// Luhn (mod 10) over the digits of s, ignoring anything else.
bool luhn_ok(std::string_view digits);

}  // namespace bulwark::detect::pii
