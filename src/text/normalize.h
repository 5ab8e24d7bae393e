// text/normalize.h — the normalized views as plain strings, for code that must normalize
// its own inputs the way the pipeline normalizes scanned text (blocklist terms, model
// features, training data).
#pragma once

#include <string>
#include <string_view>

namespace bulwark::text {

// NFKC + case folding, invisible characters dropped (the "folded" view).
std::string fold_text(std::string_view utf8);
// Folded + confusables + leetspeak (the "skeleton" view).
std::string skeleton_text(std::string_view utf8);
// Skeleton with spacing tricks joined (the "collapsed" view).
std::string collapsed_text(std::string_view utf8);

}  // namespace bulwark::text
