// Fuzzes the UTF-8 layer: validation, sanitizing and decoding agree with each other, and
// the pipeline rejects malformed input with an offset or replaces it, never crashes.
#include <cstdint>
#include <string>

#include "fuzz_util.h"
#include "text/script.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulwark;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Status valid = text::validate_utf8(in);
  std::string clean;
  size_t replaced = text::sanitize_utf8(in, clean);
  BULWARK_FUZZ_CHECK(text::validate_utf8(clean).ok());
  BULWARK_FUZZ_CHECK(valid.ok() == (replaced == 0));
  if (valid.ok()) BULWARK_FUZZ_CHECK(clean == in);
  // decode_utf8 + append_utf8 round-trip every well-formed code point.
  std::string round;
  for (size_t i = 0; i < clean.size();) {
    char32_t cp;
    int len = text::decode_utf8(clean, i, cp);
    BULWARK_FUZZ_CHECK(len >= 1 && len <= 4);
    text::append_utf8(round, cp);
    i += static_cast<size_t>(len);
  }
  BULWARK_FUZZ_CHECK(round == clean);
  BULWARK_FUZZ_CHECK(text::count_code_points(clean) <= clean.size());

  // Script blanking (what a model reads) keeps every offset and only ever writes spaces, on
  // malformed input too.
  text::ScriptSet latin;
  latin.set(static_cast<size_t>(text::script_code("Latin")));
  std::string blanked;
  bool letters = false;
  if (text::blank_scripts(in, latin, blanked, &letters)) {
    BULWARK_FUZZ_CHECK(blanked.size() == in.size());
    for (size_t i = 0; i < in.size(); ++i) BULWARK_FUZZ_CHECK(blanked[i] == in[i] || blanked[i] == ' ');
  }
  (void)text::dominant_script(in);

  text::PipelineOptions opt;
  text::PipelineScratch scratch;
  ScanContext ctx;
  bool was_replaced = false;
  Status st = text::build_context(in, Role::kUser, opt, scratch, ctx, &was_replaced);
  BULWARK_FUZZ_CHECK(st.ok() == valid.ok());
  if (st.ok()) fuzz::check_context(ctx);
  opt.replace_invalid_utf8 = true;
  st = text::build_context(in, Role::kUser, opt, scratch, ctx, &was_replaced);
  BULWARK_FUZZ_CHECK(st.ok());
  BULWARK_FUZZ_CHECK(was_replaced == !valid.ok());
  fuzz::check_context(ctx);
  return 0;
}
