#include "text/utf8.h"

namespace bulwark::text {

int decode_utf8(std::string_view s, size_t i, char32_t& cp) {
  const size_t n = s.size();
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  auto cont = [&](size_t k) -> int {
    if (i + k >= n) return -1;
    auto b = static_cast<unsigned char>(s[i + k]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    int c1 = cont(1);
    if (c1 < 0) return 0;
    cp = (char32_t(b0 & 0x1F) << 6) | char32_t(c1);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    int c1 = cont(1), c2 = cont(2);
    if (c1 < 0 || c2 < 0) return 0;
    if (b0 == 0xE0 && c1 < 0x20) return 0;   // overlong
    if (b0 == 0xED && c1 >= 0x20) return 0;  // surrogates
    cp = (char32_t(b0 & 0x0F) << 12) | (char32_t(c1) << 6) | char32_t(c2);
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    int c1 = cont(1), c2 = cont(2), c3 = cont(3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return 0;
    if (b0 == 0xF0 && c1 < 0x10) return 0;   // overlong
    if (b0 == 0xF4 && c1 >= 0x10) return 0;  // > U+10FFFF
    cp = (char32_t(b0 & 0x07) << 18) | (char32_t(c1) << 12) | (char32_t(c2) << 6) | char32_t(c3);
    return 4;
  }
  return 0;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

Status validate_utf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      __builtin_memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    char32_t cp;
    int len = decode_utf8(s, i, cp);
    if (len == 0) {
      static const char kHex[] = "0123456789ABCDEF";
      const auto b = static_cast<unsigned char>(s[i]);
      return invalid_argument("malformed UTF-8 at byte offset " + std::to_string(i) + " (byte 0x" +
                              kHex[b >> 4] + kHex[b & 15] + ")");
    }
    i += static_cast<size_t>(len);
  }
  return {};
}

size_t sanitize_utf8(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  size_t replaced = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    int len = decode_utf8(s, i, cp);
    if (len == 0) {
      append_utf8(out, kReplacementChar);
      ++replaced;
      ++i;
    } else {
      out.append(s.substr(i, static_cast<size_t>(len)));
      i += static_cast<size_t>(len);
    }
  }
  return replaced;
}

uint32_t count_code_points(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace bulwark::text
