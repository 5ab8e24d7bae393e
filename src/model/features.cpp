#include "model/features.h"

#include "text/normalize.h"

namespace bulwark::model {
namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
// ASCII punctuation becomes its own token, so "instructions." and "instructions" share a word.
bool is_punct(unsigned char c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

// Calls f(begin, end) for each token of s.
template <typename F>
void for_each_token(std::string_view s, F&& f) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (is_space(c) || c == 0) { ++i; continue; }
    if (is_punct(c)) {
      size_t j = i + 1;
      while (j < s.size() && s[j] == s[i] && j - i < 3) ++j;  // "!!!" is one token
      f(i, j);
      i = j;
      continue;
    }
    size_t j = i;
    while (j < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[j]);
      if (is_space(d) || d == 0 || is_punct(d)) break;
      ++j;
    }
    if (j - i > 64) {  // long runs (base64, hashes): keep a bounded prefix
      f(i, i + 64);
    } else {
      f(i, j);
    }
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
