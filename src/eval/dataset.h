// eval/dataset.h — records of the labelled dataset schema (../shared/datasets/README.md):
// one JSON object per line with `text`, `task`, `label`, optional `categories` and optional
// `meta.lang` (or `meta.language`).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/result.h"
#include "eval/task.h"

namespace bulwark::eval {

struct Record {
  std::string text;
  Task task = Task::kBenign;
  std::string label;
  std::vector<std::string> categories;
  std::string lang;   // meta.lang (or meta.language) when the record has one
};

// @return kInvalidArgument naming what is wrong (not JSON, missing or non-string `text`,
//         unknown `task`); the caller adds the file and line number.
Result<Record> parse_record(std::string_view line);

// The name a dataset file is reported under: the folder name for ".../<name>/data.jsonl",
// otherwise the file name without its extension.
std::string dataset_name(std::string_view path);

}  // namespace bulwark::eval
