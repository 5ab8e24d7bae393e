// model/calibration.h — turning raw model scores into calibrated probabilities (Platt
// scaling), choosing thresholds for a target false-positive rate, and the metrics the model
// cards report.
#pragma once

#include <cstddef>
#include <vector>

namespace bulwark::model {

// log(p / (1 - p)) with p clamped to [1e-6, 1 - 1e-6]: the raw score of a probability.
double logit(double p);

// Raw scores are log-odds (a head's exact logit margin, or logit(p) of an older model's
// probability), so that confident scores stay ordered instead of piling up at p = 1.
struct Platt {
  double a = 1.0;  // p = sigmoid(a * raw + b)
  double b = 0.0;
  double apply(double raw) const;
};

// Fits a, b by Newton's method on the log loss, with Platt's target smoothing
// ((n+ + 1)/(n+ + 2), 1/(n- + 2)) so separable data does not diverge. `raw`: log-odds.
Platt fit_platt(const std::vector<double>& raw, const std::vector<int>& labels);

// The smallest threshold t such that the share of negatives scoring >= t is at most
// max_fpr (t is a score just above a negative's score, or 0.5 when there are none).
double threshold_for_fpr(const std::vector<double>& negative_scores, double max_fpr);

struct Metrics {
  size_t tp = 0, fp = 0, tn = 0, fn = 0;
  double precision() const;  // NaN when undefined
  double recall() const;
  double fpr() const;
  double f1() const;
};
Metrics confusion(const std::vector<double>& scores, const std::vector<int>& labels, double threshold);

// Area under the precision-recall curve (average precision). NaN without positives.
double auprc(const std::vector<double>& scores, const std::vector<int>& labels);

}  // namespace bulwark::model
