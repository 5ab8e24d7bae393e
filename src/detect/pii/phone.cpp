#include "detect/pii/phone.h"

#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

#include <functional>
#include <memory>
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

// libphonenumber spends tens of µs on each candidate (its regexes run on ICU). The same
// numbers come back scan after scan (system prompts, signatures, retrieved documents), so each
// thread remembers its last verdicts: a small direct-mapped cache, candidate text → matches.
struct PhoneMatch {
  uint32_t offset, length;
};
struct PhoneScratch final : public DetectorScratch {
  struct Slot {
    std::string candidate;
    std::vector<PhoneMatch> matches;
    bool used = false;
  };
  static constexpr size_t kSlots = 64;
  Slot slots[kSlots];
};

class PhoneDetector final : public Detector {
 public:
  explicit PhoneDetector(std::vector<std::string> regions) : regions_(std::move(regions)) {}
  std::string_view id() const override { return "pii.phone"; }
  std::unique_ptr<DetectorScratch> new_scratch() const override { return std::make_unique<PhoneScratch>(); }
  Status scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const override {
    auto* ps = dynamic_cast<PhoneScratch*>(scratch);
    pii::for_each_view(ctx, [&](const TextView& v) { scan_view(v, ps, out); });
    return {};
  }

 private:
  void scan_view(const TextView& view, PhoneScratch* scratch, HitSink& out) const {
    const std::string& s = view.text;
    const size_t n = s.size();
    size_t i = 0;
    while ((i = pii::find_digit(s, i)) < n) {
      if (i > 0 && (s[i - 1] == '+' || s[i - 1] == '(')) --i;  // the number starts there
      char c = s[i];
      if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '#' || s[i - 1] == '.' || s[i - 1] == '_' ||
                    s[i - 1] == '/' || s[i - 1] == '-')) {
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
                       pii::context_before(s, i,
                                           {"order", "invoice", "id", "account", "acct", "ticket", "tracking",
                                            "ref", "reference", "serial", "sku", "isbn", "po", "case", "ssn"},
                                           24));
        if (!reject) {
          for (const PhoneMatch& m : verdict(std::string(cand), scratch))
            out.add(pii::make_hit(view, i + m.offset, i + m.offset + m.length, "phone", 3,
                                  c == '+' ? 0.9 : 0.85));
        }
      }
      i = next > i ? next : i + 1;
    }
  }

  // The matches of libphonenumber in cand, from the thread's cache when it has them.
  const std::vector<PhoneMatch>& verdict(const std::string& cand, PhoneScratch* scratch) const {
    thread_local std::vector<PhoneMatch> uncached;
    std::vector<PhoneMatch>* result = &uncached;
    if (scratch != nullptr) {
      auto& slot = scratch->slots[std::hash<std::string>{}(cand) % PhoneScratch::kSlots];
      if (slot.used && slot.candidate == cand) return slot.matches;
      slot.used = true;
      slot.candidate = cand;
      result = &slot.matches;
    }
    result->clear();
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    for (const std::string& region : regions_) {
      PhoneNumberMatcher matcher(util, cand, region, PhoneNumberMatcher::VALID, 3);
      PhoneNumberMatch m;
      while (matcher.HasNext() && matcher.Next(&m))
        result->push_back({static_cast<uint32_t>(m.start()), static_cast<uint32_t>(m.length())});
      if (!result->empty()) break;  // the first region that recognises the number wins
    }
    return *result;
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
  // libphonenumber builds its matcher regexes and metadata lazily (≈ 1.5 ms); pay that once per
  // process at compile time rather than in the first scan.
  static const bool warmed = [] {
    PhoneNumberMatcher m(*PhoneNumberUtil::GetInstance(), "+1 415 555 0132", "US", PhoneNumberMatcher::VALID,
                         3);
    return m.HasNext();
  }();
  (void)warmed;
  return DetectorPtr(new PhoneDetector(std::move(regions)));
}

}  // namespace bulwark::detect
