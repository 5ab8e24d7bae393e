// eval/metrics.h — binary-classification metrics for `bulwark eval`: confusion counts,
// precision/recall/F1/FPR/accuracy (undefined ones are nullopt, printed as null), the area
// under the precision-recall curve, and latency percentiles.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace bulwark::eval {

struct Confusion {
  uint64_t tp = 0, fp = 0, tn = 0, fn = 0;

  void add(bool positive, bool flagged) {
    if (positive) (flagged ? tp : fn)++;
    else (flagged ? fp : tn)++;
  }
  uint64_t n() const { return tp + fp + tn + fn; }
  std::optional<double> precision() const;  // undefined when nothing was flagged or no positives
  std::optional<double> recall() const;     // undefined without positives
  std::optional<double> f1() const;         // undefined when precision or recall is, or both are 0
  std::optional<double> fpr() const;        // undefined without negatives
  std::optional<double> accuracy() const;   // undefined when empty
};

// Average precision (the step-wise area under the precision-recall curve, as scikit-learn's
// average_precision_score): ties in score are one threshold. Undefined without positives or
// when every score is equal (the scores then rank nothing, e.g. a task whose detectors never
// fired).
std::optional<double> auprc(const std::vector<double>& scores, const std::vector<bool>& positive);

// Nearest-rank percentile (p in 0..100) of `values`; nullopt when empty. Sorts a copy.
std::optional<double> percentile(std::vector<double> values, double p);

}  // namespace bulwark::eval
