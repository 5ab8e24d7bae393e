// model/classifier.h — a trained fastText model plus its JSON sidecar (calibration,
// thresholds, label map), loaded once and shared by every thread.
//
// A model has one or more heads. A head scores a set of fastText labels (prompt_attack:
// injection + jailbreak) as log-odds, maps them through its Platt calibration and compares
// the result with its threshold. Sidecars with "score": "logodds" (version 2) take the exact
// log-odds from the output layer's logits; older ones take logit(sum of the probabilities).
// A one-vs-all head naming several labels scores "any of them" (1 - prod(1 - p_i)) on that
// path. Why: fastText's probabilities flatten near certainty (log(p + 1e-5), and for one-vs-all a
// sigmoid table that ends at logit +-8), so every confident text tied there and a threshold
// among them could not be placed. Thread-safety: predict() is const and uses only the
// caller's Scratch (fastText's predict(k, words, ...) keeps its state on the stack).
//
// Two paths give the same scores: the fast one (model/fast_predictor.h: ids from token byte
// ranges, no stream, no per-n-gram strings, each token's ids computed once per text even when
// windows overlap), used whenever the model allows it, and the reference one through
// fastText's own text path (predict_reference / score_reference), kept for models the fast
// path does not cover and for the test that holds the two equal.
//
// score() reads only the letters of the scripts the model has read ordinary negatives in (the
// sidecar's "scripts"): a model that saw a script only in positive rows (translated harmful-only
// sets) has learnt "this script is a positive", not what the text says — the harm model blocked
// 20 of 50 ordinary Bengali prompts. Other scripts' letters are blanked, so such text is not
// scored at all, and English with a Bengali padding is scored on its English.
#pragma once

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/result.h"
#include "model/calibration.h"
#include "model/fast_predictor.h"
#include "model/features.h"
#include "text/script.h"

namespace fasttext {
class FastText;
}

namespace bulwark::model {

struct Head {
  std::string name;                 // "prompt_attack", "hate", ...
  std::string category;             // policy category, e.g. "harm/hate"
  std::vector<std::string> labels;  // fastText labels without "__label__"
  bool complement = false;          // score the opposite: labels name the negative class
  Platt platt;
  double threshold = 0.5;           // on the calibrated score
};

struct ModelInfo {
  std::string name;
  int version = 1;
  std::string model_file;           // relative to the sidecar
  size_t head_tokens = 192, tail_tokens = 64;
  size_t window = 0, stride = 0;    // >0: score sliding windows, keep the maximum
  bool logodds = false;             // raw = exact log-odds from the logits (sidecar "score")
  std::vector<Head> heads;
  // Scripts the model read enough ordinary negatives in (sidecar "scripts"."covered", ICU long
  // names): letters of any other script are blanked before scoring. Empty: every script is read
  // (sidecars written before late 2026-11-29).
  std::vector<std::string> scripts;
  std::map<std::string, size_t> script_negatives;  // the counts the trainer decided on (card)
};

Result<ModelInfo> parse_sidecar(const std::string& json_text);
std::string sidecar_json(const ModelInfo& info, const std::string& extra_json_object = "{}");

class Classifier {
 public:
  struct Output {
    std::vector<double> raw;         // per head, uncalibrated log-odds
    std::vector<double> calibrated;  // per head
    std::vector<double> label_probs; // per fastText label id (for subtypes)
    bool scored = false;             // some token reached the model (else raw is -40, calibrated 0)
    text::ScriptSet unread;          // scripts whose letters were blanked (not read) in this text
  };
  struct Scratch {
    std::istringstream in;
    std::vector<int32_t> words, labels;
    std::vector<std::pair<float, int32_t>> predictions;
    std::vector<float> logits;          // reference path's logits (logodds models)
    std::string buf, feats;
    std::string masked;                 // the text with letters of uncovered scripts blanked
    Output window_out;
    std::vector<TokenSpan> spans, kept;
    FastPredictor::Scratch fast;
    FastPredictor::Predictions fast_predictions;
  };

  // Loads <dir>/<name>.json and the model it names.
  static Result<std::shared_ptr<const Classifier>> load(const std::string& dir, const std::string& name);
  ~Classifier();

  const ModelInfo& info() const { return info_; }
  // `feats` is model::features() output (or a tokenized window).
  void predict(const std::string& feats, Scratch& s, Output& out) const;
  // Scores an already-normalized text (skeleton view): head + tail tokens, or, for window
  // models on inputs longer than one window, every window (and only the windows), keeping
  // per head the highest calibrated score. *best_window gets
  // the byte range of the window that scored highest on head 0 (whole text otherwise).
  void score(std::string_view normalized, Scratch& s, Output& out,
             std::pair<size_t, size_t>* best_window = nullptr) const;
  // The same through fastText's own text path (istream + Dictionary::getLine + predict),
  // whatever the model: the reference the fast path is tested against.
  void predict_reference(const std::string& feats, Scratch& s, Output& out) const;
  void score_reference(std::string_view normalized, Scratch& s, Output& out,
                       std::pair<size_t, size_t>* best_window = nullptr) const;
  // Whether the output layer is one sigmoid per label (else softmax).
  bool one_vs_all() const { return one_vs_all_; }
  // Whether predict() and score() take the fast path for this model.
  bool has_fast_path() const { return fast_ != nullptr; }
  // Index of fastText label `name` (without prefix), or -1.
  int label_index(const std::string& name) const;
  const std::vector<std::string>& label_names() const { return label_names_; }

 private:
  Classifier() = default;
  ModelInfo info_;
  // Output from fastText's (log probability, label id) pairs and, for logodds models, the
  // labels' logits; `has_input`: fastText saw ids.
  void finish(const std::vector<std::pair<float, int32_t>>& predictions, const std::vector<float>& logits,
              bool has_input, Output& out) const;
  // Head h's log-odds from the labels' logits (softmax or one-vs-all output layer).
  double head_logodds(size_t h, const std::vector<float>& logits) const;
  // Folds window `w` into the running maximum `out` (per head and per label).
  static bool keep_max(const Output& w, Output& out);
  std::unique_ptr<fasttext::FastText> ft_;
  std::unique_ptr<const FastPredictor> fast_;      // null: the model needs the reference path
  std::vector<std::string> label_names_;           // by fastText label id
  std::vector<std::vector<int>> head_label_ids_;   // per head
  text::ScriptSet covered_;                        // info_.scripts as codes
  bool script_gate_ = false;                       // info_.scripts is not empty
  // `norm` itself, or its copy in s.masked with the letters of uncovered scripts blanked;
  // `abstain` when that leaves no letter at all (nothing for the model to read).
  std::string_view readable(std::string_view norm, Scratch& s, Output& out, bool& abstain) const;
  // The output of a text the model does not read: nothing scored, every head 0.
  void abstain(Scratch& s, Output& out) const;
  bool one_vs_all_ = false;                        // sigmoid per label, not softmax
};

}  // namespace bulwark::model
