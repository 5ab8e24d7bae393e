// Leetspeak folding, only inside tokens that also hold letters: "1gn0r3" → "ignore",
// "p@$$w0rd" → "password", while "2024", "$5", "4kb", "5th" and "mp3" stay as they are.
#include "text/leet.h"

#include <array>
#include <cstdint>

#include "text/stages.h"
#include "text/word_splitter.h"

namespace bulwark::text {
namespace {

constexpr std::array<char, 256> make_leet() {
  std::array<char, 256> t{};
  t['0'] = 'o';
  t['1'] = 'i';
  t['3'] = 'e';
  t['4'] = 'a';
  t['5'] = 's';
  t['7'] = 't';
  t['@'] = 'a';
  t['$'] = 's';
  return t;
}
constexpr std::array<char, 256> kLeet = make_leet();

// 1: token byte; 2: token byte that is an ASCII letter. Non-ASCII bytes join tokens (a
// look-alike the skeleton kept) without counting as letters.
constexpr std::array<uint8_t, 256> make_class() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
      t[c] = 2;
    else if ((c >= '0' && c <= '9') || c == '@' || c == '$' || c >= 0x80)
      t[c] = 1;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kClass = make_class();

constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;

// High bit of each byte of w in ['0', '8') (ASCII bytes only; UTF-8 bytes have it set).
inline uint64_t low_digit_bytes(uint64_t w) {
  return ((w | kHigh) - kOnes * 0x30) & ~((w | kHigh) - kOnes * 0x38) & kHigh & ~w;
}

}  // namespace

char leet_letter(char c) { return kLeet[static_cast<unsigned char>(c)]; }

size_t find_low_digit(std::string_view text, size_t from) {
  const size_t n = text.size();
  size_t i = from;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, text.data() + i, 8);
    if (const uint64_t in_range = low_digit_bytes(w))
      return i + static_cast<size_t>(__builtin_ctzll(in_range) / 8);
  }
  for (; i < n; ++i)
    if (text[i] >= '0' && text[i] <= '7') return i;
  return n;
}

void fold_leet(std::string& text, const WordSplitter* words) {
  const size_t n = text.size();
  auto* s = reinterpret_cast<unsigned char*>(text.data());
  size_t done = 0;  // bytes before this belong to tokens already handled
  for (size_t p = 0; p < n; ++p) {
    // Skip 8 bytes at a time while none is a digit 0-7, '@' or '$' (SWAR range test).
    while (p + 8 <= n) {
      uint64_t w;
      __builtin_memcpy(&w, s + p, 8);
      auto has_zero = [&](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
      if (low_digit_bytes(w) | has_zero(w ^ (kOnes * '@')) | has_zero(w ^ (kOnes * '$'))) break;
      p += 8;
    }
    if (p >= n) break;
    if (kLeet[s[p]] == 0 || p < done) continue;
    // A substitute at p: look at its whole token.
    size_t i = p, j = p + 1;
    while (i > 0 && kClass[s[i - 1]] != 0) --i;
    while (j < n && kClass[s[j]] != 0) ++j;
    done = j;
    size_t letters = 0, first_letter = 0, last_letter = 0;
    for (size_t k = i; k < j; ++k) {
      if (kClass[s[k]] != 2) continue;
      if (letters++ == 0) first_letter = k;
      last_letter = k;
    }
    if (letters == 0) continue;
    bool inside = false, before = false;
    for (size_t k = i; k < j; ++k) {
      if (kLeet[s[k]] == 0) continue;
      if (k < first_letter)
        before = true;
      else if (k < last_letter)
        inside = true;
    }
    // "h3ll0", "p@ss": a substitution between letters. "1gnore": a leading one before a
    // real word. Not "4kb", "5th", "10px" (number + unit) nor "admin1", "mp3", "x86".
    bool fold = inside || (before && letters >= 4);
    // "7h3", "t0", "3vil": substitutes only at the edges of a short word, folded when the word
    // list knows what they spell ("mp3", "x86" spell nothing). Not a number with a short unit
    // or ordinal ("1st", "3rd", "5am", "4kb": digits, then one or two letters), which can spell
    // a word by accident ("ist", "sam").
    const bool number_unit = before && !inside && letters <= 2 &&
                             last_letter + 1 == j && first_letter + letters == j;
    if (!fold && !number_unit && words != nullptr && j - i <= WordSplitter::kMaxWord) {
      char spelled[WordSplitter::kMaxWord];
      bool letters_only = true;
      for (size_t k = i; k < j; ++k) {
        const char c = kLeet[s[k]] != 0 ? kLeet[s[k]] : static_cast<char>(s[k]);
        letters_only = letters_only && c >= 'a' && c <= 'z';
        spelled[k - i] = c;
      }
      fold = letters_only && words->known(std::string_view(spelled, j - i));
    }
    if (fold) {
      for (size_t k = i; k < j; ++k)
        if (char c = kLeet[s[k]]) s[k] = static_cast<unsigned char>(c);
    }
  }
}

}  // namespace bulwark::text
