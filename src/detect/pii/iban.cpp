#include "detect/pii/iban.h"

#include <string>

#include "detect/pii/scan_util.h"

namespace bulwark::detect {
namespace {

using pii::is_alnum;
using pii::is_alpha;
using pii::is_digit;
using pii::to_upper;

struct CountryLength {
  char cc[3];
  int length;
};
// SWIFT IBAN registry (release 2024), sorted by country code.
constexpr CountryLength kLengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27},
    {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
    {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28},
    {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
    {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
    {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
};

void scan_view(const TextView& view, HitSink& out) {
  const std::string& s = view.text;
  const size_t n = s.size();
  std::string compact;
  // Jump to the check digits, then look back for the country code.
  for (size_t d = 0; (d = pii::find_digit(s, d)) < n; ++d) {
    if (d < 2 || d + 13 > n || !is_alpha(s[d - 1]) || !is_alpha(s[d - 2]) || !is_digit(s[d + 1]) ||
        (d > 2 && is_alnum(s[d - 3]))) {
      while (d + 1 < n && is_digit(s[d + 1])) ++d;
      continue;
    }
    const size_t i = d - 2;
    char cc[2] = {to_upper(s[i]), to_upper(s[i + 1])};
    int len = iban_length(std::string_view(cc, 2));
    if (len == 0) continue;
    // Gather exactly `len` alphanumerics; a single space may follow each complete group of 4.
    compact.clear();
    size_t j = i;
    while (j < n && compact.size() < static_cast<size_t>(len)) {
      if (is_alnum(s[j])) {
        compact.push_back(s[j++]);
      } else if (s[j] == ' ' && compact.size() % 4 == 0 && j + 1 < n && is_alnum(s[j + 1])) {
        ++j;
      } else {
        break;
      }
    }
    if (compact.size() != static_cast<size_t>(len) || (j < n && is_alnum(s[j]))) continue;
    if (!iban_valid(compact)) continue;
    out.add(pii::make_hit(view, i, j, "iban", 4, 0.97));
    d = j - 1;
  }
}

class IbanDetector final : public Detector {
 public:
  std::string_view id() const override { return "pii.iban"; }
  Status scan(const ScanContext& ctx, DetectorScratch*, HitSink& out) const override {
    pii::for_each_view(ctx, [&](const TextView& v) { scan_view(v, out); });
    return {};
  }
};

}  // namespace

int iban_length(std::string_view cc) {
  size_t lo = 0, hi = sizeof kLengths / sizeof kLengths[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    std::string_view m(kLengths[mid].cc, 2);
    if (m == cc) return kLengths[mid].length;
    if (m < cc)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

bool iban_valid(std::string_view compact) {
  if (compact.size() < 15) return false;
  char cc[2] = {to_upper(compact[0]), to_upper(compact[1])};
  if (iban_length(std::string_view(cc, 2)) != static_cast<int>(compact.size())) return false;
  if (!is_digit(compact[2]) || !is_digit(compact[3])) return false;
  // Move the first four characters to the end, letters become 10..35, reduce mod 97.
  int rem = 0;
  for (size_t k = 0; k < compact.size(); ++k) {
    char c = compact[(k + 4) % compact.size()];
    if (is_digit(c)) {
      rem = (rem * 10 + (c - '0')) % 97;
    } else if (is_alpha(c)) {
      int v = to_upper(c) - 'A' + 10;
      rem = (rem * 100 + v) % 97;
    } else {
      return false;
    }
  }
  return rem == 1;
}

Result<DetectorPtr> make_iban_detector(const DetectorSpec&) { return DetectorPtr(new IbanDetector); }

}  // namespace bulwark::detect
