#include "model/features.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "text/normalize.h"

namespace bulwark::model {
namespace {

// Byte classes of the tokenizer, one table read per byte (tokenizing is on every model's
// hot path): whitespace and NUL separate tokens; ASCII punctuation becomes its own token, so
// "instructions." and "instructions" share a word; everything else (UTF-8 bytes included)
// is part of a word.
enum : uint8_t { kWord = 0, kSpace = 1, kPunct = 2 };
constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c : {' ', '\n', '\t', '\r', '\v', '\f', '\0'}) t[static_cast<size_t>(c)] = kSpace;
  for (int c = 33; c <= 126; ++c)
    if ((c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || c >= 123) t[static_cast<size_t>(c)] = kPunct;
  return t;
}();
inline uint8_t byte_class(char c) { return kByteClass[static_cast<unsigned char>(c)]; }

// Calls f(begin, end) for each token of s from byte `from` (where a token starts or a space
// is) while f returns true. @return where the scan stopped: a scan resumed there cuts the
// same tokens as one that had not stopped.
template <typename F>
size_t scan_tokens(std::string_view s, size_t from, F&& f) {
  const size_t n = s.size();
  size_t i = from;
  while (i < n) {
    const uint8_t k = byte_class(s[i]);
    if (k == kSpace) { ++i; continue; }
    size_t j = i + 1, end;
    if (k == kPunct) {
      while (j < n && s[j] == s[i] && j - i < 3) ++j;  // "!!!" is one token
      end = j;
    } else {
      while (j < n && byte_class(s[j]) == kWord) ++j;
      end = std::min(j, i + 64);  // long runs (base64, hashes): keep a bounded prefix
    }
    const bool more = f(i, end);
    i = j;
    if (!more) break;
  }
  return i;
}

// Calls f(begin, end) for each token of s.
template <typename F>
void for_each_token(std::string_view s, F&& f) {
  scan_tokens(s, 0, [&](size_t b, size_t e) {
    f(b, e);
    return true;
  });
}

}  // namespace

size_t tokenize(std::string_view s, std::string& out, size_t head, size_t tail) {
  out.clear();
  std::vector<std::pair<size_t, size_t>> tail_ring;
  size_t n = 0;
  for_each_token(s, [&](size_t b, size_t e) {
    if (n < head) {
      if (!out.empty()) out.push_back(' ');
      out.append(s.substr(b, e - b));
    } else if (tail > 0) {
      if (tail_ring.size() < tail) tail_ring.emplace_back(b, e);
      else tail_ring[(n - head) % tail] = {b, e};
    }
    ++n;
  });
  if (n > head && tail > 0) {
    size_t kept = tail_ring.size();
    size_t start = n - head > tail ? (n - head) % tail : 0;
    for (size_t k = 0; k < kept; ++k) {
      auto [b, e] = tail_ring[(start + k) % kept];
      out.push_back(' ');
      out.append(s.substr(b, e - b));
    }
  }
  return n;
}

void token_spans(std::string_view s, std::vector<TokenSpan>& out) {
  out.clear();
  for_each_token(s, [&](size_t b, size_t e) { out.emplace_back(b, e); });
}

void head_tail_spans(std::string_view s, size_t head, size_t tail, std::vector<TokenSpan>& out) {
  out.clear();
  const size_t resume = head == 0 ? 0 : scan_tokens(s, 0, [&](size_t b, size_t e) {
    out.emplace_back(b, e);
    return out.size() < head;
  });
  if (tail == 0 || resume >= s.size()) return;
  // The last `tail` tokens after the head. No token holds a space, so a scan that starts at a
  // space cuts the same tokens as one from the start: start near the end and move back until
  // `tail` tokens are found or the head's end is reached (then the scan is exact anyway).
  const size_t head_end = out.size();
  for (size_t back = 8 * tail + 64;; back *= 4) {
    size_t p = s.size() > back ? s.size() - back : 0;
    if (p <= resume) p = resume;
    else
      while (p < s.size() && byte_class(s[p]) != kSpace) ++p;
    out.resize(head_end);
    size_t n = 0;
    scan_tokens(s, p, [&](size_t b, size_t e) {
      if (n < tail) out.emplace_back(b, e);
      else out[head_end + n % tail] = {b, e};
      ++n;
      return true;
    });
    if (n >= tail || p == resume) {
      if (n > tail) {
        const auto ring = out.begin() + static_cast<std::ptrdiff_t>(head_end);
        std::rotate(ring, ring + static_cast<std::ptrdiff_t>(n % tail), out.end());  // oldest first
      }
      return;
    }
  }
}

std::string features(std::string_view text, size_t head, size_t tail) {
  std::string norm = text::skeleton_text(text);
  std::string out;
  tokenize(norm, out, head, tail);
  return out;
}

std::vector<std::pair<size_t, size_t>> token_windows(std::string_view s, size_t window, size_t stride) {
  std::vector<std::pair<size_t, size_t>> toks;
  for_each_token(s, [&](size_t b, size_t e) { toks.emplace_back(b, e); });
  std::vector<std::pair<size_t, size_t>> out;
  if (toks.empty()) return out;
  if (stride == 0) stride = window;
  for (size_t i = 0;; i += stride) {
    size_t j = std::min(toks.size(), i + window);
    out.emplace_back(toks[i].first, toks[j - 1].second);
    if (j == toks.size()) break;
  }
  return out;
}

}  // namespace bulwark::model
