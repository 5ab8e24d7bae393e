#include "model/classifier.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <fasttext/fasttext.h>
#include <fasttext/vector.h>
#include <nlohmann/json.hpp>

#include "model/features.h"

namespace bulwark::model {

Result<ModelInfo> parse_sidecar(const std::string& json_text) {
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return invalid_argument("model sidecar is not a JSON object");
  try {
    ModelInfo m;
    m.name = j.at("name").get<std::string>();
    m.version = j.value("version", 1);
    m.model_file = j.at("model").get<std::string>();
    const auto& f = j.at("features");
    m.head_tokens = f.value("head", size_t{192});
    m.tail_tokens = f.value("tail", size_t{64});
    m.window = f.value("window", size_t{0});
    m.stride = f.value("stride", size_t{0});
    const std::string score = j.value("score", std::string("probability"));
    if (score != "probability" && score != "logodds")
      return invalid_argument("model sidecar: score '" + score + "' is neither 'probability' nor 'logodds'");
    m.logodds = score == "logodds";
    for (const auto& h : j.at("heads")) {
      Head hd;
      hd.name = h.at("name").get<std::string>();
      hd.category = h.at("category").get<std::string>();
      hd.labels = h.at("labels").get<std::vector<std::string>>();
      hd.platt.a = h.at("platt").at("a").get<double>();
      hd.platt.b = h.at("platt").at("b").get<double>();
      hd.threshold = h.at("threshold").get<double>();
      hd.complement = h.value("complement", false);
      m.heads.push_back(std::move(hd));
    }
    if (m.heads.empty()) return invalid_argument("model sidecar has no heads");
    if (auto sc = j.find("scripts"); sc != j.end()) {
      m.scripts = sc->at("covered").get<std::vector<std::string>>();
      for (const auto& name : m.scripts)
        if (text::script_code(name) < 0) return invalid_argument("model sidecar: unknown script '" + name + "'");
      if (auto n = sc->find("negatives"); n != sc->end()) m.script_negatives = n->get<std::map<std::string, size_t>>();
    }
    return m;
  } catch (const std::exception& e) {
    return invalid_argument(std::string("model sidecar: ") + e.what());
  }
}

std::string sidecar_json(const ModelInfo& m, const std::string& extra) {
  nlohmann::json j;
  j["name"] = m.name;
  j["version"] = m.version;
  j["model"] = m.model_file;
  j["features"] = {{"normalize", "skeleton"}, {"head", m.head_tokens}, {"tail", m.tail_tokens},
                   {"window", m.window}, {"stride", m.stride}};
  j["score"] = m.logodds ? "logodds" : "probability";
  j["heads"] = nlohmann::json::array();
  for (const auto& h : m.heads)
    j["heads"].push_back({{"name", h.name}, {"category", h.category}, {"labels", h.labels},
                          {"complement", h.complement}, {"platt", {{"a", h.platt.a}, {"b", h.platt.b}}},
                          {"threshold", h.threshold}});
  if (!m.scripts.empty()) j["scripts"] = {{"covered", m.scripts}, {"negatives", m.script_negatives}};
  auto e = nlohmann::json::parse(extra, nullptr, false);
  if (!e.is_discarded() && e.is_object())
    for (auto it = e.begin(); it != e.end(); ++it) j[it.key()] = it.value();
  return j.dump(2) + "\n";
}

Classifier::~Classifier() = default;

Result<std::shared_ptr<const Classifier>> Classifier::load(const std::string& dir, const std::string& name) {
  namespace fs = std::filesystem;
  fs::path side = fs::path(dir) / (name + ".json");
  std::ifstream in(side);
  if (!in) return not_found("model sidecar not found: " + side.string());
  std::stringstream ss;
  ss << in.rdbuf();
  auto info = parse_sidecar(ss.str());
  if (!info.ok()) return Status(info.status().code(), side.string() + ": " + info.status().message());
  std::shared_ptr<Classifier> c(new Classifier);
  c->info_ = std::move(info).value();
  for (const auto& name : c->info_.scripts) c->covered_.set(static_cast<size_t>(text::script_code(name)));
  c->script_gate_ = !c->info_.scripts.empty();
  fs::path model = fs::path(dir) / c->info_.model_file;
  std::error_code ec;
  if (!fs::is_regular_file(model, ec)) return not_found("model file not found: " + model.string());
  c->ft_ = std::make_unique<fasttext::FastText>();
  try {
    c->ft_->loadModel(model.string());
  } catch (const std::exception& e) {
    return internal_error("cannot load model " + model.string() + ": " + e.what());
  }
  auto dict = c->ft_->getDictionary();
  for (int32_t i = 0; i < dict->nlabels(); ++i) {
    std::string l = dict->getLabel(i);
    if (l.rfind("__label__", 0) == 0) l = l.substr(9);
    c->label_names_.push_back(l);
  }
  for (const auto& h : c->info_.heads) {
    std::vector<int> ids;
    for (const auto& l : h.labels) {
      int id = c->label_index(l);
      if (id < 0) return invalid_argument(side.string() + ": head '" + h.name + "' names unknown label '" + l + "'");
      ids.push_back(id);
    }
    c->head_label_ids_.push_back(std::move(ids));
  }
  const fasttext::loss_name loss = c->ft_->getArgs().loss;
  c->one_vs_all_ = loss == fasttext::loss_name::ova;
  if (c->info_.logodds && loss != fasttext::loss_name::softmax && !c->one_vs_all_)
    return invalid_argument(side.string() + ": score 'logodds' needs a softmax or one-vs-all model");
  try {
    (void)c->ft_->getOutputMatrix();
  } catch (const std::exception& e) {
    if (c->info_.logodds) return invalid_argument(side.string() + ": score 'logodds' needs the output matrix: " + e.what());
  }
  // A model the fast path does not cover keeps fastText's own path (same scores, slower).
  if (auto fast = FastPredictor::compile(*c->ft_); fast.ok()) c->fast_ = std::move(fast).value();
  return std::shared_ptr<const Classifier>(std::move(c));
}

int Classifier::label_index(const std::string& name) const {
  for (size_t i = 0; i < label_names_.size(); ++i)
    if (label_names_[i] == name) return static_cast<int>(i);
  return -1;
}

double Classifier::head_logodds(size_t h, const std::vector<float>& z) const {
  const std::vector<int>& ids = head_label_ids_[h];
  double x;
  if (one_vs_all_) {
    // Labels are independent sigmoids: p(any) = 1 - prod(1 - p_i) = 1 - e^-S, S = sum softplus(z_i),
    // so the odds are e^S - 1 (exactly z for one label).
    if (ids.size() == 1) {
      x = z[ids[0]];
    } else {
      double sum = 0;
      for (int id : ids) {
        const double v = z[id];  // in double: std::exp of a float is a float
        sum += v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v));
      }
      x = sum > 30 ? sum : std::log(std::expm1(std::max(sum, 1e-300)));
    }
  } else {
    // Softmax: log sum_{in} e^z - log sum_{out} e^z, each a stable log-sum-exp.
    double in_max = -INFINITY, out_max = -INFINITY;
    for (size_t l = 0; l < z.size(); ++l) {
      bool in = std::find(ids.begin(), ids.end(), static_cast<int>(l)) != ids.end();
      (in ? in_max : out_max) = std::max(in ? in_max : out_max, static_cast<double>(z[l]));
    }
    double in_sum = 0, out_sum = 0;
    for (size_t l = 0; l < z.size(); ++l) {
      bool in = std::find(ids.begin(), ids.end(), static_cast<int>(l)) != ids.end();
      (in ? in_sum : out_sum) += std::exp(z[l] - (in ? in_max : out_max));
    }
    if (out_sum == 0) x = 40.0;        // the head names every label
    else if (in_sum == 0) x = -40.0;   // the head names none
    else x = (in_max + std::log(in_sum)) - (out_max + std::log(out_sum));
  }
  if (info_.heads[h].complement) x = -x;
  return std::clamp(x, -40.0, 40.0);
}

void Classifier::finish(const std::vector<std::pair<float, int32_t>>& predictions, const std::vector<float>& logits,
                        bool has_input, Output& out) const {
  const size_t nheads = info_.heads.size();
  out.raw.assign(nheads, 0.0);
  out.calibrated.assign(nheads, 0.0);
  out.label_probs.assign(label_names_.size(), 0.0);
  out.scored = has_input;
  for (const auto& [logp, id] : predictions)
    if (id >= 0 && static_cast<size_t>(id) < out.label_probs.size()) out.label_probs[id] = std::exp(logp);
  for (size_t h = 0; h < nheads; ++h) {
    double p = 0;
    for (int id : head_label_ids_[h]) p += out.label_probs[id];
    p = std::min(p, 1.0);
    if (info_.heads[h].complement) p = 1.0 - p;
    // Both paths fill one logit per label for logodds models; anything else is a bug, not a
    // reason to fall back to a score the Platt map was not fitted on.
    assert(!info_.logodds || !has_input || logits.size() == label_names_.size());
    const bool exact = info_.logodds && has_input && logits.size() == label_names_.size();
    // No token reached the model (empty, or only letters of scripts it does not read): no
    // evidence, the lowest raw score — not logit(1 - 0) of a complement head, which read as
    // certain.
    out.raw[h] = !has_input ? -40.0 : exact ? head_logodds(h, logits) : logit(p);
    out.calibrated[h] = has_input ? info_.heads[h].platt.apply(out.raw[h]) : 0.0;
  }
}

bool Classifier::keep_max(const Output& w, Output& out) {
  bool head0 = false;
  out.scored = out.scored || w.scored;
  for (size_t h = 0; h < out.raw.size(); ++h) {
    if (w.calibrated[h] > out.calibrated[h]) {
      out.calibrated[h] = w.calibrated[h];
      out.raw[h] = w.raw[h];
      head0 = head0 || h == 0;
    }
  }
  for (size_t l = 0; l < out.label_probs.size(); ++l) out.label_probs[l] = std::max(out.label_probs[l], w.label_probs[l]);
  return head0;
}

void Classifier::predict_reference(const std::string& feats, Scratch& s, Output& out) const {
  s.buf.assign(feats);
  s.buf.push_back('\n');  // training lines end with EOS; so must prediction lines
  s.in.clear();
  s.in.str(s.buf);
  auto dict = ft_->getDictionary();
  dict->getLine(s.in, s.words, s.labels);
  s.predictions.clear();
  s.logits.clear();
  if (!s.words.empty()) {
    ft_->predict(static_cast<int32_t>(label_names_.size()), s.words, s.predictions, 0.0);
    if (info_.logodds) {
      // The hidden vector as Model::computeHidden makes it (getSentenceVector reads the same
      // line the same way), times each output row.
      s.in.clear();
      s.in.str(s.buf);
      fasttext::Vector hidden(ft_->getDimension());
      ft_->getSentenceVector(s.in, hidden);
      auto wo = ft_->getOutputMatrix();
      for (int64_t l = 0; l < wo->size(0); ++l) s.logits.push_back(wo->dotRow(hidden, l));
    }
  }
  finish(s.predictions, s.logits, !s.words.empty(), out);
}

void Classifier::predict(const std::string& feats, Scratch& s, Output& out) const {
  if (!fast_) return predict_reference(feats, s, out);
  // fastText reads the line up to its first newline, splitting on its whitespace set.
  std::string_view line(feats);
  line = line.substr(0, line.find('\n'));
  s.spans.clear();
  size_t i = 0;
  auto sep = [](char c) { return c == ' ' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == '\0'; };
  while (i < line.size()) {
    while (i < line.size() && sep(line[i])) ++i;
    size_t j = i;
    while (j < line.size() && !sep(line[j])) ++j;
    if (j > i) s.spans.emplace_back(i, j);
    i = j;
  }
  fast_->prepare(line, s.spans, s.fast);
  size_t n = fast_->predict(0, s.spans.size(), s.fast, s.fast_predictions);
  finish(s.fast_predictions, s.fast.logits, n > 0, out);
}

std::string_view Classifier::readable(std::string_view norm, Scratch& s, Output& out, bool& abstain) const {
  bool letters = true;
  if (!text::blank_scripts(norm, covered_, s.masked, &letters, &out.unread)) return norm;
  // Digits and punctuation alone are not what the model learnt from.
  abstain = !letters;
  return s.masked;
}

void Classifier::abstain(Scratch& s, Output& out) const {
  s.fast_predictions.clear();
  finish(s.fast_predictions, {}, false, out);
}

void Classifier::score_reference(std::string_view text, Scratch& s, Output& out,
                                 std::pair<size_t, size_t>* best_window) const {
  // Blanking keeps byte offsets, so windows found in the blanked copy are windows of `text`.
  if (best_window) *best_window = {0, text.size()};
  bool skip = false;
  out.unread.reset();
  const std::string_view norm = script_gate_ ? readable(text, s, out, skip) : text;
  if (skip) return abstain(s, out);
  std::string& feats = s.feats;
  if (info_.window > 0) {
    // Long inputs: only the windows (each token is scored about once), keeping the maximum.
    auto wins = token_windows(norm, info_.window, info_.stride);
    if (wins.size() > 1) {
      bool first = true;
      for (auto [b, e] : wins) {
        tokenize(norm.substr(b, e - b), feats, info_.window, 0);
        predict_reference(feats, s, first ? out : s.window_out);
        if (first) {
          first = false;
          if (best_window) *best_window = {b, e};
          continue;
        }
        if (keep_max(s.window_out, out) && best_window) *best_window = {b, e};
      }
      return;
    }
  }
  tokenize(norm, feats, info_.head_tokens, info_.tail_tokens);
  predict_reference(feats, s, out);
}

void Classifier::score(std::string_view text, Scratch& s, Output& out, std::pair<size_t, size_t>* best_window) const {
  if (!fast_) return score_reference(text, s, out, best_window);
  if (best_window) *best_window = {0, text.size()};
  bool skip = false;
  out.unread.reset();
  const std::string_view norm = script_gate_ ? readable(text, s, out, skip) : text;
  if (skip) return abstain(s, out);
  if (info_.window > 0) {
    token_spans(norm, s.spans);
    const std::vector<TokenSpan>& t = s.spans;
    if (t.size() > info_.window) {
      // The windows of token_windows(), each token's ids computed once for all of them.
      fast_->prepare(norm, t, s.fast);
      const size_t stride = info_.stride > 0 ? info_.stride : info_.window;
      for (size_t i = 0; i < t.size(); i += stride) {
        const size_t j = std::min(t.size(), i + info_.window);
        Output& w = i == 0 ? out : s.window_out;
        size_t n = fast_->predict(i, j, s.fast, s.fast_predictions);
        finish(s.fast_predictions, s.fast.logits, n > 0, w);
        if ((i == 0 || keep_max(w, out)) && best_window) *best_window = {t[i].first, t[j - 1].second};
        if (j == t.size()) break;
      }
      return;
    }
  }
  head_tail_spans(norm, info_.head_tokens, info_.tail_tokens, s.kept);
  fast_->prepare(norm, s.kept, s.fast);
  size_t n = fast_->predict(0, s.kept.size(), s.fast, s.fast_predictions);
  finish(s.fast_predictions, s.fast.logits, n > 0, out);
}

}  // namespace bulwark::model
