// eval/report.h — accumulates per-record outcomes of `bulwark eval` into one group per
// (dataset, task) pair and renders the figures as JSON or a text table.
//
// Thread-safety: not thread-safe; one Evaluation per command run.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/metrics.h"
#include "eval/task.h"

namespace bulwark::eval {

struct CategoryCount {
  uint64_t n = 0;        // positive records labelled with the category
  uint64_t flagged = 0;  // of those, flagged
};

struct Group {
  std::string dataset;
  Task task = Task::kBenign;
  Confusion confusion;
  std::vector<double> scores;
  std::vector<bool> positives;
  std::vector<double> latency_us;
  std::map<std::string, CategoryCount> categories;  // harm only
  uint64_t unread = 0;  // records a detector of the task did not read in full (Verdict::unread)
  // By meta.lang: a set's figure can hide that one language is blocked far more often than the
  // others (hplt-oasst: Spanish prompts 4 of 50, English 1 of 50, before 2026-11-30).
  std::map<std::string, Confusion> languages;
};

class Evaluation {
 public:
  void add(const std::string& dataset, Task task, bool positive, const Verdict& v,
           double latency_us, const std::vector<std::string>& categories, const std::string& lang = "");
  const std::vector<Group>& groups() const { return groups_; }

  // {"datasets":[{"name","task","n","tp","fp","tn","fn","precision","recall","f1","fpr",
  //   "accuracy","auprc","latency_us":{"p50","p99"}, "unread", "category_recall":{...} (harm only),
  //   "languages":{lang:{"n","flagged","recall","fpr"}} (only for a group with two languages or more)}]}
  nlohmann::ordered_json to_json() const;
  std::string to_table() const;

 private:
  std::vector<Group> groups_;  // in order of first appearance
};

}  // namespace bulwark::eval
