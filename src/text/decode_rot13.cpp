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

constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;

// A word as the hash key the scan below builds: its last (up to) 8 lower-case letters
// shifted in one by one, mixed with its length.
constexpr uint64_t word_key(uint64_t packed, size_t len) { return (packed ^ (static_cast<uint64_t>(len) << 59)) * kMul; }

// The rot13 word list as exact keys plus a 1024-bit filter, so that the scan tests each
// word end with one table read and compares keys only on a filter hit.
struct RotWords {
  uint64_t key[std::size(kRotWords)] = {};
  uint64_t filter[16] = {};

  constexpr RotWords() {
    for (size_t i = 0; i < std::size(kRotWords); ++i) {
      uint64_t packed = 0;
      for (char c : kRotWords[i]) packed = (packed << 8) | static_cast<unsigned char>(c);
      key[i] = word_key(packed, kRotWords[i].size());
      uint64_t h = key[i] >> 54;
      filter[h >> 6] |= 1ULL << (h & 63);
    }
  }
  bool contains(uint64_t k) const {
    for (uint64_t w : key)
      if (w == k) return true;
    return false;
  }
};
constexpr RotWords kRot{};

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
  size_t word = 0, len = 0;
  uint64_t packed = 0;
  const size_t n = s.size();
  for (size_t i = 0; i <= n; ++i) {
    auto c = i < n ? static_cast<unsigned char>(s[i]) : 0;
    const bool alpha = is_ascii_alpha(static_cast<char>(c));
    if (!alpha && len != 0) {
      uint64_t k = word_key(packed, len);
      uint64_t h = k >> 54;
      if (((kRot.filter[h >> 6] >> (h & 63)) & 1) && len >= 2 && kRot.contains(k)) {
        hits[static_cast<size_t>(nhits) % kMinHits] = word;
        ++nhits;
        if (nhits >= kMinHits && word - hits[static_cast<size_t>(nhits) % kMinHits] < kWindowWords) return true;
      }
      ++word;
    }
    packed = alpha ? (packed << 8) | (c | 0x20) : 0;
    len = alpha ? len + 1 : 0;
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
