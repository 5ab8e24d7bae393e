#include "text/word_splitter.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

namespace bulwark::text {
namespace {

bool lower_letter(char c) { return c >= 'a' && c <= 'z'; }

// Words the split may use: lower-case ASCII, seen at least kMinCount times, and of the
// one-letter tokens only the English words "a" and "i" (a vocabulary's "g", "s", "p" are
// fragments, and would let an unknown word fall apart into known pieces).
constexpr int64_t kMinCount = 3;
bool usable(const std::string& w, int64_t n) {
  if (n < kMinCount || w.empty() || w.size() > WordSplitter::kMaxWord) return false;
  if (w.size() == 1 && w != "a" && w != "i") return false;
  return std::all_of(w.begin(), w.end(), lower_letter);
}

}  // namespace

WordSplitter::WordSplitter(const std::vector<std::pair<std::string, int64_t>>& words) {
  double total = 0;
  for (const auto& [w, n] : words)
    if (usable(w, n)) total += static_cast<double>(n);
  if (total <= 0) return;
  const double log_total = std::log(total);
  std::vector<std::pair<std::string, double>> sorted;
  for (const auto& [w, n] : words)
    if (usable(w, n)) sorted.emplace_back(w, log_total - std::log(static_cast<double>(n)));
  std::sort(sorted.begin(), sorted.end());
  // A word listed twice keeps its first (lowest after the sort) cost.
  sorted.erase(std::unique(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
               sorted.end());
  words_ = sorted.size();
  build(sorted, 0, sorted.size(), 0);
  root_.fill(-1);
  for (uint32_t e = nodes_[0].first; e < nodes_[0].first + nodes_[0].count; ++e)
    root_[static_cast<size_t>(edges_[e].letter - 'a')] = static_cast<int32_t>(edges_[e].child);
  // A stretch of letters no known word covers is kept as one token (a rare word, a name),
  // dearer than the rarest known word and dearer the longer it is, so that known words win
  // wherever they fit.
  unknown_cost_ = log_total + kUnknownPenalty;
}

uint32_t WordSplitter::build(const std::vector<std::pair<std::string, double>>& words, size_t lo, size_t hi,
                             size_t depth) {
  const auto id = static_cast<uint32_t>(nodes_.size());
  nodes_.emplace_back();
  if (lo < hi && words[lo].first.size() == depth) nodes_[id].cost = static_cast<float>(words[lo++].second);
  // Children: the words of [lo, hi) grouped by their letter at `depth` (they are sorted).
  std::vector<std::pair<char, std::pair<size_t, size_t>>> groups;
  for (size_t i = lo; i < hi;) {
    const char c = words[i].first[depth];
    size_t j = i;
    while (j < hi && words[j].first[depth] == c) ++j;
    groups.push_back({c, {i, j}});
    i = j;
  }
  const auto first = static_cast<uint32_t>(edges_.size());
  edges_.resize(edges_.size() + groups.size());
  nodes_[id].first = first;
  nodes_[id].count = static_cast<uint8_t>(groups.size());
  for (size_t k = 0; k < groups.size(); ++k) {
    const uint32_t c = build(words, groups[k].second.first, groups[k].second.second, depth + 1);
    edges_[first + k] = {groups[k].first, c};
  }
  return id;
}

int64_t WordSplitter::child(uint32_t node, char c) const {
  if (node == 0) return c >= 'a' && c <= 'z' ? root_[static_cast<size_t>(c - 'a')] : -1;
  const Node& n = nodes_[node];
  for (uint32_t e = n.first; e < n.first + n.count; ++e)
    if (edges_[e].letter == c) return edges_[e].child;
  return -1;
}

int64_t WordSplitter::find(std::string_view word) const {
  if (nodes_.empty()) return -1;
  int64_t node = 0;
  for (char c : word)
    if ((node = child(static_cast<uint32_t>(node), c)) < 0) return -1;
  return node;
}

bool WordSplitter::known(std::string_view word) const {
  const int64_t node = find(word);
  return node >= 0 && nodes_[node].cost >= 0;
}

Result<WordSplitter> WordSplitter::load(const std::string& path) {
  auto words = read_counts(path);
  if (!words.ok()) return words.status();
  return WordSplitter(words.value());
}

Result<std::vector<std::pair<std::string, int64_t>>> WordSplitter::read_counts(const std::string& path) {
  std::ifstream in(path);
  if (!in) return not_found("word list not found: " + path);
  std::vector<std::pair<std::string, int64_t>> words;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    char* end = nullptr;
    const long long n = tab == std::string::npos ? 0 : std::strtoll(line.c_str() + tab + 1, &end, 10);
    if (tab == std::string::npos || end == line.c_str() + tab + 1 || *end != '\0' || n < 0)
      return invalid_argument(path + ":" + std::to_string(line_no) + ": expected 'word<TAB>count'");
    words.emplace_back(line.substr(0, tab), n);
  }
  return words;
}

void WordSplitter::split(std::string_view letters, std::vector<uint32_t>& starts, Scratch& s) const {
  if (empty()) return;
  // A long run is split in pieces of kMaxRun letters (a word cut at a piece's edge is the price
  // of a bounded table).
  for (size_t b = 0; b < letters.size(); b += kMaxRun) {
    if (b > 0) starts.push_back(static_cast<uint32_t>(b));
    split_piece(letters.substr(b, kMaxRun), static_cast<uint32_t>(b), starts, s);
  }
}

void WordSplitter::split_piece(std::string_view letters, uint32_t offset, std::vector<uint32_t>& starts,
                               Scratch& s) const {
  static constexpr std::string_view kSuffixes[] = {"s", "es", "ed", "ing", "er", "ers", "ly"};
  const size_t n = letters.size();
  if (n == 0) return;
  s.cost.assign(n + 1, std::numeric_limits<double>::infinity());
  s.from.assign(n + 1, 0);
  s.cost[0] = 0;
  auto relax = [&](size_t to, double c, size_t from) {
    if (c < s.cost[to]) {
      s.cost[to] = c;
      s.from[to] = static_cast<uint32_t>(from);
    }
  };
  // Forward: every transition goes right, so cost[j] is final when j is reached.
  for (size_t j = 0; j < n; ++j) {
    const double base = s.cost[j];
    for (size_t len = 1; len <= std::min(kMaxWord, n - j); ++len)
      relax(j + len, base + unknown_cost_ + kUnknownPerLetter * static_cast<double>(len), j);
    int64_t node = 0;
    for (size_t k = j; k < n; ++k) {
      if ((node = child(static_cast<uint32_t>(node), letters[k])) < 0) break;
      const float wc = nodes_[node].cost;
      if (wc < 0) continue;
      relax(k + 1, base + wc, j);
      // An inflected form the list lacks ("gardening", "instructed"): a stem of three letters
      // or more and a common English suffix, for the stem's cost plus a little.
      if (k + 1 - j < 3) continue;
      for (std::string_view suf : kSuffixes)
        if (letters.substr(k + 1, suf.size()) == suf) relax(k + 1 + suf.size(), base + wc + kSuffixCost, j);
    }
  }
  // Word starts, walked back from the end, appended in ascending order.
  const size_t at = starts.size();
  for (size_t i = s.from[n]; i > 0; i = s.from[i]) starts.push_back(offset + static_cast<uint32_t>(i));
  std::reverse(starts.begin() + static_cast<std::ptrdiff_t>(at), starts.end());
}

std::string WordSplitter::split_text(std::string_view letters) const {
  std::vector<uint32_t> starts;
  Scratch s;
  split(letters, starts, s);
  std::string out;
  size_t prev = 0;
  for (uint32_t b : starts) {
    out.append(letters.substr(prev, b - prev));
    out.push_back(' ');
    prev = b;
  }
  out.append(letters.substr(prev));
  return out;
}

}  // namespace bulwark::text
