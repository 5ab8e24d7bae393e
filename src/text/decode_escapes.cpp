// Backslash escapes as in JSON, JavaScript, Python and C: \uXXXX (with surrogate pairs),
// \u{X..}, \UXXXXXXXX and \xXX (consecutive \x bytes forming UTF-8 are joined; others read
// as Latin-1). The whole source with escapes replaced, kept when they cover at least
// min_encoded_len bytes or encode a letter or digit.
#include <cstring>

#include "text/decode_util.h"
#include "text/decoders.h"
#include "text/utf8.h"

namespace bulwark::text {
namespace {

// Reads `digits` hex digits at src[k]; -1 if not all present.
int64_t read_hex(std::string_view src, size_t k, size_t digits) {
  if (k + digits > src.size()) return -1;
  int64_t v = 0;
  for (size_t d = 0; d < digits; ++d) {
    int h = hex_value(src[k + d]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// One escape at src[i] == '\\'. Sets cp (or byte for \x) and returns its length, 0 if none.
size_t parse_escape(std::string_view src, size_t i, char32_t& cp, bool& is_byte) {
  is_byte = false;
  if (i + 1 >= src.size()) return 0;
  char t = src[i + 1];
  if (t == 'x') {
    int64_t v = read_hex(src, i + 2, 2);
    if (v < 0) return 0;
    cp = static_cast<char32_t>(v);
    is_byte = true;
    return 4;
  }
  if (t == 'U') {
    int64_t v = read_hex(src, i + 2, 8);
    if (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    cp = static_cast<char32_t>(v);
    return 10;
  }
  if (t != 'u') return 0;
  if (i + 2 < src.size() && src[i + 2] == '{') {
    size_t k = i + 3, d = k;
    int64_t v = 0;
    while (k < src.size() && k - d < 6 && hex_value(src[k]) >= 0) v = v * 16 + hex_value(src[k++]);
    if (k == d || k >= src.size() || src[k] != '}') return 0;
    if (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    cp = static_cast<char32_t>(v);
    return k + 1 - i;
  }
  int64_t v = read_hex(src, i + 2, 4);
  if (v <= 0) return 0;
  if (v >= 0xD800 && v <= 0xDBFF) {  // high surrogate: needs \uDC00..\uDFFF next
    if (i + 7 < src.size() && src[i + 6] == '\\' && src[i + 7] == 'u') {
      int64_t lo = read_hex(src, i + 8, 4);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = static_cast<char32_t>(0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00));
        return 12;
      }
    }
    return 0;
  }
  if (v >= 0xDC00 && v <= 0xDFFF) return 0;
  cp = static_cast<char32_t>(v);
  return 6;
}

}  // namespace

bool decode_escapes(std::string_view src, const DecodeOptions& opt, TextView& out) {
  if (std::memchr(src.data(), '\\', src.size()) == nullptr) return false;
  size_t escaped = 0, copied = 0;
  bool disguised = false;
  std::string enc;
  for (size_t i = 0; i < src.size(); ++i) {
    const void* hit = std::memchr(src.data() + i, '\\', src.size() - i);
    if (hit == nullptr) break;
    i = static_cast<size_t>(static_cast<const char*>(hit) - src.data());
    char32_t cp = 0;
    bool is_byte = false;
    size_t len = parse_escape(src, i, cp, is_byte);
    if (len == 0) {
      if (i + 1 < src.size() && src[i + 1] == '\\') ++i;  // "\\u0041" is a literal backslash
      continue;
    }
    copy_through(src, copied, i, out);
    if (!is_byte) {
      enc.clear();
      append_utf8(enc, cp);
      out.append(enc, static_cast<uint32_t>(i), static_cast<uint32_t>(i + len));
      disguised |= cp < 0x80 && is_ascii_alnum(static_cast<char>(cp));
    } else {
      // Gather consecutive \xHH bytes; keep them as UTF-8 if they form it, else Latin-1.
      std::string bytes;
      std::vector<uint32_t> at;
      size_t k = i;
      char32_t b;
      bool byte;
      while (k < src.size() && src[k] == '\\' && parse_escape(src, k, b, byte) == 4 && byte) {
        bytes.push_back(static_cast<char>(b));
        at.push_back(static_cast<uint32_t>(k));
        k += 4;
      }
      bool utf8 = validate_utf8(bytes).ok();
      for (size_t m = 0; m < bytes.size(); ++m) {
        auto c = static_cast<unsigned char>(bytes[m]);
        disguised |= is_ascii_alnum(static_cast<char>(c));
        enc.clear();
        if (utf8 || c < 0x80) enc.push_back(static_cast<char>(c));
        else append_utf8(enc, c);
        out.append(enc, at[m], at[m] + 4);
      }
      len = k - i;
    }
    escaped += len;
    copied = i + len;
    i += len - 1;
  }
  if (escaped == 0 || (escaped < opt.min_encoded_len && !disguised)) return false;
  copy_through(src, copied, src.size(), out);
  return true;
}

}  // namespace bulwark::text
