#include "detect/pii/credit_card.h"

#include <array>
#include <string>

#include "detect/pii/scan_util.h"

namespace bulwark::detect {
namespace {

using pii::is_alnum;
using pii::is_digit;

int prefix_num(std::string_view d, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n && i < d.size(); ++i) v = v * 10 + (d[i] - '0');
  return v;
}

// Group layouts people write card numbers in; a run of digit groups must match one.
constexpr std::array<std::array<int, 5>, 7> kLayouts = {{
    {4, 4, 4, 4, 0},
    {4, 4, 4, 4, 1},
    {4, 4, 4, 4, 2},
    {4, 4, 4, 4, 3},
    {4, 6, 5, 0, 0},  // Amex
    {4, 6, 4, 0, 0},  // Diners
    {4, 4, 5, 0, 0},  // 13-digit Visa
}};

struct Group {
  size_t b, e;
};

void scan_view(const TextView& view, HitSink& out) {
  const std::string& s = view.text;
  const size_t n = s.size();
  size_t i = 0;
  while ((i = pii::find_digit(s, i)) < n) {
    if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '.')) {
      while (i < n && is_digit(s[i])) ++i;
      continue;
    }
    // Collect up to 6 digit groups separated by one ' ' or '-'.
    Group g[6];
    int ng = 0;
    char sep = 0;
    size_t j = i;
    while (ng < 6) {
      size_t b = j;
      while (j < n && is_digit(s[j])) ++j;
      g[ng++] = {b, j};
      if (j + 1 < n && (s[j] == ' ' || s[j] == '-') && is_digit(s[j + 1]) && (sep == 0 || sep == s[j])) {
        sep = s[j];
        ++j;
      } else {
        break;
      }
    }
    size_t run_end = g[ng - 1].e;
    bool bounded = run_end >= n || !is_alnum(s[run_end]);
    std::string digits;
    size_t start = i, end = 0;
    if (bounded && ng == 1 && g[0].e - g[0].b >= 13 && g[0].e - g[0].b <= 19) {
      digits.assign(s, g[0].b, g[0].e - g[0].b);
      end = g[0].e;
    } else if (ng >= 3 && bounded) {
      // The layout must end the run; it may start after a leading number ("ref 12 4111 ...").
      for (int st = 0; st + 3 <= ng && digits.empty(); ++st) {
        for (const auto& layout : kLayouts) {
          int k = 0;
          while (k < 5 && layout[k] != 0) ++k;
          if (st + k != ng) continue;
          bool ok = true;
          for (int t = 0; t < k && ok; ++t) ok = static_cast<int>(g[st + t].e - g[st + t].b) == layout[t];
          if (!ok) continue;
          for (int t = 0; t < k; ++t) digits.append(s, g[st + t].b, g[st + t].e - g[st + t].b);
          start = g[st].b;
          end = g[ng - 1].e;
          break;
        }
      }
    }
    if (!digits.empty() && !card_brand(digits).empty() && pii::luhn_ok(digits)) {
      out.add(pii::make_hit(view, start, end, "credit_card", 5, 0.95));
    }
    i = run_end + 1;
  }
}

class CreditCardDetector final : public Detector {
 public:
  std::string_view id() const override { return "pii.credit_card"; }
  Status scan(const ScanContext& ctx, DetectorScratch*, HitSink& out) const override {
    pii::for_each_view(ctx, [&](const TextView& v) { scan_view(v, out); });
    return {};
  }
};

}  // namespace

std::string_view card_brand(std::string_view d) {
  const size_t len = d.size();
  const int p1 = prefix_num(d, 1), p2 = prefix_num(d, 2), p3 = prefix_num(d, 3), p4 = prefix_num(d, 4),
            p6 = prefix_num(d, 6);
  if (len < 13 || len > 19) return {};
  if (p1 == 4 && (len == 13 || len == 16 || len == 19)) return "visa";
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && len == 16) return "mastercard";
  if ((p2 == 34 || p2 == 37) && len == 15) return "amex";
  if ((p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && len >= 16 &&
      len <= 19)
    return "discover";
  if (p4 >= 3528 && p4 <= 3589 && len >= 16 && len <= 19) return "jcb";
  if (((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) && len >= 14 && len <= 19)
    return "diners";
  if (p2 == 62 && len >= 16 && len <= 19) return "unionpay";
  return {};
}

Result<DetectorPtr> make_credit_card_detector(const DetectorSpec&) {
  return DetectorPtr(new CreditCardDetector);
}

}  // namespace bulwark::detect
