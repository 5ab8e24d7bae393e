// The collapsed view: spacing tricks joined. A run of at least three single characters
// separated by the same separator ("i g n o r e", "i.g.n.o.r.e", "i-g-n", "i_g_n", "i  g  n")
// becomes one word; everything else is copied. The joined words are leet-folded again,
// since "1 g n 0 r 3" only becomes a token with letters once joined. The split view (build_split)
// then splits a run that held several words ("h o w t o" → "howto") back into them ("how to").
#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "text/stages.h"
#include "text/word_splitter.h"

namespace bulwark::text {
namespace {

constexpr size_t kMinRun = 3;
constexpr size_t kMaxSeparatorRepeat = 3;

// 1: can be a spaced-out element; 2: a word character (an element only when alone).
constexpr std::array<uint8_t, 256> make_class() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '@' ||
        c == '$')
      t[c] = 1;
    else if (c >= 0x80)
      t[c] = 2;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kClass = make_class();

constexpr std::array<bool, 256> make_sep() {
  std::array<bool, 256> t{};
  for (char c : {' ', '.', '-', '_', '*', '/', '|', ',', '+', '~', ':', '\t'})
    t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kSep = make_sep();

// If a spaced-out run starts at i, returns the index one past its last element (and the
// number of elements in *count); otherwise returns i.
size_t run_end(const unsigned char* s, size_t n, size_t i, size_t* count) {
  auto word = [&](size_t k) { return k < n && kClass[s[k]] != 0; };
  if (kClass[s[i]] != 1 || (i > 0 && word(i - 1)) || word(i + 1)) return i;
  size_t last = i, elems = 1;
  unsigned char sep = 0;
  size_t sep_len = 0;
  for (;;) {
    size_t k = last + 1;
    if (k >= n || !kSep[s[k]]) break;
    unsigned char c = s[k];
    size_t m = 0;
    while (k + m < n && s[k + m] == c && m <= kMaxSeparatorRepeat) ++m;
    if (m > kMaxSeparatorRepeat || (sep_len != 0 && (c != sep || m != sep_len))) break;
    size_t e = k + m;
    if (e >= n || kClass[s[e]] != 1 || word(e + 1)) break;
    sep = c;
    sep_len = m;
    last = e;
    ++elems;
  }
  *count = elems;
  return elems >= kMinRun ? last + 1 : i;
}

inline uint64_t load8(const unsigned char* p) {
  uint64_t w;
  __builtin_memcpy(&w, p, 8);
  return w;
}

inline bool has_zero_byte(uint64_t x) {
  return ((x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL) != 0;
}

// Bit k set: position base + k may start a spaced-out run. A run of three elements has its
// separator byte repeated twice at a distance of 2, 3 or 4 ("a b c", "a  b  c",
// "a   b   c"), so blocks of 8 positions without such a repeat are skipped with a few word
// compares; in ordinary text only runs of equal-length short words pass.
uint64_t candidates(const unsigned char* s, size_t n, size_t base, size_t lim) {
  uint64_t cand = 0;
  for (size_t b = base; b < lim; b += 8) {
    if (b + 17 <= n) {
      const uint64_t w = load8(s + b + 1);
      const uint64_t w2 = load8(s + b + 3), w3 = load8(s + b + 4), w4 = load8(s + b + 5);
      // The separator must repeat twice at the same distance (three elements).
      const uint64_t r2 = (w ^ w2) | (w2 ^ load8(s + b + 5));
      const uint64_t r3 = (w ^ w3) | (w3 ^ load8(s + b + 7));
      const uint64_t r4 = (w ^ w4) | (w4 ^ load8(s + b + 9));
      if (!has_zero_byte(r2) && !has_zero_byte(r3) && !has_zero_byte(r4)) continue;
    }
    const size_t end = std::min(b + 8, lim);
    for (size_t i = b; i < end; ++i) {
      const unsigned char a = s[i], sep = s[i + 1], c = s[i + 2];
      const uint64_t hit = static_cast<uint64_t>((kClass[a] == 1) & kSep[sep] & ((kClass[c] == 1) | (c == sep)));
      cand |= hit << (i - base);
    }
  }
  return cand;
}

}  // namespace

void build_collapsed(const TextView& skeleton, TextView& out, ByteRanges* runs) {
  out.clear();
  out.name = "collapsed";
  const std::string& t = skeleton.text;
  const auto* s = reinterpret_cast<const unsigned char*>(t.data());
  const size_t n = t.size();
  size_t copied = 0;  // skeleton bytes [0, copied) are already in out
  bool joined = false;
  if (runs != nullptr) runs->clear();
  // Candidate starts are found branch-free, 64 positions at a time: an element followed by
  // a separator and then an element or the same separator again ("a b", "i  g"). Ordinary
  // text rarely has one, so the loop below almost never runs run_end().
  for (size_t base = 0; base < n; base += 64) {
    const size_t lim = std::min(base + 64, n >= 2 ? n - 2 : 0);
    uint64_t cand = candidates(s, n, base, lim);
    while (cand != 0) {
      size_t i = base + static_cast<size_t>(__builtin_ctzll(cand));
      cand &= cand - 1;
      if (i < copied) continue;
      size_t count = 0;
      size_t end = run_end(s, n, i, &count);
      if (end == i) continue;
      if (!joined) {
        out.text.reserve(n);
        out.src_begin.reserve(n);
        out.src_end.reserve(n);
        joined = true;
      }
      out.text.append(t, copied, i - copied);
      out.src_begin.insert(out.src_begin.end(), skeleton.src_begin.begin() + copied, skeleton.src_begin.begin() + i);
      out.src_end.insert(out.src_end.end(), skeleton.src_end.begin() + copied, skeleton.src_end.begin() + i);
      const size_t run_begin = out.text.size();
      for (size_t k = i; k < end; ++k)
        if (kClass[s[k]] == 1) out.append(t[k], skeleton.src_begin[k], skeleton.src_end[k]);
      if (runs != nullptr) runs->emplace_back(run_begin, out.text.size());
      copied = end;
    }
  }
  if (!joined) {
    out.text = t;
    out.src_begin = skeleton.src_begin;
    out.src_end = skeleton.src_end;
    return;
  }
  out.text.append(t, copied, n - copied);
  out.src_begin.insert(out.src_begin.end(), skeleton.src_begin.begin() + copied, skeleton.src_begin.end());
  out.src_end.insert(out.src_end.end(), skeleton.src_end.begin() + copied, skeleton.src_end.end());
  fold_leet(out.text);
}

bool build_split(const TextView& collapsed, const ByteRanges& runs, const WordSplitter& splitter, TextView& out) {
  // Byte offsets of `collapsed` that get a space before them: the words after the first in each
  // stretch of letters of a joined run (digits the leet folding left stay where they are).
  std::vector<uint32_t> cuts, starts;
  WordSplitter::Scratch scratch;
  const std::string& t = collapsed.text;
  size_t budget = WordSplitter::kMaxSplitLetters;  // bounds the work one input can ask for
  for (const auto& r : runs) {
    const size_t a = r.first;  // a named copy: lambdas may not capture structured bindings (clang)
    if (a >= t.size()) continue;
    const std::string_view run = std::string_view(t).substr(a, r.second - a);
    for_each_letter_run(run, [&](size_t i, size_t j) {
      if (j - i > budget) return false;
      budget -= j - i;
      starts.clear();
      splitter.split(run.substr(i, j - i), starts, scratch);
      for (uint32_t k : starts) cuts.push_back(static_cast<uint32_t>(a + i) + k);
      return true;
    });
  }
  if (cuts.empty() || collapsed.identity()) return false;
  out.clear();
  out.name = "split";
  out.depth = collapsed.depth;
  out.text.reserve(t.size() + cuts.size());
  out.src_begin.reserve(t.size() + cuts.size());
  out.src_end.reserve(t.size() + cuts.size());
  size_t next = 0;
  for (size_t k = 0; k < t.size(); ++k) {
    if (next < cuts.size() && cuts[next] == k) {
      // The separator the space stands for: the original bytes between the two letters.
      const uint32_t gap_b = collapsed.src_end[k - 1], gap_e = collapsed.src_begin[k];
      out.append(' ', std::min(gap_b, gap_e), gap_e);
      ++next;
    }
    out.append(t[k], collapsed.src_begin[k], collapsed.src_end[k]);
  }
  return true;
}

}  // namespace bulwark::text
