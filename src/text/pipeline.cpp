#include "text/pipeline.h"

#include "text/utf8.h"

namespace bulwark::text {

// Normalization and decoding stages live in their own files; this file wires them up.
void build_folded(const TextView& raw, std::string_view original, TextView& out,
                  std::vector<HiddenRun>& hidden);
void build_skeleton(const TextView& folded, TextView& out);
void build_collapsed(const TextView& skeleton, TextView& out);
void decode_payloads(std::string_view original, const std::vector<HiddenRun>& hidden,
                     const DecodeOptions& options, PipelineScratch& scratch,
                     std::vector<const TextView*>& out);

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

  build_folded(scratch.raw, input, scratch.folded, ctx.hidden);
  build_skeleton(scratch.folded, scratch.skeleton);
  build_collapsed(scratch.skeleton, scratch.collapsed);
  decode_payloads(input, ctx.hidden, options.decode, scratch, ctx.decoded);

  ctx.raw_view = &scratch.raw;
  ctx.folded_view = &scratch.folded;
  ctx.skeleton_view = &scratch.skeleton;
  ctx.collapsed_view = &scratch.collapsed;
  return {};
}

}  // namespace bulwark::text
