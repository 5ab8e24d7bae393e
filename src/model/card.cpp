#include "model/card.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace bulwark::model {
namespace {

std::string f3(double x) {
  if (std::isnan(x)) return "–";
  std::ostringstream os;
  os.precision(3);
  os << std::fixed << x;
  return os.str();
}

const char* limits_of(const std::string& name) {
  if (name == "prompt_attack")
    return "- Trained on public injection/jailbreak corpora; novel attack styles unlike any training source are caught\n"
           "  less often (see per-source recall).\n"
           "- Harmful requests without an attack on the model are deliberately *not* flagged (that is the harm model).\n"
           "- Base64 and tag-smuggled attacks depend on the engine's decoded views; this model scores the\n"
           "  skeleton view and, in the detector, decoded payload views. Not trained on tag smuggling (its rows\n"
           "  were only a harmless cover sentence labelled an attack).\n";
  if (name == "document_attack")
    return "- Few real clean documents exist in the training data: most clean documents are pseudo-documents\n"
           "  built from benign prompts, and most positives embed known injection strings into them.\n"
           "- Documents longer than one window are scored in windows of 128 tokens (stride 112); the highest\n"
           "  window wins.\n"
           "- Spaced-out clean documents read as injections (negatives flagged, above): the obfuscated training\n"
           "  rows are nearly all injections. Not trained on tag smuggling (its rows were only a harmless cover\n"
           "  sentence labelled an injection); the detector scores the decoded tag payload instead, so this model\n"
           "  alone does not catch it (ratio above).\n";
  return "- Labels mix harmful *requests* and toxic *content*; categories follow the shared vocabulary, with\n"
         "  fraud/cybercrime folded into illicit and misinformation/privacy/political/regulated advice into other.\n"
         "- Weak labels (hh-rlhf red-team openers, RealToxicityPrompts challenges) are not trained on.\n"
         "- Davidson \"offensive\" tweets train the offensive head, never hate.\n"
         "- Heads without held-out positives keep an uncalibrated score (identity Platt map).\n"
         "- Trained on homoglyph, leetspeak, zero-width and spacing obfuscations of harmful rows only; not on\n"
         "  base64 or tag smuggling, whose payloads the detector decodes and scores (above: this model alone\n"
         "  does not catch them). Leetspeak and spacing alone read as harm to the model alone (negatives\n"
         "  flagged, above); deployed, the detector reads spaced text split back into words and the skeleton\n"
         "  folds leetspeak that spells a known word (\"7h3\"), which removes most of it (docs/models.md).\n"
         "  Obfuscating safe rows too would fix it in the model; measured, not shipped.\n";
}

}  // namespace

std::string model_card(const CardInput& in) {
  const ModelReport& r = in.report;
  std::ostringstream os;
  os << "# Model card: " << in.name << "\n\n"
     << in.description << ".\n\n"
     << "fastText supervised classifier (" << (in.dim ? "dim " + std::to_string(in.dim) + ", " : "")
     << "word bigrams, character 3–4-grams), product-quantized; file `" << in.info.model_file << "` ("
     << r.bytes / 1024 << " KiB), sidecar `" << in.name
     << ".json` (calibration, thresholds, label map). Features: the engine's skeleton view, punctuation split "
        "off, head "
     << in.info.head_tokens << " + tail " << in.info.tail_tokens << " tokens";
  if (in.info.window) os << "; windows of " << in.info.window << " tokens, stride " << in.info.stride;
  os << ".";
  if (in.info.logodds)
    os << " Each head's raw score is its exact log-odds from the output layer (sidecar `\"score\": "
          "\"logodds\"`), which the Platt map below turns into a probability.";
  os << "\n\n## Data and splits\n\n"
     << "- Training rows: " << r.train_rows << " (after dedup on the normalized text, per-source caps, "
        "obfuscation augmentation and generated contrastive prompts). Dev rows: " << r.dev_rows << ".\n"
     << "- Dev = whole held-out sources, never trained on: ";
  for (size_t i = 0; i < in.dev_sources.size(); ++i) os << (i ? ", " : "") << "`" << in.dev_sources[i] << "`";
  os << ".\n- The dev rows are split in two halves by a hash of the text (FNV-1a, low bit). The calibration "
        "half fits the Platt map and picks each head's threshold (the lowest that keeps the head's false-positive "
        "rate on the half's pooled negatives under the target); every figure below is measured on the other "
        "(report) half only, so neither FPR nor recall is in-sample for the threshold.\n";
  if (!r.untaught_languages.empty()) {
    os << "- Positive rows in a language with no ordinary text among the training negatives are left out (a "
          "language seen only in positive rows is learnt as a positive by itself): ";
    size_t i = 0;
    for (const auto& [lang, n] : r.untaught_languages) os << (i++ ? ", " : "") << "`" << lang << "` " << n;
    os << " rows. The model was taught nothing about text in these languages, either way.\n";
  }
  os << "\n"
     << "## Heads\n\n| head | category | labels | Platt a | Platt b | threshold |\n|---|---|---|---|---|---|\n";
  for (const auto& h : in.info.heads) {
    os << "| " << h.name << " | " << h.category << " | ";
    for (size_t i = 0; i < h.labels.size(); ++i) os << (i ? ", " : "") << h.labels[i];
    os << " | " << f3(h.platt.a) << " | " << f3(h.platt.b) << " | " << f3(h.threshold) << " |\n";
  }
  os << "\n## Dev figures per held-out source\n\n| source | n | positives | recall | FPR | AUPRC |\n|---|---|---|---|---|---|\n";
  for (const auto& s : r.sources)
    os << "| " << s.source << " | " << s.n << " | " << s.positives << " | " << f3(s.recall) << " | " << f3(s.fpr)
       << " | " << f3(s.auprc) << " |\n";
  os << "\nPooled dev: recall " << f3(r.recall) << ", FPR " << f3(r.fpr) << ", F1 " << f3(r.f1)
     << "; FPR on look-alike prompts (generated-dev, cyberseceval-frr-benign, wildguard-benign-prompts) "
     << f3(r.lookalike_fpr) << ".\n\n## Robustness (detection rate obfuscated / plain, dev positives)\n\n"
     << "The model alone on the skeleton view of the obfuscated text. The deployed detector also scores the "
        "decoded payloads (base64, tag characters, ...) and the split view (spacing tricks split back into words), and the engine's "
        "rule detectors run beside it: `bulwark eval --robustness` measures that (docs/cli.md).\n\n"
     << "The last column is the other half: the share of dev negatives (up to 1,000 of the report half) "
        "flagged once obfuscated, against " << f3(r.negatives_plain_flagged) << " plain — how much the "
        "obfuscation alone reads as a positive.\n\n"
     << "| transform | ratio | negatives flagged |\n|---|---|---|\n";
  for (size_t k = 0; k < r.robustness.size(); ++k) {
    const double neg =
        k < r.negatives_flagged.size() ? r.negatives_flagged[k].second : std::numeric_limits<double>::quiet_NaN();
    os << "| " << r.robustness[k].first << " | " << f3(r.robustness[k].second) << " | " << f3(neg) << " |\n";
  }
  if (!r.scripts.empty()) {
    os << "\n## Scripts\n\n"
       << "The model scores only the letters of the scripts it read at least " << kMinScriptNegatives
       << " ordinary training negatives in (weak labels and obfuscated copies left out); the letters of any other "
          "script are blanked first, so text written only in them is not scored, and English padded with them is "
          "scored on its English (docs/models.md). A script seen only in positive rows would otherwise read as a "
          "positive by itself. Training rows by the script most of their letters are in:\n\n"
       << "| script | negatives | positives | read |\n|---|---|---|---|\n";
    for (const auto& [name, np] : r.scripts)
      os << "| " << name << " | " << np.first << " | " << np.second << " | "
         << (np.first >= kMinScriptNegatives ? "yes" : "no") << " |\n";
  }
  os << "\n## Known limits\n\n" << limits_of(in.name)
     << "- The text normalization in front of the model is whatever `text::skeleton_text` does in the build that "
        "trained it; retrain after the normalization changes.\n"
     << "\n## How to rebuild\n\n```\nbulwark train --datasets ../shared/datasets --out models --only " << in.name
     << " --seed 42 --threads 1\n```\n\nDeterministic with `--threads 1` (training took " << f3(r.seconds)
     << " s here).\n";
  return os.str();
}

}  // namespace bulwark::model
