// The folded view: NFKC + case folding with a byte map, invisible characters dropped.
//
// Non-ASCII text is normalized in small chunks (a starter and the marks that follow it) so
// that each output byte maps to a tight original range; composition never crosses a chunk
// boundary because a boundary is a starter that does not combine with what precedes it.
#include <utf8proc.h>

#include <array>

#include "text/hidden.h"
#include "text/stages.h"
#include "text/utf8.h"

namespace bulwark::text {
namespace {

// Stream-Safe Text Format bound: longer mark sequences are split, which keeps the canonical
// reordering inside utf8proc linear on hostile input ("Zalgo" text).
constexpr size_t kMaxChunkCodePoints = 30;

constexpr utf8proc_option_t kFoldOptions = static_cast<utf8proc_option_t>(
    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);

// True when cp starts a new chunk: a starter that cannot combine with the previous one.
bool is_chunk_start(char32_t cp) {
  if (cp < 0x300) return true;
  const utf8proc_property_t* p = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
  if (p->combining_class != 0) return false;
  if (p->category == UTF8PROC_CATEGORY_MN || p->category == UTF8PROC_CATEGORY_MC ||
      p->category == UTF8PROC_CATEGORY_ME)
    return false;
  // Hangul conjoining vowels and trailing consonants compose with the preceding jamo.
  if ((cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF)) return false;
  return true;
}

// Output writer over the view's three arrays, grown geometrically.
struct Writer {
  TextView& v;
  size_t n = 0;
  void reserve(size_t extra) {
    if (n + extra <= v.text.size()) return;
    size_t cap = std::max(v.text.size() * 2, n + extra);
    v.text.resize(cap);
    v.src_begin.resize(cap);
    v.src_end.resize(cap);
  }
  void put(char c, uint32_t b, uint32_t e) {
    v.text[n] = c;
    v.src_begin[n] = b;
    v.src_end[n] = e;
    ++n;
  }
  void finish() {
    v.text.resize(n);
    v.src_begin.resize(n);
    v.src_end.resize(n);
  }
};

void fold_chunk(std::string_view chunk, uint32_t ob, uint32_t oe, Writer& w) {
  utf8proc_int32_t stack_buf[64];
  std::vector<utf8proc_int32_t> heap_buf;
  utf8proc_int32_t* buf = stack_buf;
  auto src = reinterpret_cast<const utf8proc_uint8_t*>(chunk.data());
  auto len = static_cast<utf8proc_ssize_t>(chunk.size());
  utf8proc_ssize_t n = utf8proc_decompose(src, len, buf, 64, kFoldOptions);
  if (n > 64) {
    heap_buf.resize(static_cast<size_t>(n));
    buf = heap_buf.data();
    n = utf8proc_decompose(src, len, buf, n, kFoldOptions);
  }
  if (n < 0) {  // cannot happen on validated input; keep the bytes rather than lose them
    w.reserve(chunk.size());
    for (char c : chunk) w.put(c, ob, oe);
    return;
  }
  n = utf8proc_normalize_utf32(buf, n, kFoldOptions);
  if (n < 0) n = 0;
  char enc[4];
  for (utf8proc_ssize_t k = 0; k < n; ++k) {
    utf8proc_ssize_t m = utf8proc_encode_char(buf[k], reinterpret_cast<utf8proc_uint8_t*>(enc));
    w.reserve(static_cast<size_t>(m));
    for (utf8proc_ssize_t j = 0; j < m; ++j) w.put(enc[j], ob, oe);
  }
}

}  // namespace

void build_folded(std::string_view in, TextView& out, std::vector<HiddenRun>& hidden) {
  out.clear();
  out.name = "folded";
  const size_t n = in.size();
  out.text.resize(n);
  out.src_begin.resize(n);
  out.src_end.resize(n);
  Writer w{out};
  size_t i = 0;
  while (i < n) {
    // ASCII fast path: lower-case and map one for one.
    size_t j = i;
    while (j + 8 <= n) {
      uint64_t w;
      __builtin_memcpy(&w, in.data() + j, 8);
      if (w & 0x8080808080808080ULL) break;
      j += 8;
    }
    while (j < n && static_cast<unsigned char>(in[j]) < 0x80) ++j;
    if (j > i) {
      w.reserve(j - i);
      char* t = w.v.text.data() + w.n;
      uint32_t* sb = w.v.src_begin.data() + w.n;
      uint32_t* se = w.v.src_end.data() + w.n;
      const char* src = in.data() + i;
      const size_t m = j - i;
      for (size_t k = 0; k < m; ++k) {  // branch-free so that it vectorizes
        auto c = static_cast<unsigned char>(src[k]);
        t[k] = static_cast<char>(c + (static_cast<unsigned char>(c - 'A') < 26 ? 32 : 0));
      }
      for (size_t k = 0; k < m; ++k) {
        sb[k] = static_cast<uint32_t>(i + k);
        se[k] = static_cast<uint32_t>(i + k + 1);
      }
      w.n += j - i;
      i = j;
      if (i >= n) break;
    }
    char32_t cp;
    int len = decode_utf8(in, i, cp);
    if (len <= 0) {  // not reachable on validated input; map the byte through unchanged
      w.reserve(1);
      w.put(in[i], static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1));
      ++i;
      continue;
    }
    if (auto kind = hidden_kind(cp)) {
      add_hidden(hidden, *kind, static_cast<uint32_t>(i), static_cast<uint32_t>(i + len));
      i += static_cast<size_t>(len);
      continue;
    }
    size_t start = i;
    // A mark after an ASCII letter ("e" + U+0301) composes with it: take the letter back.
    if (!is_chunk_start(cp) && i > 0 && w.n > 0 && static_cast<unsigned char>(in[i - 1]) < 0x80 &&
        w.v.src_begin[w.n - 1] == i - 1) {
      --start;
      --w.n;
    }
    size_t k = i + static_cast<size_t>(len);
    size_t cps = 1;
    while (k < n && cps < kMaxChunkCodePoints) {
      char32_t c2;
      int l2 = decode_utf8(in, k, c2);
      if (l2 <= 0 || is_chunk_start(c2) || hidden_kind(c2)) break;
      k += static_cast<size_t>(l2);
      ++cps;
    }
    fold_chunk(in.substr(start, k - start), static_cast<uint32_t>(start), static_cast<uint32_t>(k), w);
    i = k;
  }
  w.finish();
}

}  // namespace bulwark::text
