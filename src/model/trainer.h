// model/trainer.h — `bulwark train`: builds every model from ../shared/datasets, calibrates it
// on held-out sources, quantizes it and writes models/<name>.{ftz,json,md}.
//
// Deterministic for a given seed and thread count (fastText with thread=1 is bit-reproducible;
// more threads are faster but not).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bulwark/result.h"

namespace bulwark::model {

struct TrainOptions {
  std::string datasets_dir = "../shared/datasets";
  std::string out_dir = "models";
  std::string only;        // train just this model
  uint64_t seed = 42;
  int threads = 1;
  std::function<void(const std::string&)> log;  // progress lines
  // While fastText trains a model: the share of the work done (0..1, never decreasing) and
  // fastText's estimate of the seconds left. Called often, from a training thread, but never
  // from two at once; it must be cheap. Does not change what is trained.
  std::function<void(const std::string& model, double done, int64_t eta_seconds)> progress;
};

struct SourceFigure {
  std::string source;
  size_t n = 0, positives = 0;
  double recall = 0, fpr = 0, auprc = 0;  // NaN where undefined
};

struct ModelReport {
  std::string name;
  size_t train_rows = 0, dev_rows = 0;
  double seconds = 0;
  size_t bytes = 0;
  double recall = 0, fpr = 0, f1 = 0, lookalike_fpr = 0;  // dev, pooled over held-out sources
  std::vector<SourceFigure> sources;
  std::vector<std::pair<std::string, double>> robustness;  // transform -> ratio
  // Dev negatives flagged once obfuscated, per transform (plain rate in negatives_plain_flagged):
  // whether the obfuscation alone reads as a positive.
  double negatives_plain_flagged = 0;
  std::vector<std::pair<std::string, double>> negatives_flagged;  // transform -> rate
  // Training rows by the script most of their letters are in: script -> (ordinary negatives,
  // positives). Scripts with fewer than kMinScriptNegatives negatives are not read (classifier.h).
  std::map<std::string, std::pair<size_t, size_t>> scripts;
  // Positive rows left out: their language has no ordinary training text (recipe.h).
  std::map<std::string, size_t> untaught_languages;
};

// A script counts as read when at least this many training negatives (weak labels and
// obfuscated copies left out) are written mostly in it. With the shared datasets every script
// has either none (it came only with translated harmful or attack rows: Bengali, Devanagari
// and Thai for the harm model) or 60 and more; the minimum keeps a handful of stray rows from
// counting as having read a language.
inline constexpr size_t kMinScriptNegatives = 50;

const std::vector<std::string>& model_names();  // prompt_attack, document_attack, harm

Status train_models(const TrainOptions& options, std::vector<ModelReport>* reports);

}  // namespace bulwark::model
