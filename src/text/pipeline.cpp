#include "text/pipeline.h"

#include "text/stages.h"
#include "text/utf8.h"
#include "text/word_splitter.h"

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
  build_skeleton(scratch.folded, scratch.skeleton, options.splitter);
  build_collapsed(scratch.skeleton, scratch.collapsed, &scratch.joined_runs);
  const bool split = options.splitter != nullptr && !scratch.joined_runs.empty() &&
                     build_split(scratch.collapsed, scratch.joined_runs, *options.splitter, scratch.split);
  decode_payloads(scratch.raw, options.decode, scratch, ctx.decoded);

  ctx.raw_view = &scratch.raw;
  ctx.folded_view = &scratch.folded;
  ctx.skeleton_view = &scratch.skeleton;
  ctx.collapsed_view = &scratch.collapsed;
  ctx.split_view = split ? &scratch.split : &scratch.collapsed;
  return {};
}

}  // namespace bulwark::text
