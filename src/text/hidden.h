// text/hidden.h — classification of invisible and smuggling code points (zero-width, bidi
// controls, variation selectors, Unicode tag block) and the run list the pipeline reports.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <vector>

#include "bulwark/detector.h"

namespace bulwark::text {

// The hidden-text kind of cp, or nullopt for a visible (or ordinary) code point.
std::optional<HiddenRun::Kind> hidden_kind(char32_t cp);

// Appends one hidden code point at original bytes [b, e), merging it into the previous run
// when that run has the same kind and ends at b.
void add_hidden(std::vector<HiddenRun>& runs, HiddenRun::Kind kind, uint32_t b, uint32_t e);

}  // namespace bulwark::text
