#include "text/confusables.h"

#include <unicode/uspoof.h>
#include <unicode/utf16.h>

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace bulwark::text {
namespace {

constexpr char32_t kTableSize = 0x20000;  // BMP + SMP: every Latin look-alike lives there

// Blocks holding letters that render like Latin ones. NFKC (the folded view) already
// handles fullwidth and mathematical letters; they are listed anyway so that the table is
// right on its own.
constexpr std::pair<char32_t, char32_t> kRanges[] = {
    {0x00C0, 0x058F},    // Latin-1 letters, Latin Extended-A/B, IPA, Greek, Cyrillic, Armenian
    {0x13A0, 0x13FF},    // Cherokee
    {0x1D00, 0x1DBF},    // phonetic extensions
    {0x1E00, 0x1FFF},    // Latin Extended Additional, Greek Extended
    {0x2100, 0x218F},    // letterlike symbols, Roman numerals
    {0x2C60, 0x2CFF},    // Latin Extended-C, Coptic
    {0xA4D0, 0xA4FF},    // Lisu
    {0xA640, 0xA69F},    // Cyrillic Extended-B
    {0xA720, 0xA7FF},    // Latin Extended-D
    {0xAB30, 0xABBF},    // Latin Extended-E, Cherokee supplement
    {0xFF21, 0xFF5A},    // fullwidth letters
    {0x10400, 0x1044F},  // Deseret
    {0x1D400, 0x1D7FF},  // mathematical alphanumerics
};

std::u16string utf16(char32_t cp) {
  std::u16string s;
  if (cp < 0x10000) {
    s.push_back(static_cast<char16_t>(cp));
  } else {
    s.push_back(static_cast<char16_t>(U16_LEAD(cp)));
    s.push_back(static_cast<char16_t>(U16_TRAIL(cp)));
  }
  return s;
}

struct Table {
  std::unique_ptr<std::array<char, kTableSize>> map = std::make_unique<std::array<char, kTableSize>>();

  Table() {
    map->fill(0);
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* sc = uspoof_open(&status);
    if (U_FAILURE(status) || sc == nullptr) return;  // no ICU data: no confusables, still correct
    auto skeleton = [&](const std::u16string& s) {
      UChar buf[32];
      UErrorCode st = U_ZERO_ERROR;
      int32_t n = uspoof_getSkeleton(sc, 0, reinterpret_cast<const UChar*>(s.data()),
                                     static_cast<int32_t>(s.size()), buf, 32, &st);
      if (U_FAILURE(st) || n <= 0 || n > 32) return std::u16string();
      return std::u16string(reinterpret_cast<const char16_t*>(buf), static_cast<size_t>(n));
    };
    // Skeleton → letter. Lower-case letters first: "I" and "l" share a skeleton, and the
    // folded view is lower-case, so the lower-case reading wins.
    std::map<std::u16string, char> targets;
    for (char c = 'a'; c <= 'z'; ++c) targets.emplace(skeleton(std::u16string(1, c)), c);
    for (char c = 'A'; c <= 'Z'; ++c) targets.emplace(skeleton(std::u16string(1, c)), static_cast<char>(c + 32));
    for (auto [lo, hi] : kRanges) {
      for (char32_t cp = lo; cp <= hi; ++cp) {
        std::u16string sk = skeleton(utf16(cp));
        if (sk.empty()) continue;
        // Strip trailing combining diacritics (U+0300..U+036F): "ë" reads as "e".
        while (sk.size() > 1 && sk.back() >= 0x300 && sk.back() <= 0x36F) sk.pop_back();
        auto it = targets.find(sk);
        if (it != targets.end()) (*map)[cp] = it->second;
      }
    }
    uspoof_close(sc);
  }
};

const Table& table() {
  static const Table t;
  return t;
}

}  // namespace

char confusable_letter(char32_t cp) {
  if (cp < 0x80 || cp >= kTableSize) return 0;
  return (*table().map)[cp];
}

bool is_decorating_mark(char32_t cp) {
  return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F);
}

void warm_confusables() { (void)table(); }

}  // namespace bulwark::text
