// detect/pii/scan_util.h — small helpers the PII hand scanners share: character classes,
// which views to read, context words, and building hits.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string_view>

#include "bulwark/detector.h"

namespace bulwark::detect::pii {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
inline char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
inline char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool has_non_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
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

inline Hit make_hit(const TextView& view, size_t b, size_t e, std::string_view subtype,
                    int severity, double score) {
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
