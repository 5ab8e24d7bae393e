// The model tokenizer (model/features.h) against a plain restatement of its rules: the
// table-driven scanner must cut exactly the tokens the shipped models were trained on, and
// token_spans / head_tail_spans / tokenize must keep the first `head` and last `tail` of them.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "model/features.h"

namespace bulwark::model {
namespace {

// The rules as first written (one branch per byte class), kept as the specification.
std::vector<std::string> spec_tokens(std::string_view s) {
  auto space = [](unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == 0; };
  auto punct = [](unsigned char c) {
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
  };
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (space(c)) { ++i; continue; }
    size_t j = i + 1;
    if (punct(c)) {
      while (j < s.size() && s[j] == s[i] && j - i < 3) ++j;  // runs of up to three
    } else {
      while (j < s.size() && !space(static_cast<unsigned char>(s[j])) && !punct(static_cast<unsigned char>(s[j]))) ++j;
    }
    out.emplace_back(s.substr(i, std::min(j - i, size_t{64})));  // long words: a 64-byte prefix
    i = j;
  }
  return out;
}

// tokenize()'s output as tokens (with head 0 it starts with a space; fastText skips it).
std::vector<std::string> split(const std::string& joined) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= joined.size()) {
    size_t j = joined.find(' ', i);
    if (j == std::string::npos) j = joined.size();
    if (j > i) out.push_back(joined.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

TEST(ModelFeatures, TokenizerMatchesItsRulesOnArbitraryBytes) {
  std::mt19937 rng(7);
  const std::string alphabet = "ab Z9_!!..\n\t\r\v\f-/:@[`{~\x7f";
  for (int n = 0; n < 400; ++n) {
    std::string s;
    const size_t len = rng() % (n < 300 ? 300 : 5000);
    for (size_t i = 0; i < len; ++i) {
      switch (rng() % 4) {
        case 0: s.push_back(static_cast<char>(rng() % 256)); break;       // any byte
        case 1: s.append(std::string(rng() % 90, 'x')); break;            // around the 64-byte cut
        default: s.push_back(alphabet[rng() % alphabet.size()]); break;
      }
    }
    const auto spec = spec_tokens(s);
    std::vector<TokenSpan> spans;
    token_spans(s, spans);
    ASSERT_EQ(spans.size(), spec.size()) << "text #" << n;
    for (size_t k = 0; k < spans.size(); ++k)
      ASSERT_EQ(s.substr(spans[k].first, spans[k].second - spans[k].first), spec[k]) << "text #" << n << " token " << k;

    for (auto [head, tail] : {std::pair<size_t, size_t>{128, 32}, {192, 64}, {3, 0}, {0, 5}, {1000, 1000}}) {
      std::string joined;
      const size_t count = tokenize(s, joined, head, tail);
      EXPECT_EQ(count, spec.size());
      std::vector<TokenSpan> kept;
      head_tail_spans(s, head, tail, kept);
      std::vector<std::string> picked, expected;
      for (auto [b, e] : kept) picked.push_back(s.substr(b, e - b));
      const size_t h = std::min(head, spec.size()), t = std::min(tail, spec.size() - h);
      expected.assign(spec.begin(), spec.begin() + static_cast<std::ptrdiff_t>(h));
      expected.insert(expected.end(), spec.end() - static_cast<std::ptrdiff_t>(t), spec.end());
      EXPECT_EQ(picked, expected) << "text #" << n << " head " << head << " tail " << tail;
      EXPECT_EQ(split(joined), expected) << "text #" << n << " head " << head << " tail " << tail;
    }
  }
}

}  // namespace
}  // namespace bulwark::model
