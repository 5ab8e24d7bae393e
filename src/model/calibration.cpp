#include "model/calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace bulwark::model {
namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double logit(double p) {
  p = std::clamp(p, 1e-6, 1.0 - 1e-6);
  return std::log(p / (1.0 - p));
}

double Platt::apply(double raw) const { return sigmoid(a * raw + b); }

Platt fit_platt(const std::vector<double>& raw, const std::vector<int>& labels) {
  size_t npos = 0, nneg = 0;
  for (int l : labels) (l ? npos : nneg)++;
  Platt p;
  if (npos == 0 || nneg == 0) return p;
  const double hi = (npos + 1.0) / (npos + 2.0), lo = 1.0 / (nneg + 2.0);
  const std::vector<double>& x = raw;
  // Newton's method with backtracking (Lin, Lin & Weng 2007), so steps never increase the loss.
  auto loss = [&](double a, double b) {
    double l = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      double t = labels[i] ? hi : lo;
      double f = a * x[i] + b;
      // log(1 + e^-f) computed stably, times t; plus (1 - t) * log(1 + e^f)
      l += (f >= 0) ? t * std::log1p(std::exp(-f)) + (1 - t) * (f + std::log1p(std::exp(-f)))
                    : t * (-f + std::log1p(std::exp(f))) + (1 - t) * std::log1p(std::exp(f));
    }
    return l;
  };
  double a = 1.0, b = 0.0;
  double cur = loss(a, b);
  for (int iter = 0; iter < 100; ++iter) {
    double ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
    for (size_t i = 0; i < x.size(); ++i) {
      double t = labels[i] ? hi : lo;
      double q = sigmoid(a * x[i] + b);
      double d = q - t, w = q * (1 - q);
      ga += d * x[i];
      gb += d;
      haa += w * x[i] * x[i];
      hab += w * x[i];
      hbb += w;
    }
    if (std::fabs(ga) + std::fabs(gb) < 1e-7) break;
    double det = haa * hbb - hab * hab;
    double da, db;
    if (det > 1e-12) {
      da = (hbb * ga - hab * gb) / det;
      db = (haa * gb - hab * ga) / det;
    } else {
      da = ga * 1e-3;
      db = gb * 1e-3;
    }
    double step = 1.0, next = cur;
    while (step > 1e-10) {
      next = loss(a - step * da, b - step * db);
      if (next < cur - 1e-4 * step * (ga * da + gb * db)) break;
      step *= 0.5;
    }
    if (step <= 1e-10) break;
    a -= step * da;
    b -= step * db;
    if (cur - next < 1e-10) { cur = next; break; }
    cur = next;
  }
  if (!std::isfinite(a) || !std::isfinite(b)) return Platt{};
  p.a = a;
  p.b = b;
  return p;
}

double threshold_for_fpr(const std::vector<double>& negative_scores, double max_fpr) {
  if (negative_scores.empty()) return 0.5;
  std::vector<double> s(negative_scores);
  std::sort(s.begin(), s.end(), std::greater<>());
  size_t allowed = static_cast<size_t>(std::floor(max_fpr * static_cast<double>(s.size())));
  if (allowed >= s.size()) return 0.0;
  // Scores >= t are flagged: t must sit above the (allowed+1)-th highest negative.
  double v = s[allowed];
  return std::min(1.0, std::nextafter(v, 2.0));
}

double Metrics::precision() const { return tp + fp ? double(tp) / double(tp + fp) : kNaN; }
double Metrics::recall() const { return tp + fn ? double(tp) / double(tp + fn) : kNaN; }
double Metrics::fpr() const { return fp + tn ? double(fp) / double(fp + tn) : kNaN; }
double Metrics::f1() const {
  double p = precision(), r = recall();
  if (std::isnan(p) || std::isnan(r) || p + r == 0) return kNaN;
  return 2 * p * r / (p + r);
}

Metrics confusion(const std::vector<double>& scores, const std::vector<int>& labels, double threshold) {
  Metrics m;
  for (size_t i = 0; i < scores.size(); ++i) {
    bool flagged = scores[i] >= threshold;
    if (labels[i]) (flagged ? m.tp : m.fn)++;
    else (flagged ? m.fp : m.tn)++;
  }
  return m;
}

double auprc(const std::vector<double>& scores, const std::vector<int>& labels) {
  std::vector<size_t> idx(scores.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  size_t npos = 0;
  for (int l : labels) npos += l != 0;
  if (npos == 0) return kNaN;
  double ap = 0;
  size_t tp = 0, seen = 0;
  for (size_t k = 0; k < idx.size(); ++k) {
    ++seen;
    if (labels[idx[k]]) {
      ++tp;
      ap += double(tp) / double(seen);
    }
  }
  return ap / double(npos);
}

}  // namespace bulwark::model
