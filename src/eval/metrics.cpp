#include "eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace bulwark::eval {
namespace {

std::optional<double> ratio(uint64_t num, uint64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace

// A set without positives has no precision to speak of, even if something was flagged: the
// issue's contract ("precision on an all-benign set is null"); its FPR says it all.
std::optional<double> Confusion::precision() const {
  if (tp + fn == 0) return std::nullopt;
  return ratio(tp, tp + fp);
}
std::optional<double> Confusion::recall() const { return ratio(tp, tp + fn); }
std::optional<double> Confusion::fpr() const { return ratio(fp, fp + tn); }
std::optional<double> Confusion::accuracy() const { return ratio(tp + tn, n()); }

std::optional<double> Confusion::f1() const {
  auto p = precision(), r = recall();
  if (!p || !r || *p + *r == 0.0) return std::nullopt;
  return 2.0 * *p * *r / (*p + *r);
}

std::optional<double> auprc(const std::vector<double>& scores, const std::vector<bool>& positive) {
  const size_t n = std::min(scores.size(), positive.size());
  const auto total_pos = static_cast<uint64_t>(std::count(positive.begin(), positive.begin() + n, true));
  if (total_pos == 0) return std::nullopt;
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  if (n == 0 || scores[order.front()] == scores[order.back()]) return std::nullopt;
  double ap = 0.0, prev_recall = 0.0;
  uint64_t tp = 0, seen = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;  // one threshold per distinct score
    while (j < n && scores[order[j]] == scores[order[i]]) {
      tp += positive[order[j]] ? 1 : 0;
      ++seen;
      ++j;
    }
    const double recall = static_cast<double>(tp) / static_cast<double>(total_pos);
    const double precision = static_cast<double>(tp) / static_cast<double>(seen);
    ap += (recall - prev_recall) * precision;
    prev_recall = recall;
    i = j;
  }
  return ap;
}

std::optional<double> percentile(std::vector<double> values, double p) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  p = std::clamp(p, 0.0, 100.0);
  auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  if (rank == 0) rank = 1;
  return values[rank - 1];
}

}  // namespace bulwark::eval
