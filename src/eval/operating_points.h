// eval/operating_points.h — threshold-free figures of `bulwark eval`: per detection task, all
// files of the run pooled, the recall reached at fixed false-positive rates when records are
// ranked by their score (task.h: relevant findings and the learned detectors' scores under their
// thresholds). The figures at the policy's own thresholds say what a policy does; these say how
// well the detectors separate, which is what to compare when two models or recipes are tried
// (each model's threshold spends a false-positive budget of its own, so figures at threshold move
// errors between sets without saying which model ranks better).
//
// Negatives of a task are its negative records and, for the tasks scanned in role user
// (injection, harm), every benign record: the same scan is judged for them. Indirect injection
// is scanned in role document, so only its own negative records count.
//
// A rate needs enough negatives to mean anything: a point is left out (null) when fewer than
// 1 / fpr negatives were seen.
//
// Thread-safety: not thread-safe; one OperatingPoints per command run.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/task.h"

namespace bulwark::eval {

// The false-positive rates reported.
inline constexpr double kOperatingFprs[] = {0.005, 0.01, 0.02, 0.05, 0.10};

struct OperatingPoint {
  double fpr = 0;      // the target: at most this share of the negatives score above `score`
  double recall = 0;   // share of the positives scoring above `score`
  double score = 0;    // the score a record must exceed (0.5 is a learned model's own threshold)
};

// The point for `fpr`: the threshold is the score of the (floor(fpr * negatives) + 1)-th highest
// negative, records above it count as flagged (ties with it do not, so the reached FPR is at most
// `fpr`). nullopt without positives, unless 0 < fpr < 1, or with fewer than 1 / fpr negatives.
std::optional<OperatingPoint> operating_point(const std::vector<double>& positives,
                                              const std::vector<double>& negatives, double fpr);

class OperatingPoints {
 public:
  // A record of a detection task (injection, indirect, harm) with its label and score.
  void add(Task task, bool positive, double score);
  // A benign record: a negative of every task scanned in its role (user), judged from `r`.
  void add_benign(const ScanResult& r, Action min_action);

  // [{"task","positives","negatives","points":[{"fpr","recall","score"} or null per kOperatingFprs]}],
  // one entry per task with at least one positive.
  nlohmann::ordered_json to_json() const;
  std::string to_table() const;  // "" when no task has positives

 private:
  struct Scores {
    std::vector<double> positives, negatives;
  };
  std::map<Task, Scores> tasks_;
};

}  // namespace bulwark::eval
