// Placeholder normalization stages (ASCII lower-casing only); replaced by the full
// NFKC/case-fold/confusable/leet/spacing implementation.
#include "text/pipeline.h"
#include "text/utf8.h"

namespace bulwark::text {

void build_folded(const TextView& raw, std::string_view original, TextView& out,
                  std::vector<HiddenRun>& hidden) {
  out.clear();
  out.name = "folded";
  for (size_t i = 0; i < original.size(); ++i) {
    char c = original[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.append(c, static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1));
  }
}

void build_skeleton(const TextView& folded, TextView& out) {
  out = folded;
  out.name = "skeleton";
}

void build_collapsed(const TextView& skeleton, TextView& out) {
  out = skeleton;
  out.name = "collapsed";
}

void decode_payloads(std::string_view, const std::vector<HiddenRun>&, const DecodeOptions&,
                     PipelineScratch&, std::vector<const TextView*>&) {}

}  // namespace bulwark::text

#include "text/normalize.h"

namespace bulwark::text {

namespace {
std::string view_text(std::string_view utf8, int stage) {
  TextView raw, folded, skeleton, collapsed;
  std::vector<HiddenRun> hidden;
  raw.text.assign(utf8);
  build_folded(raw, utf8, folded, hidden);
  if (stage == 0) return folded.text;
  build_skeleton(folded, skeleton);
  if (stage == 1) return skeleton.text;
  build_collapsed(skeleton, collapsed);
  return collapsed.text;
}
}  // namespace

std::string fold_text(std::string_view utf8) { return view_text(utf8, 0); }
std::string skeleton_text(std::string_view utf8) { return view_text(utf8, 1); }
std::string collapsed_text(std::string_view utf8) { return view_text(utf8, 2); }

}  // namespace bulwark::text
