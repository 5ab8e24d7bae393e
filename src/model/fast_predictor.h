// model/fast_predictor.h — fastText supervised prediction without fastText's text path:
// input ids computed straight from token byte ranges, the hidden vector summed from a
// dequantized copy of the input matrix, and fastText's own output layer on top.
//
// Why: fastText's predict needs a line in an std::istream; Dictionary::getLine then builds
// a std::string per token and per character n-gram of every out-of-vocabulary word, looks
// pruned n-grams up in an unordered_map, and decodes each product-quantized row through
// virtual calls. That was most of the 600 us the model detectors cost on a 4 KB prompt.
// Here the same ids come out in the same order (FNV-1a over bytes, as fastText hashes,
// sign extension included), so the hidden vector is the same sum, bit for bit, and the
// scores equal those of the reference path (Classifier::predict_reference); the unit test
// model/fast_predictor_test checks that on every shipped model.
//
// Supported: supervised models with softmax, one-vs-all or hierarchical-softmax loss, pruned
// or not, quantized (without -qout) or not. compile() says kInvalidArgument otherwise, and the
// Classifier keeps using the fastText path.
//
// Thread-safety: immutable after compile(); every call takes the caller's Scratch.
// Cost: compile() dequantizes the input matrix once (rows x dim floats: 5.8 MB for each
// shipped 60 000-row, 24-dim attack model, 15.4 MB for the 80 000-row, 48-dim harm model; on
// 2 MB pages, since rows are read at random and 4 KB pages made nearly every read a TLB miss) and
// copies the vocabulary with its n-gram ids (under 1 MB). prepare() is linear in the bytes of the distinct tokens, predict() in their ids.
//
// Example:
//   auto fp = FastPredictor::compile(ft);          // ft: a loaded fasttext::FastText
//   FastPredictor::Scratch s;
//   fp.value()->prepare(text, spans, s);           // spans: model::token_spans(text, ...)
//   fp.value()->predict(0, spans.size(), s, preds);
//
// ### Lifetime
// compile() copies what it needs and shares `ft`'s output matrix (shared_ptr): the FastText
// object may go, the predictor stays valid. prepare() keeps no view of `text`.
#pragma once

#include <bit>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/result.h"
#include "common/huge_buffer.h"
#include "model/features.h"

namespace fasttext {
class FastText;
class Loss;
class Matrix;
}  // namespace fasttext

namespace bulwark::model {

class FastPredictor {
 public:
  struct State;  // fastText's Model::State (hidden + output vectors), made on first use
  struct Scratch {
    Scratch();
    ~Scratch();
    Scratch(Scratch&&) noexcept;
    Scratch& operator=(Scratch&&) noexcept;

    std::vector<int32_t> ids;        // input ids of the distinct prepared tokens, concatenated
    std::vector<std::pair<uint32_t, uint32_t>> id_range;  // token t's ids: ids[first, second)
    std::vector<int32_t> word_hash;  // token t's word hash, as getLine keeps it (int32)
    std::vector<uint8_t> is_word;    // 1 a word; 0 a label-prefixed token (getLine drops it);
                                     // 2 "</s>" (getLine's line ends there)
    std::vector<int32_t> line;       // input ids of the line being predicted
    std::vector<int32_t> line_hash;  // word hashes of the line being predicted
    std::vector<float> hidden;
    std::vector<float> logits;       // per label: output row . hidden (set by predict())
    std::string key;                 // "<" + unknown word + ">", whose n-grams are hashed
    // Tokens seen earlier in this prepare(), by word hash (open addressing; a slot holds
    // token index + 1, valid when its stamp is memo_stamp): a repeated word is looked up once.
    std::vector<std::pair<uint32_t, uint32_t>> memo;  // (stamp, token index + 1)
    uint32_t memo_stamp = 0;
    std::unique_ptr<State> state;
  };
  using Predictions = std::vector<std::pair<float, int32_t>>;  // (log probability, label id)

  // @return kInvalidArgument for a model this path does not cover (see above).
  static Result<std::unique_ptr<const FastPredictor>> compile(fasttext::FastText& ft);
  ~FastPredictor();

  // Per-token work (word lookup, character n-grams) for `tokens` of `text`, in order.
  void prepare(std::string_view text, std::span<const TokenSpan> tokens, Scratch& s) const;
  // What fastText's predict(k = all labels, threshold 0) gives for the line made of prepared
  // tokens [first, last) (last <= the number prepared) and the end-of-line token, into `out`
  // (best first).
  // Also leaves each label's logit (its output row times the hidden vector, before softmax or
  // sigmoid) in s.logits: the score without fastText's saturating log(p + 1e-5).
  // @return the number of input ids; 0 means fastText would not predict (out is empty).
  size_t predict(size_t first, size_t last, Scratch& s, Predictions& out) const;

 private:
  FastPredictor() = default;
  void add_subwords(std::string_view word, Scratch& s) const;
  // The record of vocabulary word `word` (fastText hash `h`), or null when it is not one.
  const uint32_t* find_word(std::string_view word, uint32_t h) const;
  static const int32_t* record_ids(const uint32_t* r) {
    return reinterpret_cast<const int32_t*>(r + 2 + (r[0] + 3) / 4);
  }
  // fastText's Dictionary::pushHash: the input row of n-gram bucket `h`, or -1 (pruned away).
  int32_t bucket_row(uint32_t h) const {
    if (!pruned_) return nwords_ + static_cast<int32_t>(h);
    if (kept_bits_.empty()) return -1;
    const uint64_t w = kept_bits_[h >> 6], bit = uint64_t{1} << (h & 63);
    if ((w & bit) == 0) return -1;
    return kept_rows_[kept_rank_[h >> 6] + static_cast<uint32_t>(std::popcount(w & (bit - 1)))];
  }

  std::shared_ptr<fasttext::Matrix> wo_;   // the Loss below keeps a reference to this pointer
  std::unique_ptr<fasttext::Loss> loss_;
  std::shared_ptr<const void> input_keep_; // owner of input_ when it is fastText's own matrix
  HugeBuffer input_copy_;                  // dequantized input matrix (quantized models), 2 MB pages
  const float* input_ = nullptr;           // rows x dim_
  int64_t rows_ = 0;
  int32_t dim_ = 0, nwords_ = 0, nlabels_ = 0, minn_ = 0, maxn_ = 0, word_ngrams_ = 1;
  uint32_t bucket_ = 0;
  std::string label_prefix_;
  std::vector<int32_t> eos_ids_;           // the end-of-line token's ids (empty if not a word)
  int32_t eos_hash_ = 0;

  // Vocabulary words, laid out so that a lookup reads the table and one record: records are
  // [byte length, id count, the bytes (padded to 4), the ids], slot.record 0 is empty.
  struct VocabSlot {
    uint32_t hash = 0, record = 0;
  };
  std::vector<VocabSlot> vocab_slots_;     // open addressing, a power of two
  std::vector<uint32_t> vocab_records_;

  // Pruned models keep a few tens of thousands of the n-gram buckets. Which ones: a bitmap
  // (50 KB for 400 000 buckets, so it stays in cache) with the count of kept buckets before
  // each 64-bit word; kept_rows_ lists their input rows in bucket order.
  bool pruned_ = false;
  std::vector<uint64_t> kept_bits_;
  std::vector<uint32_t> kept_rank_;
  std::vector<int32_t> kept_rows_;
};

}  // namespace bulwark::model
