#include "detect/pii/us_ssn.h"

#include "detect/pii/scan_util.h"

namespace bulwark::detect {
namespace {

using pii::is_alnum;
using pii::is_digit;

bool digits_at(const std::string& s, size_t i, size_t n) {
  if (i + n > s.size()) return false;
  for (size_t k = 0; k < n; ++k)
    if (!is_digit(s[i + k])) return false;
  return true;
}

// A separator or digit next to the match means it is part of a longer number or id.
bool clear_before(const std::string& s, size_t i) {
  if (i == 0) return true;
  char c = s[i - 1];
  if (is_alnum(c)) return false;
  if ((c == '-' || c == '.' || c == '/') && i >= 2 && is_digit(s[i - 2])) return false;
  return true;
}
bool clear_after(const std::string& s, size_t e) {
  if (e >= s.size()) return true;
  char c = s[e];
  if (is_alnum(c)) return false;
  if ((c == '-' || c == '.' || c == '/') && e + 1 < s.size() && is_digit(s[e + 1])) return false;
  return true;
}

void scan_view(const TextView& view, HitSink& out) {
  const std::string& s = view.text;
  for (size_t i = 0; (i = pii::find_digit(s, i)) + 9 <= s.size(); ++i) {
    if (!clear_before(s, i)) {
      while (i + 1 < s.size() && is_digit(s[i + 1])) ++i;
      continue;
    }
    char d[9];
    size_t end = 0;
    bool bare = false;
    if (digits_at(s, i, 3) && i + 11 <= s.size() && (s[i + 3] == '-' || s[i + 3] == ' ') &&
        s[i + 6] == s[i + 3] && digits_at(s, i + 4, 2) && digits_at(s, i + 7, 4)) {
      for (int k = 0; k < 3; ++k) d[k] = s[i + k];
      for (int k = 0; k < 2; ++k) d[3 + k] = s[i + 4 + k];
      for (int k = 0; k < 4; ++k) d[5 + k] = s[i + 7 + k];
      end = i + 11;
    } else if (digits_at(s, i, 9)) {
      for (int k = 0; k < 9; ++k) d[k] = s[i + k];
      end = i + 9;
      bare = true;
    }
    if (end == 0 || !clear_after(s, end)) {
      while (i + 1 < s.size() && is_digit(s[i + 1])) ++i;  // skip the rest of this number
      continue;
    }
    if (ssn_valid(std::string_view(d, 9)) &&
        (!bare ||
         pii::context_before(
             s, i, {"ssn", "ssns", "social security", "ss#", "ss no", "social security number", "ssn#"}))) {
      out.add(pii::make_hit(view, i, end, "us_ssn", 5, bare ? 0.8 : 0.9));
    }
    i = end - 1;
  }
}

class UsSsnDetector final : public Detector {
 public:
  std::string_view id() const override { return "pii.us_ssn"; }
  Status scan(const ScanContext& ctx, DetectorScratch*, HitSink& out) const override {
    pii::for_each_view(ctx, [&](const TextView& v) { scan_view(v, out); });
    return {};
  }
};

}  // namespace

bool ssn_valid(std::string_view d) {
  if (d.size() != 9) return false;
  int area = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
  int group = (d[3] - '0') * 10 + (d[4] - '0');
  bool serial0 = d.substr(5) == "0000";
  if (area == 0 || area == 666 || area >= 900 || group == 0 || serial0) return false;
  if (d == "078051120") return false;  // the Woolworth wallet card sample, printed in ads
  return true;
}

Result<DetectorPtr> make_us_ssn_detector(const DetectorSpec&) { return DetectorPtr(new UsSsnDetector); }

}  // namespace bulwark::detect
