// detect/model/model_store.h — finding and loading the shipped models once per process.
//
// The model folder: the detector's policy param `model_dir` (or `path`) when set (and only
// that folder); otherwise the first of $BULWARK_MODEL_DIR, <exe_dir>/../models, <exe_dir>/../share/bulwark/models, ./models.
// Loaded classifiers are cached by folder + name and shared by every engine that uses them.
#pragma once

#include <memory>
#include <string>

#include "bulwark/detector.h"
#include "model/classifier.h"
#include "text/word_splitter.h"

namespace bulwark::detect {

// The folders searched, in order, for a detector spec (for messages and tests).
std::vector<std::string> model_search_path(const DetectorSpec& spec);

// Loads <dir>/<name>.json + model from the first folder of the search path that has the
// sidecar. @return kNotFound naming every folder tried when none has it.
Result<std::shared_ptr<const model::Classifier>> load_shared_model(const DetectorSpec& spec,
                                                                   const std::string& name);

// The word list `bulwark train` writes beside the models (words.txt), from the first folder of
// the default search path that has one, loaded once per process, with the words of the
// harm.hazards rules added (hazard_words()): it splits the collapsed view's joined runs into
// words (text/word_splitter.h). Null when no folder has one (spacing tricks are
// then read as joined tokens) or it cannot be read (logged once to stderr).
std::shared_ptr<const text::WordSplitter> shared_word_splitter();

// True when the policy lists this detector itself (so a missing model is an error, not a skip).
bool explicitly_enabled(const DetectorSpec& spec);

}  // namespace bulwark::detect
