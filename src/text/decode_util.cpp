#include "text/decode_util.h"

#include "text/utf8.h"

namespace bulwark::text {

bool looks_like_text(std::string_view s, double min_letter_share) {
  if (s.empty()) return false;
  size_t cps = 0, printable = 0, letters = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    int len = decode_utf8(s, i, cp);
    if (len <= 0) return false;
    ++cps;
    if (cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp < 0x7F) ||
        (cp >= 0xA0 && cp != kReplacementChar))
      ++printable;
    if (cp == ' ' || is_ascii_alnum(static_cast<char>(cp < 0x80 ? cp : 0))) ++letters;
    i += static_cast<size_t>(len);
  }
  if (printable * 10 < cps * 9) return false;
  return static_cast<double>(letters) >= min_letter_share * static_cast<double>(s.size());
}

}  // namespace bulwark::text
