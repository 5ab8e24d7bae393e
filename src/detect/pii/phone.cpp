#include "detect/pii/phone.h"

#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

#include <string>
#include <vector>

#include "detect/pii/scan_util.h"

namespace bulwark::detect {
namespace {

using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;
using pii::is_alnum;
using pii::is_digit;

bool is_phone_sep(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/'; }

// Three groups where an outer one is a 4-digit year and the others have 1–2 digits.
bool looks_like_date(std::string_view cand) {
  int lens[4] = {0, 0, 0, 0};
  int groups = 0;
  bool in = false;
  for (char c : cand) {
    if (is_digit(c)) {
      if (!in) {
        if (groups == 4) return false;
        ++groups;
        in = true;
      }
      ++lens[groups - 1];
    } else {
      in = false;
    }
  }
  if (groups != 3) return false;
  auto year_at = [&](int g) {
    size_t pos = 0;
    for (int k = 0; k < g; ++k) {
      while (!is_digit(cand[pos])) ++pos;
      pos += static_cast<size_t>(lens[k]);
    }
    while (!is_digit(cand[pos])) ++pos;
    return cand.substr(pos, 2) == "19" || cand.substr(pos, 2) == "20";
  };
  if (lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2) return year_at(0);
  if (lens[2] == 4 && lens[0] <= 2 && lens[1] <= 2) return year_at(2);
  return false;
}

class PhoneDetector final : public Detector {
 public:
  explicit PhoneDetector(std::vector<std::string> regions) : regions_(std::move(regions)) {}
  std::string_view id() const override { return "pii.phone"; }
  Status scan(const ScanContext& ctx, DetectorScratch*, HitSink& out) const override {
    pii::for_each_view(ctx, [&](const TextView& v) { scan_view(v, out); });
    return {};
  }

 private:
  void scan_view(const TextView& view, HitSink& out) const {
    const std::string& s = view.text;
    const size_t n = s.size();
    size_t i = 0;
    while ((i = pii::find_digit(s, i)) < n) {
      if (i > 0 && (s[i - 1] == '+' || s[i - 1] == '(')) --i;  // the number starts there
      char c = s[i];
      if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '#' || s[i - 1] == '.' ||
                    s[i - 1] == '_' || s[i - 1] == '/' || s[i - 1] == '-')) {
        while (i < n && !is_digit(s[i])) ++i;
        while (i < n && is_digit(s[i])) ++i;
        continue;
      }
      // Extend over digits and separators (at most two in a row), up to 24 bytes.
      size_t j = i + 1, last_digit = is_digit(c) ? i : i + 1, digits = is_digit(c) ? 1 : 0;
      int seps = 0;
      bool has_sep = false;
      while (j < n && j - i < 24) {
        if (is_digit(s[j])) {
          last_digit = j;
          ++digits;
          seps = 0;
        } else if (is_phone_sep(s[j]) && seps < 2) {
          ++seps;
          has_sep = true;
        } else {
          break;
        }
        ++j;
      }
      size_t end = last_digit + 1;
      if (end < n && s[end] == ')') ++end;  // never ends on "(", but may on "(0)"
      size_t next = end;
      bool bounded = end >= n || !(is_alnum(s[end]) || s[end] == '_' || s[end] == '@');
      bool plus = c == '+';
      if (bounded && digits >= (plus ? 8u : 7u) && digits <= 15) {
        std::string_view cand(s.data() + i, end - i);
        bool reject = looks_like_date(cand) ||
                      pii::context_before(s, i, {"version", "ver", "v", "build", "release"}, 24) ||
                      (!plus && !has_sep &&
                       pii::context_before(s, i, {"order", "invoice", "id", "account", "acct",
                                                  "ticket", "tracking", "ref", "reference",
                                                  "serial", "sku", "isbn", "po", "case", "ssn"},
                                           24));
        if (!reject) match(view, i, std::string(cand), out);
      }
      i = next > i ? next : i + 1;
    }
  }

  void match(const TextView& view, size_t base, const std::string& cand, HitSink& out) const {
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    for (const std::string& region : regions_) {
      PhoneNumberMatcher matcher(util, cand, region, PhoneNumberMatcher::VALID, 3);
      PhoneNumberMatch m;
      bool any = false;
      while (matcher.HasNext() && matcher.Next(&m)) {
        any = true;
        size_t b = base + static_cast<size_t>(m.start());
        size_t e = b + static_cast<size_t>(m.length());
        out.add(pii::make_hit(view, b, e, "phone", 3, cand[0] == '+' ? 0.9 : 0.85));
      }
      if (any) return;  // first region that recognises the number wins
    }
  }

  std::vector<std::string> regions_;
};

}  // namespace

Result<DetectorPtr> make_phone_detector(const DetectorSpec& spec) {
  std::string list = "US";
  if (auto it = spec.params.find("regions"); it != spec.params.end()) list = it->second;
  std::vector<std::string> regions;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    if (comma == std::string::npos) comma = list.size();
    std::string r;
    for (size_t k = pos; k < comma; ++k)
      if (list[k] != ' ') r.push_back(pii::to_upper(list[k]));
    if (!r.empty()) {
      if (util.GetCountryCodeForRegion(r) == 0)
        return invalid_policy("pii.phone: unknown region '" + r + "' in param 'regions'");
      regions.push_back(r);
    }
    pos = comma + 1;
  }
  if (regions.empty()) return invalid_policy("pii.phone: param 'regions' lists no region");
  return DetectorPtr(new PhoneDetector(std::move(regions)));
}

}  // namespace bulwark::detect
