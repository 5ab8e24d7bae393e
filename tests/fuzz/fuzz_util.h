// tests/fuzz/fuzz_util.h — invariants every fuzz target checks on a built ScanContext.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "text/pipeline.h"
#include "text/utf8.h"

namespace bulwark::fuzz {

#define BULWARK_FUZZ_CHECK(cond)                                          \
  do {                                                                    \
    if (!(cond)) {                                                        \
      std::fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                       \
    }                                                                     \
  } while (0)

// Every view is valid UTF-8, its maps have one entry per byte, and every range lies inside
// the original; mapping any view span back stays in bounds.
inline void check_context(const ScanContext& ctx) {
  const size_t n = ctx.original.size();
  BULWARK_FUZZ_CHECK(text::validate_utf8(ctx.original).ok());
  auto check = [&](const TextView& v) {
    BULWARK_FUZZ_CHECK(text::validate_utf8(v.text).ok());
    if (v.text.empty()) return;  // an empty view has no maps either
    if (v.identity()) {
      BULWARK_FUZZ_CHECK(v.text.size() == n);
      return;
    }
    BULWARK_FUZZ_CHECK(v.src_begin.size() == v.text.size());
    BULWARK_FUZZ_CHECK(v.src_end.size() == v.text.size());
    for (size_t i = 0; i < v.text.size(); ++i) {
      BULWARK_FUZZ_CHECK(v.src_begin[i] <= v.src_end[i]);
      BULWARK_FUZZ_CHECK(v.src_end[i] <= n);
    }
    if (!v.text.empty()) {
      auto [ob, oe] = v.to_original(0, static_cast<uint32_t>(v.text.size()));
      BULWARK_FUZZ_CHECK(ob <= oe && oe <= n);
    }
  };
  check(ctx.raw());
  check(ctx.folded());
  check(ctx.skeleton());
  check(ctx.collapsed());
  BULWARK_FUZZ_CHECK(ctx.skeleton().text.size() <= ctx.folded().text.size());
  BULWARK_FUZZ_CHECK(ctx.collapsed().text.size() <= ctx.skeleton().text.size());
  for (const TextView* v : ctx.decoded) {
    check(*v);
    BULWARK_FUZZ_CHECK(v->depth >= 1);
    BULWARK_FUZZ_CHECK(v->name.rfind("decoded:", 0) == 0);
  }
  for (const HiddenRun& r : ctx.hidden) {
    BULWARK_FUZZ_CHECK(r.byte_begin < r.byte_end && r.byte_end <= n);
    BULWARK_FUZZ_CHECK(r.count >= 1);
  }
}

}  // namespace bulwark::fuzz
