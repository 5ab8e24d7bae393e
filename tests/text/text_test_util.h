// tests/text/text_test_util.h — runs the text pipeline on one input for the text tests.
#pragma once

#include <string>
#include <string_view>

#include "text/pipeline.h"

namespace bulwark::text::testing {

struct Built {
  PipelineScratch scratch;
  ScanContext ctx;
  bool replaced = false;
  Status status;

  // The first decoded view with this codec ("base64", "hex", ...), or nullptr.
  const TextView* decoded(std::string_view codec) const {
    std::string name = "decoded:" + std::string(codec);
    for (const TextView* v : ctx.decoded)
      if (v->name == name) return v;
    return nullptr;
  }
  // The original text that view bytes [b, e) came from.
  std::string original_of(const TextView& v, size_t b, size_t e) const {
    auto [ob, oe] = v.to_original(static_cast<uint32_t>(b), static_cast<uint32_t>(e));
    return std::string(ctx.original.substr(ob, oe - ob));
  }
};

inline std::unique_ptr<Built> build(std::string_view input, PipelineOptions opt = {}) {
  auto b = std::make_unique<Built>();
  b->status = build_context(input, Role::kUser, opt, b->scratch, b->ctx, &b->replaced);
  return b;
}

// Every map entry of every view lies inside the original and is a non-empty range (payload
// separators excepted).
inline bool maps_in_bounds(const Built& b) {
  const size_t n = b.ctx.original.size();
  auto check = [&](const TextView& v) {
    if (v.text.empty()) return true;  // an empty view has no maps either
    if (v.identity()) return v.text.size() == n;
    if (v.src_begin.size() != v.text.size() || v.src_end.size() != v.text.size()) return false;
    for (size_t i = 0; i < v.text.size(); ++i)
      if (v.src_begin[i] > v.src_end[i] || v.src_end[i] > n) return false;
    return true;
  };
  bool ok = check(b.ctx.raw()) && check(b.ctx.folded()) && check(b.ctx.skeleton()) && check(b.ctx.collapsed());
  for (const TextView* v : b.ctx.decoded) ok = ok && check(*v);
  return ok;
}

}  // namespace bulwark::text::testing
