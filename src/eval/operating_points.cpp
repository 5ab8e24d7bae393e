#include "eval/operating_points.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace bulwark::eval {

std::optional<OperatingPoint> operating_point(const std::vector<double>& positives,
                                              const std::vector<double>& negatives, double fpr) {
  if (positives.empty() || !(fpr > 0 && fpr < 1) || static_cast<double>(negatives.size()) * fpr < 1.0 - 1e-9)
    return std::nullopt;
  std::vector<double> neg(negatives);
  // Negatives allowed above the threshold: floor(fpr * n), with a little slack for 0.05 * 200.
  const size_t allowed = static_cast<size_t>(std::floor(fpr * static_cast<double>(neg.size()) + 1e-9));
  OperatingPoint p;
  p.fpr = fpr;
  // allowed < neg.size(): fpr < 1.
  std::nth_element(neg.begin(), neg.begin() + static_cast<std::ptrdiff_t>(allowed), neg.end(), std::greater<>());
  p.score = neg[allowed];
  const auto above = std::count_if(positives.begin(), positives.end(), [&](double s) { return s > p.score; });
  p.recall = static_cast<double>(above) / static_cast<double>(positives.size());
  return p;
}

void OperatingPoints::add(Task task, bool positive, double score) {
  if (task == Task::kBenign || std::isnan(score)) return;  // NaN would break the ordering
  Scores& s = tasks_[task];
  (positive ? s.positives : s.negatives).push_back(score);
}

void OperatingPoints::add_benign(const ScanResult& r, Action min_action) {
  for (Task t : {Task::kInjection, Task::kHarm})
    if (task_role(t) == task_role(Task::kBenign)) tasks_[t].negatives.push_back(judge(t, r, min_action).score);
}

nlohmann::ordered_json OperatingPoints::to_json() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& [task, s] : tasks_) {
    if (s.positives.empty()) continue;
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (double f : kOperatingFprs) {
      auto p = operating_point(s.positives, s.negatives, f);
      points.push_back(p ? nlohmann::ordered_json{{"fpr", f}, {"recall", p->recall}, {"score", p->score}}
                         : nlohmann::ordered_json(nullptr));
    }
    out.push_back({{"task", std::string(task_name(task))},
                   {"positives", s.positives.size()},
                   {"negatives", s.negatives.size()},
                   {"points", std::move(points)}});
  }
  return out;
}

std::string OperatingPoints::to_table() const {
  std::string out;
  char line[256];
  for (const auto& [task, s] : tasks_) {
    if (s.positives.empty()) continue;
    if (out.empty()) {
      out += "recall at a false-positive rate (files pooled per task, ranked by score; the negatives of user-role\n"
             "tasks include every benign record)\n";
      std::snprintf(line, sizeof line, "%-10s %9s %9s", "task", "positives", "negatives");
      out += line;
      for (double f : kOperatingFprs) {
        char label[32];
        std::snprintf(label, sizeof label, "fpr %g", f);
        std::snprintf(line, sizeof line, "  %9s", label);
        out += line;
      }
      out += "\n";
    }
    std::snprintf(line, sizeof line, "%-10s %9zu %9zu", std::string(task_name(task)).c_str(), s.positives.size(),
                  s.negatives.size());
    out += line;
    for (double f : kOperatingFprs) {
      auto p = operating_point(s.positives, s.negatives, f);
      if (p) std::snprintf(line, sizeof line, "  %9.3f", p->recall);
      else std::snprintf(line, sizeof line, "  %9s", "-");
      out += line;
    }
    out += "\n";
  }
  return out;
}

}  // namespace bulwark::eval
