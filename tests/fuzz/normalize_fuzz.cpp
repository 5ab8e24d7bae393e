// Fuzzes the normalized views (folded, skeleton, collapsed) and the normalize.h helpers:
// maps in bounds, views consistent with the helpers, folding idempotent on ASCII.
#include <cstdint>
#include <string>

#include "fuzz_util.h"
#include "text/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulwark;
  std::string in;
  text::sanitize_utf8(std::string_view(reinterpret_cast<const char*>(data), size), in);
  text::PipelineOptions opt;
  opt.decode.max_depth = 0;  // normalization only
  text::PipelineScratch scratch;
  ScanContext ctx;
  bool replaced = false;
  Status st = text::build_context(in, Role::kDocument, opt, scratch, ctx, &replaced);
  BULWARK_FUZZ_CHECK(st.ok());
  fuzz::check_context(ctx);
  BULWARK_FUZZ_CHECK(ctx.decoded.empty());
  BULWARK_FUZZ_CHECK(text::fold_text(in) == ctx.folded().text);
  BULWARK_FUZZ_CHECK(text::skeleton_text(in) == ctx.skeleton().text);
  BULWARK_FUZZ_CHECK(text::collapsed_text(in) == ctx.collapsed().text);
  // The folded view of plain ASCII has no upper case left and the same length.
  bool ascii = true;
  for (unsigned char c : in) ascii &= c < 0x80;
  if (ascii) {
    BULWARK_FUZZ_CHECK(ctx.folded().text.size() == in.size());
    for (char c : ctx.folded().text) BULWARK_FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
  }
  return 0;
}
