#include "eval/errors.h"

namespace bulwark::eval {

std::optional<Outcome> wrong(bool positive, bool flagged) {
  if (positive && !flagged) return Outcome::kMissed;
  if (!positive && flagged) return Outcome::kFalsePositive;
  return std::nullopt;
}

std::string_view outcome_name(Outcome o) { return o == Outcome::kMissed ? "missed" : "false_positive"; }

nlohmann::ordered_json error_json(std::string_view dataset, std::string_view file, size_t line, const Record& rec,
                                  Outcome outcome, const Verdict& verdict, const ScanResult& result) {
  nlohmann::ordered_json j;
  j["dataset"] = dataset;
  j["file"] = file;
  j["line"] = line;
  j["task"] = task_name(rec.task);
  j["label"] = rec.label;
  j["outcome"] = outcome_name(outcome);
  j["score"] = verdict.score;
  j["decision"] = action_name(result.decision);
  auto& fs = j["findings"] = nlohmann::ordered_json::array();
  for (const Finding& f : result.findings)
    fs.push_back({{"detector", f.detector}, {"category", f.category}, {"subtype", f.subtype},
                  {"severity", f.severity}, {"score", f.score}, {"action", action_name(f.action)},
                  {"via", f.via}});
  if (!rec.categories.empty()) j["categories"] = rec.categories;
  j["text"] = rec.text;
  return j;
}

}  // namespace bulwark::eval
