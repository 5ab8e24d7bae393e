#include "model/fast_predictor.h"

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include <fasttext/fasttext.h>
#include <fasttext/loss.h>

namespace bulwark::model {
namespace {

// fastText keeps the pruned n-gram map protected and offers no getter; this reads it through
// the derived-class member-pointer rule (no object of this type is ever made). If a fastText
// release renames the members, this fails to compile rather than misbehaving.
struct DictionaryInternals : fasttext::Dictionary {
  static const std::unordered_map<int32_t, int32_t>& pruneidx(const fasttext::Dictionary& d) {
    return d.*(&DictionaryInternals::pruneidx_);
  }
  static int64_t pruneidx_size(const fasttext::Dictionary& d) { return d.*(&DictionaryInternals::pruneidx_size_); }
};

constexpr uint32_t kFnvOffset = 2166136261u;
constexpr uint32_t kFnvPrime = 16777619u;
// One FNV-1a step as fastText's Dictionary::hash takes it: the byte sign-extended first.
inline uint32_t fnv_step(uint32_t h, char c) {
  return (h ^ static_cast<uint32_t>(static_cast<int8_t>(c))) * kFnvPrime;
}
inline uint32_t fnv(std::string_view s) {
  uint32_t h = kFnvOffset;
  for (char c : s) h = fnv_step(h, c);
  return h;
}
inline bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Above this many floats a dequantized copy of the input matrix costs more memory than the
// speed is worth (an unpruned model with 2M buckets); such models keep the fastText path.
constexpr int64_t kMaxDequantizedFloats = int64_t{8} << 20;

}  // namespace

struct FastPredictor::State {
  State(int32_t dim, int32_t nlabels) : st(dim, nlabels, 0) {}
  fasttext::Model::State st;
};

FastPredictor::Scratch::Scratch() = default;
FastPredictor::Scratch::~Scratch() = default;
FastPredictor::Scratch::Scratch(Scratch&&) noexcept = default;
FastPredictor::Scratch& FastPredictor::Scratch::operator=(Scratch&&) noexcept = default;
FastPredictor::~FastPredictor() = default;

Result<std::unique_ptr<const FastPredictor>> FastPredictor::compile(fasttext::FastText& ft) {
  const fasttext::Args args = ft.getArgs();
  if (args.model != fasttext::model_name::sup) return invalid_argument("fast path: not a supervised model");
  if (args.label.empty()) return invalid_argument("fast path: empty label prefix");
  std::unique_ptr<FastPredictor> p(new FastPredictor);
  const std::shared_ptr<const fasttext::Dictionary> dict_ptr = ft.getDictionary();
  const fasttext::Dictionary& dict = *dict_ptr;
  p->dim_ = args.dim;
  p->nwords_ = dict.nwords();
  p->nlabels_ = dict.nlabels();
  p->minn_ = args.minn;
  p->maxn_ = args.maxn;
  p->word_ngrams_ = args.wordNgrams;
  p->bucket_ = static_cast<uint32_t>(std::max(args.bucket, 0));
  p->label_prefix_ = args.label;
  if (p->dim_ <= 0 || p->nlabels_ <= 0) return invalid_argument("fast path: empty model");
  if (p->bucket_ == 0 && (p->maxn_ > 0 || p->word_ngrams_ > 1)) return invalid_argument("fast path: n-grams without buckets");

  const int64_t pruned_size = DictionaryInternals::pruneidx_size(dict);
  p->pruned_ = pruned_size >= 0;
  p->rows_ = p->nwords_ + (p->pruned_ ? pruned_size : static_cast<int64_t>(p->bucket_));
  if (p->pruned_ && pruned_size > 0) {
    const auto& pruneidx = DictionaryInternals::pruneidx(dict);
    p->kept_bits_.assign((static_cast<size_t>(p->bucket_) + 63) / 64, 0);
    for (const auto& [h, idx] : pruneidx) {
      if (h < 0 || static_cast<uint32_t>(h) >= p->bucket_ || idx < 0 || idx >= pruned_size)
        return invalid_argument("fast path: pruned n-gram index out of range");
      p->kept_bits_[static_cast<size_t>(h) >> 6] |= uint64_t{1} << (h & 63);
    }
    p->kept_rank_.resize(p->kept_bits_.size());
    uint32_t before = 0;
    for (size_t w = 0; w < p->kept_bits_.size(); ++w) {
      p->kept_rank_[w] = before;
      before += static_cast<uint32_t>(std::popcount(p->kept_bits_[w]));
    }
    p->kept_rows_.assign(before, -1);
    for (const auto& [h, idx] : pruneidx) {
      const auto b = static_cast<uint32_t>(h);
      const uint64_t w = p->kept_bits_[b >> 6], bit = uint64_t{1} << (b & 63);
      p->kept_rows_[p->kept_rank_[b >> 6] + static_cast<uint32_t>(std::popcount(w & (bit - 1)))] = p->nwords_ + idx;
    }
  }

  // The vocabulary (words only: labels never reach the input) with each word's input ids.
  size_t slots = 64;
  while (slots < 2 * static_cast<size_t>(p->nwords_)) slots *= 2;
  p->vocab_slots_.assign(slots, {});
  p->vocab_records_.assign(1, 0);  // offset 0 means "empty slot"
  for (int32_t i = 0; i < p->nwords_; ++i) {
    const std::string w = dict.getWord(i);
    const std::vector<int32_t> one{i};
    const std::vector<int32_t>& ids = p->maxn_ <= 0 ? one : dict.getSubwords(i);
    const size_t record = p->vocab_records_.size();
    if (record + 2 + w.size() / 4 + 1 + ids.size() > UINT32_MAX) return invalid_argument("fast path: vocabulary too large");
    p->vocab_records_.push_back(static_cast<uint32_t>(w.size()));
    p->vocab_records_.push_back(static_cast<uint32_t>(ids.size()));
    const size_t at = p->vocab_records_.size();
    p->vocab_records_.resize(at + (w.size() + 3) / 4, 0);
    std::memcpy(p->vocab_records_.data() + at, w.data(), w.size());
    for (int32_t id : ids) {
      if (id < 0 || id >= p->rows_) return invalid_argument("fast path: subword id out of range");
      p->vocab_records_.push_back(static_cast<uint32_t>(id));
    }
    const uint32_t h = fnv(w);
    size_t slot = h & (slots - 1);
    while (p->vocab_slots_[slot].record != 0) slot = (slot + 1) & (slots - 1);
    p->vocab_slots_[slot] = {h, static_cast<uint32_t>(record)};
  }

  if (ft.isQuant()) {
    // Row i of a product-quantized matrix is norm * centroid values; adding it to a zero
    // vector (what getInputVector does) gives exactly the floats that fastText adds to the
    // hidden vector, so summing these copies reproduces its sum bit for bit.
    if (p->rows_ * p->dim_ > kMaxDequantizedFloats) return invalid_argument("fast path: input matrix too large to copy");
    p->input_copy_ = HugeBuffer(static_cast<size_t>(p->rows_ * p->dim_) * sizeof(float));
    float* copy = static_cast<float*>(p->input_copy_.data());
    fasttext::Vector v(p->dim_);
    for (int64_t i = 0; i < p->rows_; ++i) {
      ft.getInputVector(v, static_cast<int32_t>(i));
      std::copy(v.data(), v.data() + p->dim_, copy + i * p->dim_);
    }
    p->input_ = copy;
  } else {
    std::shared_ptr<const fasttext::DenseMatrix> in;
    try {
      in = ft.getInputMatrix();
    } catch (const std::exception& e) {
      return invalid_argument(std::string("fast path: ") + e.what());
    }
    if (!in || in->size(0) != p->rows_ || in->size(1) != p->dim_) return invalid_argument("fast path: unexpected input matrix shape");
    p->input_ = in->data();
    p->input_keep_ = in;
  }

  std::shared_ptr<const fasttext::DenseMatrix> out;
  try {
    out = ft.getOutputMatrix();  // throws for -qout models
  } catch (const std::exception& e) {
    return invalid_argument(std::string("fast path: ") + e.what());
  }
  if (!out || out->size(0) != p->nlabels_ || out->size(1) != p->dim_)
    return invalid_argument("fast path: unexpected output matrix shape");
  // The Loss objects only read the matrix; fastText's constructors just take it non-const.
  p->wo_ = std::const_pointer_cast<fasttext::DenseMatrix>(out);
  switch (args.loss) {
    case fasttext::loss_name::softmax: p->loss_ = std::make_unique<fasttext::SoftmaxLoss>(p->wo_); break;
    case fasttext::loss_name::ova: p->loss_ = std::make_unique<fasttext::OneVsAllLoss>(p->wo_); break;
    case fasttext::loss_name::hs:
      p->loss_ = std::make_unique<fasttext::HierarchicalSoftmaxLoss>(p->wo_, dict.getCounts(fasttext::entry_type::label));
      break;
    default: return invalid_argument("fast path: loss not covered");
  }

  const std::string& eos = fasttext::Dictionary::EOS;
  p->eos_hash_ = static_cast<int32_t>(fnv(eos));
  if (const uint32_t* r = p->find_word(eos, fnv(eos))) p->eos_ids_.assign(record_ids(r), record_ids(r) + r[1]);
  return std::unique_ptr<const FastPredictor>(std::move(p));
}

const uint32_t* FastPredictor::find_word(std::string_view word, uint32_t h) const {
  const size_t mask = vocab_slots_.size() - 1;
  for (size_t slot = h & mask;; slot = (slot + 1) & mask) {
    const VocabSlot& v = vocab_slots_[slot];
    if (v.record == 0) return nullptr;
    const uint32_t* r = vocab_records_.data() + v.record;
    if (v.hash == h && r[0] == word.size() && std::memcmp(r + 2, word.data(), word.size()) == 0) return r;
  }
}

// fastText's Dictionary::computeSubwords on BOW + word + EOW (s.key), without a string per
// n-gram: the hash of an n-gram continues from that of its (n-1)-character prefix.
void FastPredictor::add_subwords(std::string_view w, Scratch& s) const {
  const size_t len = w.size();
  for (size_t i = 0; i < len; ++i) {
    if (continuation(w[i])) continue;
    uint32_t h = kFnvOffset;
    size_t j = i;
    for (int32_t n = 1; j < len && n <= maxn_; ++n) {
      h = fnv_step(h, w[j++]);
      while (j < len && continuation(w[j])) h = fnv_step(h, w[j++]);
      if (n >= minn_ && !(n == 1 && (i == 0 || j == len))) {
        int32_t row = bucket_row(h % bucket_);
        if (row >= 0) s.ids.push_back(row);
      }
    }
  }
}

void FastPredictor::prepare(std::string_view text, std::span<const TokenSpan> tokens, Scratch& s) const {
  const size_t n = tokens.size();
  s.ids.clear();
  s.id_range.assign(n, {0, 0});
  s.word_hash.assign(n, 0);
  s.is_word.assign(n, 0);
  auto token = [&](size_t t) { return text.substr(tokens[t].first, tokens[t].second - tokens[t].first); };
  // Pass 1: hash every word and start fetching its vocabulary slot, so that the lookups of
  // pass 2 (scattered over the model's tables) do not wait on memory one after another.
  const size_t vmask = vocab_slots_.size() - 1;
  for (size_t t = 0; t < n; ++t) {
    std::string_view tok = token(t);
    if (tok.substr(0, label_prefix_.size()) == label_prefix_) continue;  // getLine keeps labels apart
    const uint32_t h = fnv(tok);
    s.word_hash[t] = static_cast<int32_t>(h);
    // A token "</s>" ends fastText's line early; tokenize() never makes one (punctuation is split).
    s.is_word[t] = tok == fasttext::Dictionary::EOS ? 2 : 1;
    __builtin_prefetch(&vocab_slots_[h & vmask]);
  }
  size_t slots = 64;
  while (slots < 2 * n) slots *= 2;
  if (s.memo.size() < slots || ++s.memo_stamp == 0) {
    s.memo.assign(std::max(slots, s.memo.size()), {0, 0});
    s.memo_stamp = 1;
  }
  const size_t mask = slots - 1;
  constexpr size_t kAhead = 4;
  for (size_t t = 0; t < n; ++t) {
    if (t + kAhead < n && s.is_word[t + kAhead] != 0) {  // its slot is in cache by now: fetch its record
      const VocabSlot& v = vocab_slots_[static_cast<uint32_t>(s.word_hash[t + kAhead]) & vmask];
      if (v.record != 0) __builtin_prefetch(vocab_records_.data() + v.record);
    }
    if (s.is_word[t] == 0) continue;
    std::string_view tok = token(t);
    const auto h = static_cast<uint32_t>(s.word_hash[t]);
    // A word seen before in this text has the same ids: reuse them.
    size_t slot = h & mask;
    for (; s.memo[slot].first == s.memo_stamp; slot = (slot + 1) & mask) {
      const uint32_t u = s.memo[slot].second - 1;
      if (static_cast<uint32_t>(s.word_hash[u]) == h && token(u) == tok) break;
    }
    if (s.memo[slot].first == s.memo_stamp) {
      s.id_range[t] = s.id_range[s.memo[slot].second - 1];
      continue;
    }
    s.memo[slot] = {s.memo_stamp, static_cast<uint32_t>(t + 1)};
    const auto first = static_cast<uint32_t>(s.ids.size());
    if (const uint32_t* r = find_word(tok, h)) {
      s.ids.insert(s.ids.end(), record_ids(r), record_ids(r) + r[1]);
    } else if (s.is_word[t] != 2) {  // getLine gives an unknown "</s>" no n-grams
      s.key.resize(tok.size() + 2);
      s.key.front() = '<';
      std::copy(tok.begin(), tok.end(), s.key.begin() + 1);
      s.key.back() = '>';
      add_subwords(s.key, s);
    }
    s.id_range[t] = {first, static_cast<uint32_t>(s.ids.size())};
  }
}

namespace {

// hidden += the rows `ids` of `input` (dim floats each), in order, so that each element is
// summed in the order fastText sums it. The rows are scattered over megabytes, so each is
// prefetched a few ids ahead; D > 0 fixes the width at compile time, keeping `hidden` in
// registers.
template <int D>
void sum_rows(const float* input, const int32_t* ids, size_t n, size_t dim, float* hidden) {
  constexpr size_t kAhead = 8;
  const size_t width = D > 0 ? static_cast<size_t>(D) : dim;
  float acc[D > 0 ? D : 1];
  if constexpr (D > 0) std::copy(hidden, hidden + D, acc);
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) {
      const float* next = input + static_cast<size_t>(ids[i + kAhead]) * width;
      __builtin_prefetch(next);
      __builtin_prefetch(next + width - 1);
    }
    const float* __restrict row = input + static_cast<size_t>(ids[i]) * width;
    if constexpr (D > 0) {
      for (int k = 0; k < D; ++k) acc[k] += row[k];
    } else {
      for (size_t k = 0; k < dim; ++k) hidden[k] += row[k];
    }
  }
  if constexpr (D > 0) std::copy(acc, acc + D, hidden);
}

}  // namespace

size_t FastPredictor::predict(size_t first, size_t last, Scratch& s, Predictions& out) const {
  out.clear();
  // The input ids of the line, in getLine's order: each word's ids, the end-of-line token's,
  // then the word n-grams.
  std::vector<int32_t>& line = s.line;
  line.clear();
  s.line_hash.clear();
  bool ended = false;
  for (size_t t = first; t < last && !ended; ++t) {
    if (s.is_word[t] == 0) continue;
    line.insert(line.end(), s.ids.begin() + s.id_range[t].first, s.ids.begin() + s.id_range[t].second);
    s.line_hash.push_back(s.word_hash[t]);
    ended = s.is_word[t] == 2;
  }
  if (!ended) {
    line.insert(line.end(), eos_ids_.begin(), eos_ids_.end());
    s.line_hash.push_back(eos_hash_);
  }
  // Dictionary::addWordNgrams: the int32 hashes widen to uint64 with sign extension.
  const size_t nh = s.line_hash.size();
  for (size_t i = 0; i < nh; ++i) {
    uint64_t h = static_cast<uint64_t>(static_cast<int64_t>(s.line_hash[i]));
    for (size_t j = i + 1; j < nh && j < i + static_cast<size_t>(word_ngrams_); ++j) {
      h = h * 116049371u + static_cast<uint64_t>(static_cast<int64_t>(s.line_hash[j]));
      int32_t row = bucket_row(static_cast<uint32_t>(h % bucket_));
      if (row >= 0) line.push_back(row);
    }
  }
  const size_t n = line.size();
  if (n == 0) return 0;  // fastText's predict returns nothing for an empty input

  const size_t dim = static_cast<size_t>(dim_);
  s.hidden.assign(dim, 0.0f);
  switch (dim_) {  // the common widths get a fixed-size loop
    case 16: sum_rows<16>(input_, line.data(), n, dim, s.hidden.data()); break;
    case 24: sum_rows<24>(input_, line.data(), n, dim, s.hidden.data()); break;
    case 32: sum_rows<32>(input_, line.data(), n, dim, s.hidden.data()); break;
    case 48: sum_rows<48>(input_, line.data(), n, dim, s.hidden.data()); break;
    default: sum_rows<0>(input_, line.data(), n, dim, s.hidden.data()); break;
  }
  const float scale = static_cast<float>(1.0 / static_cast<double>(n));  // Model::computeHidden
  if (!s.state) s.state = std::make_unique<State>(dim_, nlabels_);
  fasttext::Vector& hv = s.state->st.hidden;
  for (size_t k = 0; k < dim; ++k) hv[static_cast<int64_t>(k)] = s.hidden[k] * scale;
  s.logits.resize(static_cast<size_t>(nlabels_));
  for (int32_t l = 0; l < nlabels_; ++l) s.logits[static_cast<size_t>(l)] = wo_->dotRow(hv, l);
  out.reserve(static_cast<size_t>(nlabels_) + 1);
  loss_->predict(nlabels_, 0.0f, out, s.state->st);
  return n;
}

}  // namespace bulwark::model
