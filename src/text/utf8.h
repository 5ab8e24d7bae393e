// text/utf8.h — strict UTF-8 validation and decoding (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bulwark/result.h"

namespace bulwark::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes one code point at s[i]. Returns its length in bytes (1..4), or 0 if the bytes at
// i are not well-formed UTF-8 (cp is then unspecified).
int decode_utf8(std::string_view s, size_t i, char32_t& cp);

// Appends cp as UTF-8.
void append_utf8(std::string& out, char32_t cp);

// @return ok, or kInvalidArgument naming the byte offset of the first malformed sequence.
Status validate_utf8(std::string_view s);

// Copies s, replacing each malformed sequence with U+FFFD. Returns the number replaced.
size_t sanitize_utf8(std::string_view s, std::string& out);

// Number of code points in s (s must be valid UTF-8; counts lead bytes).
uint32_t count_code_points(std::string_view s);

}  // namespace bulwark::text
