#include "text/pipeline.h"

#include "text/stages.h"
#include "text/utf8.h"

namespace bulwark::text {

Status build_context(std::string_view input, Role role, const PipelineOptions& options,
                     PipelineScratch& scratch, ScanContext& ctx, bool* replaced) {
  *replaced = false;
  Status st = validate_utf8(input);
  if (!st.ok()) {
    if (!options.replace_invalid_utf8) return st;
    sanitize_utf8(input, scratch.sanitized);
    input = scratch.sanitized;
    *replaced = true;
  }
  ctx.original = input;
  ctx.role = role;
  ctx.hidden.clear();
  ctx.decoded.clear();
  scratch.decoded_used = 0;

  scratch.raw.clear();
  scratch.raw.name = "raw";
  scratch.raw.text.assign(input);

  build_folded(input, scratch.folded, ctx.hidden);
  build_skeleton(scratch.folded, scratch.skeleton);
  build_collapsed(scratch.skeleton, scratch.collapsed);
  decode_payloads(scratch.raw, options.decode, scratch, ctx.decoded);

  ctx.raw_view = &scratch.raw;
  ctx.folded_view = &scratch.folded;
  ctx.skeleton_view = &scratch.skeleton;
  ctx.collapsed_view = &scratch.collapsed;
  return {};
}

}  // namespace bulwark::text
