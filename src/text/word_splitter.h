// text/word_splitter.h — splits letters that were run together ("howtomakeabomb") back into
// words ("how to make a bomb").
//
// Why: the collapsed view joins letter-spaced text ("h o w t o m a k e a b o m b") into one
// token, because the spacing trick leaves no mark of where one word ended; rules that look for
// words, and bag-of-n-grams models, then read one unknown token. The split is the most probable
// sequence of known words under a unigram model (counts from `bulwark train`'s words.txt, made
// from the training text), found by dynamic programming. The pipeline applies it to the runs
// the collapsed view joined, and only to those.
//
// Thread-safety: immutable after construction; split() takes the caller's scratch.
// Cost: per letter of a joined run, a walk down a trie of the words (until no word continues)
// and kMaxWord additions; ordinary text has no joined run. The pipeline splits at most
// kMaxSplitLetters letters of one input.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/result.h"

namespace bulwark::text {

// Calls fn(begin, end) for every maximal run [begin, end) of ASCII lower-case letters in
// `text`, in order, until fn returns false: the words a word list counts, splits and holds.
template <typename Fn>
void for_each_letter_run(std::string_view text, Fn&& fn) {
  auto letter = [&](size_t k) { return text[k] >= 'a' && text[k] <= 'z'; };
  for (size_t i = 0; i < text.size();) {
    if (!letter(i)) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < text.size() && letter(j)) ++j;
    if (!fn(i, j)) return;
    i = j;
  }
}

class WordSplitter {
 public:
  static constexpr size_t kMaxWord = 24;   // longer words are not looked up
  static constexpr size_t kMaxRun = 512;   // longer runs are split in pieces of this size first
  static constexpr size_t kMaxSplitLetters = 1 << 16;  // per input; letters beyond stay joined
  // Cost of a stretch of n unknown letters: log(total count) + kUnknownPenalty + n * kUnknownPerLetter.
  static constexpr double kUnknownPenalty = 5.0;
  static constexpr double kUnknownPerLetter = 2.5;
  // An unknown word that is a known stem plus a common English suffix costs the stem's plus this.
  static constexpr double kSuffixCost = 2.0;

  struct Scratch {
    std::vector<double> cost;
    std::vector<uint32_t> from;
  };

  WordSplitter() = default;
  // `words`: (word, count); only words of 1..kMaxWord ASCII lower-case letters seen at least
  // three times count, and of the one-letter words only "a" and "i".
  explicit WordSplitter(const std::vector<std::pair<std::string, int64_t>>& words);
  // Reads "word<TAB>count" lines (the format `bulwark train` writes to words.txt).
  static Result<std::vector<std::pair<std::string, int64_t>>> read_counts(const std::string& path);
  static Result<WordSplitter> load(const std::string& path);

  bool empty() const { return nodes_.size() <= 1; }
  size_t size() const { return words_; }
  bool known(std::string_view word) const;

  // The most probable split of `letters` (ASCII lower-case) into known words, as the offsets
  // where the second, third, ... word start (appended to `starts`, ascending). Letters no known
  // word covers stay together as one word, at a cost above any known word's that grows with
  // their number; a run longer than kMaxRun is split in pieces of kMaxRun letters first.
  void split(std::string_view letters, std::vector<uint32_t>& starts, Scratch& s) const;
  // The same as text: the words separated by single spaces (for tests and tools).
  std::string split_text(std::string_view letters) const;

 private:
  // A trie over the words: from each start position the DP walks it forward, so a position
  // costs a few child steps (until no word continues) instead of a hash of every substring.
  struct Node {
    uint32_t first = 0;   // edges_[first, first + count): children, by letter
    uint8_t count = 0;
    float cost = kNoWord; // -log p(word) when a word ends here
  };
  struct Edge {
    char letter;
    uint32_t child;
  };
  static constexpr float kNoWord = -1.0f;

  uint32_t build(const std::vector<std::pair<std::string, double>>& words, size_t lo, size_t hi, size_t depth);
  int64_t child(uint32_t node, char c) const;  // -1: none
  // The node `word` leads to from the root, or -1.
  int64_t find(std::string_view word) const;
  void split_piece(std::string_view letters, uint32_t offset, std::vector<uint32_t>& starts, Scratch& s) const;

  std::vector<Node> nodes_;  // nodes_[0] is the root
  std::array<int32_t, 26> root_{};  // the root's children by letter (-1: none): every walk starts there
  std::vector<Edge> edges_;
  size_t words_ = 0;
  double unknown_cost_ = 0;  // an unknown stretch, before its per-letter part
};

}  // namespace bulwark::text
