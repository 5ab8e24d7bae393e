// model/dataset.h — loading ../shared/datasets/*/data.jsonl and removing near-duplicates.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "bulwark/result.h"
#include "model/record.h"

namespace bulwark::model {

// Reads every <dir>/*/data.jsonl (sorted by folder name, so runs are reproducible).
// Malformed lines are skipped and counted in *skipped.
Result<std::vector<Record>> load_datasets(const std::string& dir, size_t* skipped = nullptr);

// A record's language from its `meta` object: `lang`, else `language` (CyberSecEval, giskard);
// "" when it has neither as a non-empty string. `bulwark eval` reads it the same way.
std::string language_of(const nlohmann::json& meta);

struct DedupStats {
  size_t removed = 0;
  size_t label_conflicts = 0;  // same normalized text, different task/label: all copies dropped
};

// Keeps the first record of each normalized text (skeleton view, punctuation and spacing
// ignored). Texts that occur with conflicting labels are label noise: every copy is dropped.
std::vector<Record> dedup(std::vector<Record> records, DedupStats* stats = nullptr);

}  // namespace bulwark::model
