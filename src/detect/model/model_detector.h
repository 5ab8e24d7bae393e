// detect/model/model_detector.h — a Detector backed by a model::Classifier: scores the
// skeleton view (and decoded payload views), reports one Hit per head at or above its
// threshold.
//
// Hit scores are decision scores: 0.5 is the model's own dev-chosen threshold, 1.0 certainty,
// linear in the calibrated probability in between, so the policy's default `threshold: 0.5`
// means "the model's operating point" and a higher policy threshold means stricter.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bulwark/detector.h"
#include "model/classifier.h"

namespace bulwark::detect {

struct ModelDetectorConfig {
  std::string id;                 // registry id, e.g. "model.prompt_attack"
  std::string model;              // model name under the model folder
  RoleSet roles;
  bool scan_decoded = true;       // also score decoded payload views
  // Subtype: for single-head models with several labels, the most probable label
  // (prompt_attack: injection / jailbreak); otherwise the fixed subtype, or the head name.
  std::string fixed_subtype;
  // Severity at the threshold per head name (rises to 7 with the score); others start at 4.
  std::map<std::string, int> base_severity;
  // A self-harm hit on a user's text that asks for help (help_seeking.h) becomes "help_seeking"
  // at severity 2 at most: reported and audited under the default policy, not blocked.
  bool soften_help_seeking = false;
  // Score what the text says, not how it is written: with spacing tricks the collapsed view
  // instead of the skeleton, and with decoded payloads the skeleton with the encoded blobs
  // blanked (the payloads are scored decoded). The harm model was trained with only harmful rows
  // obfuscated, so letter-spaced or base64-carrying text read as harm by itself; the attack
  // models keep scoring the obfuscation, which is part of what an attack looks like.
  bool read_content_only = false;
};

// Builds the detector. Missing model: kNotFound when the policy names the detector itself,
// else a detector that reports nothing (default policy without shipped models).
Result<DetectorPtr> make_model_detector(const DetectorSpec& spec, ModelDetectorConfig cfg);

// Severity for a calibrated score s >= threshold t: base at t, 7 at s = 1.
int severity_for(double s, double t, int base);
// Decision score: 0.5 at t, 1 at 1, linear in between (and below t, 0.5 * s / t).
double decision_score(double s, double t);

}  // namespace bulwark::detect
