// Rot13, decoded only on a signal, because every text has a rot13 reading: the text names
// the cipher ("rot13", "rot-13", "caesar"), or three of ten consecutive words are rot13
// spellings of common English or instruction words ("gur", "vtaber", "cerivbhf"). The
// output is the whole source with ASCII letters rotated, byte for byte.
#include <array>

#include "text/decode_util.h"
#include "text/decoders.h"

namespace bulwark::text {
namespace {

constexpr size_t kWindowWords = 10;
constexpr int kMinHits = 3;

// Rot13 spellings of words that ordinary text is full of, and of attack vocabulary.
constexpr std::string_view kRotWords[] = {
    "gur",    "naq",      "lbh",      "lbhe",    "vf",     "gb",           "bs",      "vg",
    "guvf",   "gung",     "jvgu",     "sbe",     "ner",    "nyy",          "jung",    "abg",
    "unir",   "vtaber",   "cerivbhf", "cevbe",   "vafgehpgvbaf", "flfgrz",  "cebzcg",  "cnffjbeq",
    "erirny", "frperg",   "gryy",     "zr",      "lbhefrys", "ehyrf",      "qvfertneq", "fnl",
};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool is_rot_word(std::string_view w) {
  char buf[16];
  if (w.size() < 2 || w.size() > sizeof buf) return false;
  for (size_t k = 0; k < w.size(); ++k) buf[k] = lower(w[k]);
  std::string_view lw(buf, w.size());
  for (std::string_view r : kRotWords)
    if (r == lw) return true;
  return false;
}

bool names_cipher(std::string_view s) {
  for (size_t i = 0; i + 4 < s.size(); ++i) {
    char c = lower(s[i]);
    if (c == 'r' && lower(s[i + 1]) == 'o' && lower(s[i + 2]) == 't') {
      size_t k = i + 3;
      if (s[k] == '-' || s[k] == '_' || s[k] == ' ') ++k;
      if (k + 1 < s.size() && s[k] == '1' && s[k + 1] == '3') return true;
    } else if (c == 'c' && i + 5 < s.size() && lower(s[i + 1]) == 'a' && lower(s[i + 2]) == 'e' &&
               lower(s[i + 3]) == 's' && lower(s[i + 4]) == 'a' && lower(s[i + 5]) == 'r') {
      return true;
    }
  }
  return false;
}

bool has_rot_words(std::string_view s) {
  std::array<size_t, kMinHits> hits{};  // word indexes of the last kMinHits hits
  int nhits = 0;
  size_t word = 0;
  for (size_t i = 0; i < s.size();) {
    if (!is_ascii_alpha(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && is_ascii_alpha(s[j])) ++j;
    if (is_rot_word(s.substr(i, j - i))) {
      hits[static_cast<size_t>(nhits) % kMinHits] = word;
      ++nhits;
      if (nhits >= kMinHits && word - hits[static_cast<size_t>(nhits) % kMinHits] < kWindowWords) return true;
    }
    ++word;
    i = j;
  }
  return false;
}

}  // namespace

bool decode_rot13(std::string_view src, const DecodeOptions& opt, TextView& out) {
  if (src.size() < opt.min_encoded_len) return false;
  if (!names_cipher(src) && !has_rot_words(src)) return false;
  for (size_t i = 0; i < src.size(); ++i) {
    char c = src[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>('a' + (c - 'a' + 13) % 26);
    else if (c >= 'A' && c <= 'Z') c = static_cast<char>('A' + (c - 'A' + 13) % 26);
    out.append(c, static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1));
  }
  return true;
}

}  // namespace bulwark::text
