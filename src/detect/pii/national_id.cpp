#include "detect/pii/national_id.h"

#include <initializer_list>
#include <string>

#include "detect/pii/national_id_checks.h"
#include "detect/pii/scan_util.h"

namespace bulwark::detect {
namespace {

using pii::is_alnum;
using pii::is_alpha;
using pii::is_digit;

constexpr size_t lead_digits(const char* fmt) {
  size_t n = 0;
  while (fmt[n] == 'd') ++n;
  return n;
}

struct Layout {
  const char* fmt;  // 'd' digit, 'a' letter, 'x' letter or digit, other bytes literal
  const char* subtype;
  bool (*valid)(std::string_view compact);
  std::initializer_list<std::string_view> context;  // empty: the layout alone suffices
  double score;
  size_t lead = lead_digits(fmt);     // leading 'd's
  bool lead_open = fmt[lead] == 'x';  // an 'x' after them may extend the digit run
};

const std::initializer_list<std::string_view> kNone{};
const std::initializer_list<std::string_view> kBsn{"bsn", "burgerservicenummer", "sofinummer", "sofi"};
const std::initializer_list<std::string_view> kAadhaar{"aadhaar", "aadhar", "uidai", "uid"};
const std::initializer_list<std::string_view> kCpf{"cpf"};
const std::initializer_list<std::string_view> kPesel{"pesel"};
const std::initializer_list<std::string_view> kPnr{"personnummer", "personnr", "pnr", "samordningsnummer"};
const std::initializer_list<std::string_view> kSin{"sin", "social insurance", "nas", "assurance sociale"};

// Letter-first layouts, then digit-first ones.
const Layout kLetterLayouts[] = {
    {"aadddddda", "uk_nino", pii::uk_nino_valid, kNone, 0.9},
    {"aa dd dd dd a", "uk_nino", pii::uk_nino_valid, kNone, 0.9},
    {"addddddda", "es_nie", pii::es_nie_valid, kNone, 0.9},
    {"addddddd-a", "es_nie", pii::es_nie_valid, kNone, 0.9},
};
const Layout kDigitLayouts[] = {
    {"dddddddda", "es_dni", pii::es_dni_valid, kNone, 0.85},
    {"dddddddd-a", "es_dni", pii::es_dni_valid, kNone, 0.85},
    {"ddddddddd", "nl_bsn", pii::nl_bsn_valid, kBsn, 0.85},
    {"dddd.dd.ddd", "nl_bsn", pii::nl_bsn_valid, kBsn, 0.85},
    {"dddd dddd dddd", "in_aadhaar", pii::in_aadhaar_valid, kNone, 0.7},
    {"dddd-dddd-dddd", "in_aadhaar", pii::in_aadhaar_valid, kNone, 0.7},
    {"dddddddddddd", "in_aadhaar", pii::in_aadhaar_valid, kAadhaar, 0.85},
    {"ddd.ddd.ddd-dd", "br_cpf", pii::br_cpf_valid, kNone, 0.9},
    {"ddddddddddd", "br_cpf", pii::br_cpf_valid, kCpf, 0.85},
    {"ddddddddddd", "pl_pesel", pii::pl_pesel_valid, kPesel, 0.9},
    {"dddddd-dddd", "se_personnummer", pii::se_personnummer_valid, kNone, 0.75},
    {"dddddd+dddd", "se_personnummer", pii::se_personnummer_valid, kNone, 0.75},
    {"dddddddd-dddd", "se_personnummer", pii::se_personnummer_valid, kNone, 0.85},
    {"dddddddddd", "se_personnummer", pii::se_personnummer_valid, kPnr, 0.85},
    {"dddddddddddd", "se_personnummer", pii::se_personnummer_valid, kPnr, 0.85},
    {"ddd-ddd-ddd", "ca_sin", pii::ca_sin_valid, kSin, 0.85},
    {"ddd ddd ddd", "ca_sin", pii::ca_sin_valid, kSin, 0.85},
    {"ddddddddd", "ca_sin", pii::ca_sin_valid, kSin, 0.8},
    {"dddddddddddddddddx", "cn_resident_id", pii::cn_resident_id_valid, kNone, 0.9},
    {"ddddddxdddddddd", "fr_nir", pii::fr_nir_valid, kNone, 0.8},
    {"d dd dd dx ddd ddd dd", "fr_nir", pii::fr_nir_valid, kNone, 0.9},
};

// Matches fmt at s[i], appending the letters and digits to compact; returns the end or 0.
size_t take(const std::string& s, size_t i, const char* fmt, std::string& compact) {
  compact.clear();
  for (const char* f = fmt; *f != 0; ++f, ++i) {
    if (i >= s.size()) return 0;
    char c = s[i];
    bool ok = *f == 'd' ? is_digit(c) : *f == 'a' ? is_alpha(c) : *f == 'x' ? is_alnum(c) : c == *f;
    if (!ok) return 0;
    if (is_alnum(c)) compact.push_back(c);
  }
  // Not the start of something longer: no letter or digit, nor a separator and a digit, next.
  if (i < s.size()) {
    char c = s[i];
    if (is_alnum(c)) return 0;
    if ((c == '-' || c == '.' || c == ' ' || c == '/') && i + 1 < s.size() && is_digit(s[i + 1])) return 0;
  }
  return i;
}

// True when a layout could start with a run of `run` digits: its leading 'd's must match the
// run exactly (or at least, when an 'x' that may be a digit follows). Most digit runs in prose
// ("14th", "2024") fail this at once.
bool lead_fits(const Layout& l, size_t run) {
  return l.lead == 0 || (l.lead_open ? run >= l.lead : run == l.lead);
}

template <size_t N>
bool try_layouts(const TextView& view, size_t i, const Layout (&layouts)[N], std::string& compact,
                 HitSink& out, size_t& end) {
  const std::string& s = view.text;
  size_t run = 0;
  while (i + run < s.size() && is_digit(s[i + run])) ++run;
  for (const Layout& l : layouts) {
    if (!lead_fits(l, run)) continue;
    size_t e = take(s, i, l.fmt, compact);
    if (e == 0 || !l.valid(compact)) continue;
    if (l.context.size() != 0 && !pii::context_before(s, i, l.context)) continue;
    out.add(pii::make_hit(view, i, e, l.subtype, 5, l.score));
    end = e;
    return true;
  }
  return false;
}

bool token_start(const std::string& s, size_t i) {
  if (i == 0) return true;
  char p = s[i - 1];
  // Mid-token, or the tail of a longer dotted/dashed number.
  return !is_alnum(p) && !((p == '-' || p == '.' || p == '/' || p == '+') && i >= 2 && is_digit(s[i - 2]));
}

// Every layout has a digit within its first four bytes: jump to the first digit of each
// digit run and try the layouts that could start there or up to three bytes before.
void scan_view(const TextView& view, HitSink& out) {
  const std::string& s = view.text;
  const size_t n = s.size();
  std::string compact;
  size_t d = 0;
  while ((d = pii::find_digit(s, d)) < n) {
    size_t end = 0;
    if (token_start(s, d)) try_layouts(view, d, kDigitLayouts, compact, out, end);
    if (end == 0 && d >= 1 && is_alpha(s[d - 1])) {
      size_t t = d - 1;                       // X1234567L
      if (t >= 1 && is_alpha(s[t - 1])) --t;  // AB123456C
      if (t < d && token_start(s, t)) try_layouts(view, t, kLetterLayouts, compact, out, end);
    }
    if (end == 0 && d >= 3 && s[d - 1] == ' ' && is_alpha(s[d - 2]) && is_alpha(s[d - 3]) &&
        token_start(s, d - 3))  // AB 12 34 56 C
      try_layouts(view, d - 3, kLetterLayouts, compact, out, end);
    if (end > d) {
      d = end;
    } else {
      while (d < n && is_digit(s[d])) ++d;
    }
  }
}

class NationalIdDetector final : public Detector {
 public:
  std::string_view id() const override { return "pii.national_id"; }
  Status scan(const ScanContext& ctx, DetectorScratch*, HitSink& out) const override {
    pii::for_each_view(ctx, [&](const TextView& v) { scan_view(v, out); });
    return {};
  }
};

}  // namespace

Result<DetectorPtr> make_national_id_detector(const DetectorSpec&) {
  return DetectorPtr(new NationalIdDetector);
}

}  // namespace bulwark::detect
