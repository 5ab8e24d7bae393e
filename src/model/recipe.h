// model/recipe.h — which rows each model trains and is validated on. Dev data is split BY
// SOURCE: whole datasets are held out, so dev figures estimate performance on text from
// elsewhere. The held-out lists are documented in docs/models.md and each model card.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/record.h"

namespace bulwark::model {

struct Example {
  std::string text;                 // original text (features are computed by the trainer)
  std::vector<std::string> labels;  // fastText labels without prefix; empty never happens
  std::string source;
  bool augmented = false;           // produced by augment.h or by embedding (not counted in dev)
  // Counts toward the scripts a model has read ordinary text in (trainer.cpp): not a weak label
  // (xsafety's mental-health "safe" rows are one topic in ten scripts) and not an obfuscated copy
  // (homoglyphs put Cyrillic letters into English).
  bool script_evidence = true;
};

struct Split {
  std::vector<Example> train;
  std::vector<Example> dev;
  // Positive rows left out because their language (meta.lang) has no ordinary text among the
  // training negatives: language -> rows (the model card lists them).
  std::map<std::string, size_t> untaught_languages;
};

// The held-out sources of each model.
const std::vector<std::string>& prompt_attack_dev_sources();
const std::vector<std::string>& document_attack_dev_sources();
const std::vector<std::string>& harm_dev_sources();

bool is_dev_source(const std::vector<std::string>& dev, const std::string& source);

// Harm vocabulary -> model label ("" = not a harm label of ours).
std::string harm_label_of(const std::string& category);
extern const char* const kHarmLabels[];   // model labels, nullptr-terminated
std::string harm_category_of(const std::string& label);  // policy category, e.g. harm/self-harm

// `all` must already be deduplicated and include the contrastive prompts.
Split prompt_attack_split(const std::vector<Record>& all, uint64_t seed);
Split document_attack_split(const std::vector<Record>& all, uint64_t seed);
Split harm_split(const std::vector<Record>& all, uint64_t seed);

}  // namespace bulwark::model
