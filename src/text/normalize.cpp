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
