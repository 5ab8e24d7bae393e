#include "detect/blocklist/word_boundary.h"

#include <utf8proc.h>

#include "text/utf8.h"

namespace bulwark::detect::blocklist {

bool is_word_cp(char32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == '_';
  auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;  // L*, M*, N*
}

bool is_unspaced_script(char32_t cp) {
  return (cp >= 0x0E00 && cp <= 0x0EFF) ||   // Thai, Lao
         (cp >= 0x1000 && cp <= 0x109F) ||   // Myanmar
         (cp >= 0x1780 && cp <= 0x17FF) ||   // Khmer
         (cp >= 0x3040 && cp <= 0x30FF) ||   // Hiragana, Katakana
         (cp >= 0x3400 && cp <= 0x4DBF) ||   // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||   // CJK unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||   // CJK compatibility ideographs
         (cp >= 0x20000 && cp <= 0x3FFFF);   // CJK extensions B..
}

bool needs_boundary(char32_t edge_cp) { return is_word_cp(edge_cp) && !is_unspaced_script(edge_cp); }

char32_t first_cp(std::string_view s) {
  char32_t cp = 0;
  return (!s.empty() && text::decode_utf8(s, 0, cp) > 0) ? cp : 0;
}

char32_t last_cp(std::string_view s) {
  if (s.empty()) return 0;
  size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80 && s.size() - i < 4) --i;
  char32_t cp = 0;
  return text::decode_utf8(s, i, cp) > 0 ? cp : 0;
}

bool at_word_boundaries(std::string_view text, size_t begin, size_t end, bool check_left,
                        bool check_right) {
  if (check_left && begin > 0 && begin <= text.size() && is_word_cp(last_cp(text.substr(0, begin))))
    return false;
  if (check_right && end < text.size() && is_word_cp(first_cp(text.substr(end)))) return false;
  return true;
}

}  // namespace bulwark::detect::blocklist
