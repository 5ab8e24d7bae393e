// eval/robustness.h — how much of what a policy catches survives the engine's obfuscations
// (`bulwark eval --robustness`). Every attack record (task injection or indirect, positive
// label) is scanned plain and once per transform of model/augment.h (base64, homoglyph,
// leetspeak, zero-width, tag smuggling, spacing) through the whole engine — its decoders and
// normalized views included — and the ratio of the detection rates, obfuscated / plain, is
// reported per transform, pooled and per dataset. The goal of issue 3 is >= 0.9 per transform.
// A record a transform cannot carry (tag characters mirror ASCII only) is left out of that
// transform's figures (model::carries).
//
// The same count over negative records (benign prompts, safe rows, benign rows of attack sets)
// answers the other half: does obfuscation alone get harmless text blocked? There the flagged
// counts are false positives and the figures to read are the two rates, plain and obfuscated.
//
// Thread-safety: not thread-safe; one Robustness per command run.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "eval/task.h"
#include "model/augment.h"

namespace bulwark::eval {

struct RobustnessCount {
  uint64_t n = 0;              // attack records
  uint64_t plain_flagged = 0;  // of those, flagged in their plain form
  uint64_t flagged = 0;        // flagged once obfuscated
  // flagged / plain_flagged: the obfuscated detection rate relative to the plain one (> 1 when
  // the obfuscation itself gives the attack away); undefined when nothing plain was flagged.
  std::optional<double> ratio() const;
};

class Robustness {
 public:
  enum class Records { kPositive, kNegative };
  explicit Robustness(Records records = Records::kPositive) : records_(records) {}
  void add(const std::string& dataset, Task task, model::Transform t, bool plain_flagged, bool flagged);

  // [{"transform","n","plain_flagged","flagged","ratio",
  //   "datasets":[{"name","task","n","plain_flagged","flagged","ratio"}]}]; for negative records
  // each entry also has "fpr_plain" and "fpr" (plain_flagged / n and flagged / n).
  nlohmann::ordered_json to_json() const;
  std::string to_table() const;   // empty when nothing was measured

 private:
  Records records_;
  std::map<model::Transform, RobustnessCount> pooled_;
  std::map<std::tuple<model::Transform, std::string, Task>, RobustnessCount> by_dataset_;
};

}  // namespace bulwark::eval
