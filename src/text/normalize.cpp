// The normalized views as plain strings, built by the same stages as the scan pipeline so
// that terms, features and training data normalize exactly like scanned text.
#include "text/normalize.h"

#include "text/stages.h"

namespace bulwark::text {
namespace {

std::string view_text(std::string_view utf8, int stage) {
  TextView folded, skeleton, collapsed;
  std::vector<HiddenRun> hidden;
  build_folded(utf8, folded, hidden);
  if (stage == 0) return std::move(folded.text);
  build_skeleton(folded, skeleton);
  if (stage == 1) return std::move(skeleton.text);
  build_collapsed(skeleton, collapsed);
  return std::move(collapsed.text);
}

}  // namespace

std::string fold_text(std::string_view utf8) { return view_text(utf8, 0); }
std::string skeleton_text(std::string_view utf8) { return view_text(utf8, 1); }
std::string collapsed_text(std::string_view utf8) { return view_text(utf8, 2); }

}  // namespace bulwark::text
