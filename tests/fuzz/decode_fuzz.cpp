// Fuzzes the payload decoders through build_context with options taken from the input's
// first bytes (depth, budget, minimum length): maps in bounds, budget and depth respected.
#include <cstdint>
#include <string>

#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulwark;
  if (size < 3) return 0;
  text::PipelineOptions opt;
  opt.decode.max_depth = data[0] % 5;
  opt.decode.max_decoded_bytes = (data[1] % 8 == 0) ? 0 : static_cast<size_t>(data[1]) * 64;
  opt.decode.min_encoded_len = data[2] % 32;
  opt.replace_invalid_utf8 = true;
  std::string_view in(reinterpret_cast<const char*>(data) + 3, size - 3);
  text::PipelineScratch scratch;
  ScanContext ctx;
  bool replaced = false;
  Status st = text::build_context(in, Role::kToolResult, opt, scratch, ctx, &replaced);
  BULWARK_FUZZ_CHECK(st.ok());
  fuzz::check_context(ctx);
  size_t total = 0;
  for (const TextView* v : ctx.decoded) {
    BULWARK_FUZZ_CHECK(v->depth <= opt.decode.max_depth);
    total += v->text.size();
  }
  BULWARK_FUZZ_CHECK(total <= opt.decode.max_decoded_bytes);
  return 0;
}
