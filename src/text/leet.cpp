// Leetspeak folding, only inside tokens that also hold letters: "1gn0r3" → "ignore",
// "p@$$w0rd" → "password", while "2024", "$5", "4kb", "5th" and "mp3" stay as they are.
#include <array>

#include "text/stages.h"

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
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) t[c] = 2;
    else if ((c >= '0' && c <= '9') || c == '@' || c == '$' || c >= 0x80) t[c] = 1;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kClass = make_class();

}  // namespace

void fold_leet(std::string& text) {
  const size_t n = text.size();
  auto* s = reinterpret_cast<unsigned char*>(text.data());
  size_t i = 0;
  while (i < n) {
    if (kClass[s[i]] == 0) {
      ++i;
      continue;
    }
    // One token: count its letters and find where its leet characters sit.
    size_t j = i, letters = 0, first_letter = 0, last_letter = 0;
    bool any_leet = false;
    while (j < n && kClass[s[j]] != 0) {
      if (kClass[s[j]] == 2) {
        if (letters++ == 0) first_letter = j;
        last_letter = j;
      } else if (kLeet[s[j]] != 0) {
        any_leet = true;
      }
      ++j;
    }
    if (letters > 0 && any_leet) {
      bool inside = false, before = false;
      for (size_t k = i; k < j; ++k) {
        if (kLeet[s[k]] == 0) continue;
        if (k < first_letter) before = true;
        else if (k < last_letter) inside = true;
      }
      // "h3ll0", "p@ss": a substitution between letters. "1gnore": a leading one before a
      // real word. Not "4kb", "5th", "10px" (number + unit) nor "admin1", "mp3", "x86".
      if (inside || (before && letters >= 4)) {
        for (size_t k = i; k < j; ++k)
          if (char c = kLeet[s[k]]) s[k] = static_cast<unsigned char>(c);
      }
    }
    i = j;
  }
}

}  // namespace bulwark::text
