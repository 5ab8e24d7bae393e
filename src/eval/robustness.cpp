#include "eval/robustness.h"

#include <cstdio>

namespace bulwark::eval {

std::optional<double> RobustnessCount::ratio() const {
  if (plain_flagged == 0) return std::nullopt;
  return static_cast<double>(flagged) / static_cast<double>(plain_flagged);
}

void Robustness::add(const std::string& dataset, Task task, model::Transform t, bool plain_flagged, bool flagged) {
  for (RobustnessCount* c : {&pooled_[t], &by_dataset_[{t, dataset, task}]}) {
    c->n++;
    c->plain_flagged += plain_flagged;
    c->flagged += flagged;
  }
}

namespace {
double rate(uint64_t k, uint64_t n) { return n ? static_cast<double>(k) / static_cast<double>(n) : 0.0; }
nlohmann::ordered_json count_json(const RobustnessCount& c, bool negative) {
  auto r = c.ratio();
  nlohmann::ordered_json j = {{"n", c.n}, {"plain_flagged", c.plain_flagged}, {"flagged", c.flagged},
                              {"ratio", r ? nlohmann::ordered_json(*r) : nlohmann::ordered_json(nullptr)}};
  if (negative) {
    j["fpr_plain"] = rate(c.plain_flagged, c.n);
    j["fpr"] = rate(c.flagged, c.n);
  }
  return j;
}
std::string ratio_text(const RobustnessCount& c) {
  auto r = c.ratio();
  if (!r) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", *r);
  return buf;
}
// Negative records: "0.012 -> 0.034", the false-positive rate plain and obfuscated.
std::string rates_text(const RobustnessCount& c) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f -> %.3f", rate(c.plain_flagged, c.n), rate(c.flagged, c.n));
  return buf;
}
}  // namespace

nlohmann::ordered_json Robustness::to_json() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& [t, c] : pooled_) {
    nlohmann::ordered_json j = {{"transform", model::transform_name(t)}};
    j.update(count_json(c, records_ == Records::kNegative));
    j["datasets"] = nlohmann::ordered_json::array();
    for (const auto& [key, dc] : by_dataset_) {
      if (std::get<0>(key) != t) continue;
      nlohmann::ordered_json d = {{"name", std::get<1>(key)}, {"task", std::string(task_name(std::get<2>(key)))}};
      d.update(count_json(dc, records_ == Records::kNegative));
      j["datasets"].push_back(std::move(d));
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::string Robustness::to_table() const {
  if (pooled_.empty()) return "";
  const bool negative = records_ == Records::kNegative;
  std::string out =
      negative ? "false positives once obfuscated (benign and safe records; flagged rate plain -> "
                 "obfuscated)\n"
               : "robustness (detection rate obfuscated / plain, attack and harmful records; goal >= 0.9)\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-16s %7s %7s %9s %*s   per dataset\n", "transform", "n", "plain",
                "obfusc.", negative ? 14 : 7, negative ? "fpr" : "ratio");
  out += line;
  auto figure = [&](const RobustnessCount& c) { return negative ? rates_text(c) : ratio_text(c); };
  for (const auto& [t, c] : pooled_) {
    std::snprintf(line, sizeof line, "%-16s %7llu %7llu %9llu %*s  ", model::transform_name(t),
                  static_cast<unsigned long long>(c.n), static_cast<unsigned long long>(c.plain_flagged),
                  static_cast<unsigned long long>(c.flagged), negative ? 14 : 7, figure(c).c_str());
    out += line;
    for (const auto& [key, dc] : by_dataset_)
      if (std::get<0>(key) == t)
        out += " " + std::get<1>(key) + "/" + std::string(task_name(std::get<2>(key))) + " " + figure(dc);
    out += "\n";
  }
  return out;
}

}  // namespace bulwark::eval
