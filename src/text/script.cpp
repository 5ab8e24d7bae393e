#include "text/script.h"

#include <algorithm>
#include <array>
#include <cstring>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "text/utf8.h"

namespace bulwark::text {

int script_of(char32_t cp) {
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode s = uscript_getScript(static_cast<UChar32>(cp), &err);
  if (U_FAILURE(err) || s == USCRIPT_COMMON || s == USCRIPT_INHERITED || s == USCRIPT_UNKNOWN) return -1;
  if (s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_KATAKANA_OR_HIRAGANA) return USCRIPT_HAN;
  return s < kMaxScripts ? static_cast<int>(s) : -1;
}

std::string script_name(int script) {
  if (script < 0 || script >= kMaxScripts) return {};
  const char* n = uscript_getName(static_cast<UScriptCode>(script));
  return n ? n : "";
}

int script_code(std::string_view name) {
  const int v = u_getPropertyValueEnum(UCHAR_SCRIPT, std::string(name).c_str());
  return v >= 0 && v < kMaxScripts ? v : -1;
}

int dominant_script(std::string_view utf8) {
  std::array<uint32_t, kMaxScripts> count{};
  int best = -1;
  for (size_t i = 0; i < utf8.size();) {
    const unsigned char b = static_cast<unsigned char>(utf8[i]);
    int s = -1;
    if (b < 0x80) {
      ++i;
      if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') s = USCRIPT_LATIN;
    } else {
      char32_t cp;
      const int n = decode_utf8(utf8, i, cp);
      i += n > 0 ? static_cast<size_t>(n) : 1;
      if (n > 0) s = script_of(cp);
    }
    if (s < 0) continue;
    ++count[s];
    if (best < 0 || count[s] > count[best] || (count[s] == count[best] && s < best)) best = s;
  }
  return best;
}

bool blank_scripts(std::string_view text, const ScriptSet& keep, std::string& out, bool* kept_letters,
                   ScriptSet* dropped) {
  auto ascii_letter = [](unsigned char b) { return (b | 0x20) >= 'a' && (b | 0x20) <= 'z'; };
  auto space = [](unsigned char b) { return b == ' ' || (b >= '\t' && b <= '\r'); };
  // Most text is ASCII: look for a byte with the high bit set eight at a time.
  size_t first = 0;
  for (uint64_t w; first + 8 <= text.size(); first += 8) {
    std::memcpy(&w, text.data() + first, 8);
    if (w & 0x8080808080808080ull) break;
  }
  while (first < text.size() && static_cast<unsigned char>(text[first]) < 0x80) ++first;
  // ASCII is never blanked: every model has read Latin text.
  if (first == text.size()) return false;
  bool blanked = false, kept_any = false;
  // Token by token (ASCII whitespace delimits, as for the models): a token with letters of
  // unread scripts and none of read ones goes whole, its punctuation and digits too ("কি?");
  // in a mixed token only the unread letters (and the marks on them) go.
  for (size_t b = 0; b < text.size();) {
    if (space(static_cast<unsigned char>(text[b]))) {
      ++b;
      continue;
    }
    size_t e = b;
    while (e < text.size() && !space(static_cast<unsigned char>(text[e]))) ++e;
    bool unread = false, read = false;
    for (size_t i = b; i < e;) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c < 0x80) {
        read = read || ascii_letter(c);
        ++i;
        continue;
      }
      char32_t cp;
      const int n = decode_utf8(text, i, cp);
      i += n > 0 ? static_cast<size_t>(n) : 1;
      if (n <= 0) continue;
      const int sc = script_of(cp);
      if (sc < 0) continue;
      const bool kept = keep.test(static_cast<size_t>(sc));
      (kept ? read : unread) = true;
      if (!kept && dropped) dropped->set(static_cast<size_t>(sc));
    }
    kept_any = kept_any || read;
    if (unread) {
      if (!blanked) out.assign(text);
      blanked = true;
      if (!read) {
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(b), out.begin() + static_cast<std::ptrdiff_t>(e), ' ');
      } else {
        bool after_blank = false;
        for (size_t i = b; i < e;) {
          char32_t cp;
          const int n = static_cast<unsigned char>(text[i]) < 0x80 ? 0 : decode_utf8(text, i, cp);
          if (n <= 0) {
            after_blank = false;
            ++i;
            continue;
          }
          const int sc = script_of(cp);
          const bool blank = sc >= 0 ? !keep.test(static_cast<size_t>(sc))
                                     : after_blank && (U_GET_GC_MASK(static_cast<UChar32>(cp)) & (U_GC_M_MASK | U_GC_CF_MASK)) != 0;
          if (blank) std::fill(out.begin() + static_cast<std::ptrdiff_t>(i), out.begin() + static_cast<std::ptrdiff_t>(i + n), ' ');
          after_blank = blank;
          i += static_cast<size_t>(n);
        }
      }
    }
    b = e;
  }
  if (blanked && kept_letters) *kept_letters = kept_any;
  return blanked;
}

}  // namespace bulwark::text
