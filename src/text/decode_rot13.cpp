// Rot13, decoded only on a signal, because every text has a rot13 reading: the text names
// the cipher ("rot13", "rot-13", "caesar"), or three of ten consecutive words are rot13
// spellings of common English or instruction words ("gur", "vtaber", "cerivbhf"). The
// output is the whole source with ASCII letters rotated, byte for byte.
#include <array>
#include <cstdint>
#include <iterator>

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

// Words packed little-endian into a uint64 (lower-case, at most 8 letters; longer words
// compare their first 8 letters and their length), and a (first letter, length) filter so
// that most words of ordinary text are rejected with one table read.
struct RotWords {
  uint64_t key[std::size(kRotWords)] = {};
  uint8_t len[std::size(kRotWords)] = {};
  uint32_t lengths_by_first[26] = {};  // bit L set: some word starts with this letter, length L

  static uint64_t pack(std::string_view w) {
    uint64_t k = 0;
    for (size_t i = 0; i < w.size() && i < 8; ++i) k |= static_cast<uint64_t>(static_cast<unsigned char>(lower(w[i]))) << (8 * i);
    return k;
  }
  constexpr RotWords() {
    for (size_t i = 0; i < std::size(kRotWords); ++i) {
      std::string_view w = kRotWords[i];
      for (size_t c = 0; c < w.size() && c < 8; ++c) key[i] |= static_cast<uint64_t>(static_cast<unsigned char>(w[c])) << (8 * c);
      len[i] = static_cast<uint8_t>(w.size());
      lengths_by_first[w[0] - 'a'] |= 1u << w.size();
    }
  }
};
constexpr RotWords kRot{};

bool is_rot_word(std::string_view w) {
  if (w.size() < 2 || w.size() > 16) return false;
  char first = lower(w[0]);
  if ((kRot.lengths_by_first[first - 'a'] & (1u << w.size())) == 0) return false;
  uint64_t k = RotWords::pack(w);
  for (size_t i = 0; i < std::size(kRotWords); ++i)
    if (kRot.key[i] == k && kRot.len[i] == w.size()) return true;
  return false;
}

bool names_cipher(std::string_view s) {
  // "rot13", "ROT-13", "rot_13", "rot 13": find each "13" and look behind it.
  for (size_t p = s.find("13"); p != std::string_view::npos; p = s.find("13", p + 1)) {
    size_t k = p;
    if (k > 0 && (s[k - 1] == '-' || s[k - 1] == '_' || s[k - 1] == ' ')) --k;
    if (k >= 3 && lower(s[k - 3]) == 'r' && lower(s[k - 2]) == 'o' && lower(s[k - 1]) == 't') return true;
  }
  return s.find("aesar") != std::string_view::npos || s.find("AESAR") != std::string_view::npos;
}

bool has_rot_words(std::string_view s) {
  std::array<size_t, kMinHits> hits{};  // word indexes of the last kMinHits hits
  int nhits = 0;
  size_t word = 0;
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    while (i < n && !is_ascii_alpha(s[i])) ++i;
    if (i >= n) break;
    size_t j = i + 1;
    while (j < n && is_ascii_alpha(s[j])) ++j;
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
