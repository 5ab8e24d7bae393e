// The skeleton view: the folded view with look-alike letters replaced by the Latin letter
// they imitate, decorating marks on letters dropped, and leetspeak folded.
#include <cstdint>

#include "text/confusables.h"
#include "text/stages.h"
#include "text/utf8.h"

namespace bulwark::text {
namespace {

bool has_non_ascii(const std::string& s) {
  size_t i = 0;
  uint64_t acc = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, s.data() + i, 8);
    acc |= w;
  }
  for (; i < s.size(); ++i) acc |= static_cast<unsigned char>(s[i]);
  return (acc & 0x8080808080808080ULL) != 0;
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

void build_skeleton(const TextView& folded, TextView& out, const WordSplitter* words) {
  out.clear();
  out.name = "skeleton";
  if (!has_non_ascii(folded.text)) {
    out.text = folded.text;
    out.src_begin = folded.src_begin;
    out.src_end = folded.src_end;
  } else {
    const std::string& t = folded.text;
    out.text.reserve(t.size());
    out.src_begin.reserve(t.size());
    out.src_end.reserve(t.size());
    for (size_t i = 0; i < t.size();) {
      if (static_cast<unsigned char>(t[i]) < 0x80) {
        out.append(t[i], folded.src_begin[i], folded.src_end[i]);
        ++i;
        continue;
      }
      char32_t cp;
      int len = decode_utf8(t, i, cp);
      if (len <= 0) len = 1;
      size_t e = i + static_cast<size_t>(len);
      uint32_t ob = folded.src_begin[i], oe = folded.src_end[e - 1];
      if (char letter = confusable_letter(cp)) {
        out.append(letter, ob, oe);
      } else if (is_decorating_mark(cp) && !out.text.empty() && is_ascii_letter(out.text.back())) {
        // Widen the letter's range to cover its marks so that a finding covers them too.
        if (oe > out.src_end.back()) out.src_end.back() = oe;
      } else {
        for (size_t k = i; k < e; ++k) out.append(t[k], folded.src_begin[k], folded.src_end[k]);
      }
      i = e;
    }
  }
  fold_leet(out.text, words);
}

}  // namespace bulwark::text
