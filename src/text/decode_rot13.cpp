// Rot13, decoded only on a signal, because every text has a rot13 reading: the text names
// the cipher ("rot13", "rot-13", "caesar"), or three of ten consecutive words are rot13
// spellings of common English or instruction words ("gur", "vtaber", "cerivbhf"). The
// output is the whole source with ASCII letters rotated, byte for byte.
#include <array>
#include <cstring>
#include <cstdint>
#include <iterator>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

constexpr size_t kLongestRotWord = 12;   // "vafgehpgvbaf"; a longer word cannot match a key
constexpr bool fits_longest() {
  for (std::string_view w : kRotWords)
    if (w.size() > kLongestRotWord) return false;
  return true;
}
static_assert(fits_longest(), "raise kLongestRotWord with the word list");

// (length, first letter, last letter) of every rot13 word: most English words fail this test,
// so few words are packed and hashed at all.
struct Shapes {
  uint64_t bits[((kLongestRotWord + 1) * 26 * 26 + 63) / 64] = {};
  static constexpr size_t index(size_t len, unsigned first, unsigned last) { return (len * 26 + first) * 26 + last; }
  constexpr Shapes() {
    for (std::string_view w : kRotWords) {
      const size_t i = index(w.size(), static_cast<unsigned>(w.front() - 'a'), static_cast<unsigned>(w.back() - 'a'));
      bits[i >> 6] |= 1ULL << (i & 63);
    }
  }
  bool maybe(size_t len, unsigned char first, unsigned char last) const {
    const size_t i = index(len, ((first | 0x20) - 'a') % 26u, ((last | 0x20) - 'a') % 26u);
    return (bits[i >> 6] >> (i & 63)) & 1;
  }
};
constexpr Shapes kShapes{};

// Bit k set: byte k of the 64 at p is an ASCII letter.
uint64_t letters64(const unsigned char* p) {
#if defined(__SSE2__)
  const __m128i lower_a = _mm_set1_epi8('a'), case_bit = _mm_set1_epi8(0x20), z = _mm_set1_epi8(25);
  uint64_t m = 0;
  for (int k = 0; k < 4; ++k) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    __m128i t = _mm_sub_epi8(_mm_or_si128(c, case_bit), lower_a);   // 0..25 for letters
    __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(t, z), t);
    m |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(letter))) << (16 * k);
  }
  return m;
#else
  uint64_t m = 0;
  for (int k = 0; k < 64; ++k) m |= static_cast<uint64_t>(static_cast<unsigned>((p[k] | 0x20) - 'a') < 26u) << k;
  return m;
#endif
}

// Word by word (maximal runs of ASCII letters), found 64 bytes at a time from the bit mask of
// letters: only the positions where the mask changes are visited, and only words shaped like a
// rot13 word (length, first and last letter) are hashed.
bool has_rot_words(std::string_view s) {
  std::array<size_t, kMinHits> hits{};  // word indexes of the last kMinHits hits
  int nhits = 0;
  size_t word = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  auto on_word = [&](size_t b, size_t e) {   // the word p[b, e)
    const size_t len = e - b;
    bool found = false;
    if (len >= 2 && len <= kLongestRotWord && kShapes.maybe(len, p[b], p[e - 1])) {
      uint64_t packed = 0;   // the last (up to) 8 letters, lower-cased
      for (size_t k = len > 8 ? e - 8 : b; k < e; ++k) packed = (packed << 8) | (p[k] | 0x20);
      const uint64_t key = word_key(packed, len);
      const uint64_t h = key >> 54;
      if (((kRot.filter[h >> 6] >> (h & 63)) & 1) && kRot.contains(key)) {
        hits[static_cast<size_t>(nhits) % kMinHits] = word;
        ++nhits;
        found = nhits >= kMinHits && word - hits[static_cast<size_t>(nhits) % kMinHits] < kWindowWords;
      }
    }
    ++word;
    return found;
  };
  unsigned char tail[64];
  uint64_t prev = 0;          // bit 0: the byte before this block is a letter
  size_t start = 0;           // of the word in progress
  for (size_t base = 0; base < n; base += 64) {
    const unsigned char* block = p + base;
    if (n - base < 64) {      // the last, partial block: a copy padded with non-letters
      std::memset(tail, ' ', sizeof tail);
      std::memcpy(tail, block, n - base);
      block = tail;
    }
    const uint64_t a = letters64(block);
    uint64_t changes = a ^ ((a << 1) | prev);   // a word starts or ends at each set bit
    prev = a >> 63;
    while (changes) {
      const size_t bit = static_cast<size_t>(__builtin_ctzll(changes));
      changes &= changes - 1;
      if ((a >> bit) & 1) {
        start = base + bit;
      } else if (on_word(start, base + bit)) {
        return true;
      }
    }
  }
  return prev && on_word(start, n);
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
