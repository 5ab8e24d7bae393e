// eval/errors.h — the records `bulwark eval` judged wrong, as JSON lines (`--errors FILE`), so
// that people can read what a policy misses and what it flags without cause.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bulwark/engine.h"
#include "eval/dataset.h"
#include "eval/task.h"

namespace bulwark::eval {

enum class Outcome { kMissed, kFalsePositive };

// kMissed: a positive record not flagged; kFalsePositive: a negative one flagged; nullopt: right.
std::optional<Outcome> wrong(bool positive, bool flagged);
std::string_view outcome_name(Outcome o);

// {"dataset","file","line","task","label","outcome","score","decision","findings":[{"detector",
//  "category","subtype","severity","score","action","via"}],"categories","text"}: the scan's
// findings, relevant to the task or not, so a miss shows what fired below the line and a false
// positive shows what fired.
nlohmann::ordered_json error_json(std::string_view dataset, std::string_view file, size_t line, const Record& rec,
                                  Outcome outcome, const Verdict& verdict, const ScanResult& result);

}  // namespace bulwark::eval
