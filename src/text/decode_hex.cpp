// Hex payloads: a contiguous run of hex digits ("69676e6f7265", "0x6967...") or hex pairs
// separated by one repeated separator (space, colon, comma or dash: "69 67 6e", "69:67:6e").
// Counts only if it decodes to text with a fair share of letters, so hashes, ids and
// numbers are left alone.
#include <algorithm>

#include "text/decode_util.h"
#include "text/decoders.h"

namespace bulwark::text {
namespace {

constexpr size_t kMinDecoded = 4;

bool word_char(std::string_view s, size_t k) { return k < s.size() && is_ascii_alnum(s[k]); }

bool is_separator(char c) { return c == ' ' || c == ':' || c == ',' || c == '-'; }

// Finds the next place where a payload may start, scanning from i: a run of min_run hex
// digits, or three "hh<sep>" groups in a row. Counters only, no calls, so that the loop
// stays in registers. Returns the index where the candidate was seen (n if none) and its
// start in *start. With `skip` (payloads of at least 15 bytes), aligned 8-byte blocks that
// hold a byte below '0' (so no long digit run covers them) and no separator repeating at a
// distance of 3 twice (no "hh hh hh") are skipped eight at a time.
size_t next_candidate(const unsigned char* s, size_t i, size_t n, size_t min_run, bool skip,
                      size_t& start) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto load = [&](size_t p) {
    uint64_t w;
    __builtin_memcpy(&w, s + p, 8);
    return w;
  };
  auto has_below_0 = [](uint64_t x) { return ((x - kOnes * '0') & ~x & kHigh) != 0; };
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  while (i < n) {
    size_t from = i, limit = n;
    if (skip) {
      size_t b = (i + 7) & ~static_cast<size_t>(7);
      for (; b + 14 <= n; b += 8) {
        const uint64_t w = load(b), w3 = load(b + 3), w6 = load(b + 6);
        if (!has_below_0(w) || has_zero((w ^ w3) | (w3 ^ w6))) break;
      }
      if (b + 14 > n) b = n >= 14 ? std::max(i, n - 14) : i;  // the tail is scanned in full
      // A digit run covering block b starts after the previous block's byte below '0';
      // "hh<sep>" groups whose first separator is in block b start at most 2 bytes before.
      from = std::max(i, b >= 8 ? b - 8 : 0);
      limit = b + 14;
    }
    size_t run = 0, groups = 0, j = from;
    for (; j < n; ++j) {
      const unsigned char c = s[j];
      const bool hex = kHexValue[c] >= 0;
      const bool sep = c == ' ' || c == ':' || c == ',' || c == '-';
      groups = sep ? (run == 2 ? groups + 1 : 0) : (hex && run < 2 ? groups : 0);
      run = hex ? run + 1 : 0;
      if (run == min_run) {
        start = j + 1 - min_run;
        return j;
      }
      if (groups == kMinDecoded - 1 && sep) {
        start = j + 1 - 3 * groups;
        return j;
      }
      if (j >= limit && run == 0 && groups == 0) break;
    }
    i = j + 1;
  }
  return n;
}

// Tries a payload starting at src[i] (i not inside a word). Returns one past its end, or 0.
size_t try_at(std::string_view src, size_t i, const DecodeOptions& opt, std::string& bytes,
              std::vector<uint32_t>& starts) {
  const size_t n = src.size();
  size_t b = i;
  if (src[i] == '0' && i + 2 < n && (src[i + 1] == 'x' || src[i + 1] == 'X') && hex_value(src[i + 2]) >= 0)
    b = i + 2;
  bytes.clear();
  starts.clear();
  size_t j = b;
  while (j < n && hex_value(src[j]) >= 0) ++j;
  size_t end = j;
  if (!word_char(src, j) && (j - b) % 2 == 0 && j - b >= 2 * kMinDecoded) {
    for (size_t k = b; k < j; k += 2) {
      bytes.push_back(static_cast<char>(hex_value(src[k]) * 16 + hex_value(src[k + 1])));
      starts.push_back(static_cast<uint32_t>(k));
    }
  } else if (j == b + 2 && j < n && is_separator(src[j])) {
    // Separated pairs: the separator after the first pair must repeat after every pair.
    char sep = src[j];
    size_t k = b;
    while (k + 1 < n && hex_value(src[k]) >= 0 && hex_value(src[k + 1]) >= 0 && !word_char(src, k + 2)) {
      bytes.push_back(static_cast<char>(hex_value(src[k]) * 16 + hex_value(src[k + 1])));
      starts.push_back(static_cast<uint32_t>(k));
      end = k + 2;
      if (k + 2 >= n || src[k + 2] != sep) break;
      k += 3;
    }
  }
  if (end - i >= opt.min_encoded_len && bytes.size() >= kMinDecoded && looks_like_text(bytes, 0.6)) return end;
  return 0;
}

}  // namespace

bool decode_hex(std::string_view src, const DecodeOptions& opt, TextView& out) {
  const size_t n = src.size();
  const size_t min_run = 2 * kMinDecoded;
  std::string bytes;
  std::vector<uint32_t> starts;  // source offset of each byte's two digits
  bool any = false;
  size_t i = 0;
  while (true) {
    size_t start;
    i = next_candidate(reinterpret_cast<const unsigned char*>(src.data()), i, n, min_run,
                       opt.min_encoded_len >= 15, start);
    if (i >= n) break;
    // Back up over a "0x" prefix and refuse starts inside a word.
    if (start >= 2 && src[start - 1] == 'x' && src[start - 2] == '0' && (start < 3 || !word_char(src, start - 3)))
      start -= 2;
    ++i;
    if (start > 0 && word_char(src, start - 1)) continue;
    if (size_t end = try_at(src, start, opt, bytes, starts)) {
      separate_payloads(out);
      for (size_t k = 0; k < bytes.size(); ++k) out.append(bytes[k], starts[k], starts[k] + 2);
      any = true;
      i = end;
    }
  }
  return any;
}

}  // namespace bulwark::text
