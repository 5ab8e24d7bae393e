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

// Calls f(begin, end) for each token of s.
template <typename F>
void for_each_token(std::string_view s, F&& f) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const uint8_t k = byte_class(s[i]);
    if (k == kSpace) { ++i; continue; }
    if (k == kPunct) {
      size_t j = i + 1;
      while (j < n && s[j] == s[i] && j - i < 3) ++j;  // "!!!" is one token
      f(i, j);
      i = j;
      continue;
    }
    size_t j = i + 1;
    while (j < n && byte_class(s[j]) == kWord) ++j;
    f(i, std::min(j, i + 64));  // long runs (base64, hashes): keep a bounded prefix
    i = j;
  }
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

size_t head_tail_spans(std::string_view s, size_t head, size_t tail, std::vector<TokenSpan>& out) {
  // Same choice as tokenize(): the first `head` tokens, then the last `tail` of the rest, kept
  // in a ring behind the head while scanning (a huge input never holds all its tokens).
  out.clear();
  size_t n = 0;
  for_each_token(s, [&](size_t b, size_t e) {
    if (n < head) {
      out.emplace_back(b, e);
    } else if (tail > 0) {
      const size_t k = n - head;
      if (k < tail) out.emplace_back(b, e);
      else out[head + k % tail] = {b, e};
    }
    ++n;
  });
  if (tail > 0 && n > head + tail) {
    const auto ring = out.begin() + static_cast<std::ptrdiff_t>(head);
    std::rotate(ring, ring + static_cast<std::ptrdiff_t>((n - head) % tail), out.end());  // oldest first
  }
  return n;
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
