#include "model/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>

#include <unistd.h>

#include <fasttext/fasttext.h>

#include "model/augment.h"
#include "model/calibration.h"
#include "model/card.h"
#include "model/classifier.h"
#include "model/contrastive.h"
#include "model/dataset.h"
#include "model/features.h"
#include "model/recipe.h"
#include "model/word_list.h"
#include "text/normalize.h"
#include "text/script.h"

namespace bulwark::model {
namespace fs = std::filesystem;

namespace {

struct HeadSpec {
  std::string name, category;
  std::vector<std::string> labels;
  double fpr = -1;  // FPR target on pooled dev negatives; <0: the model's head_fpr
  bool complement = false;  // score = 1 - p(labels): "anything but safe"
};

struct ModelConfig {
  std::string name;
  Split (*split)(const std::vector<Record>&, uint64_t);
  fasttext::loss_name loss;
  int dim, epoch, minn, maxn, bucket;
  double lr;
  size_t cutoff;
  size_t head, tail, window, stride;
  std::vector<HeadSpec> heads;
  double head_fpr;                       // per-head FPR target on pooled dev negatives
  std::vector<std::string> negative_labels;
  std::string description;
};

std::vector<ModelConfig> configs() {
  std::vector<ModelConfig> v;
  v.push_back({"prompt_attack", prompt_attack_split, fasttext::loss_name::softmax, 24, 6, 3, 4, 400000, 0.5, 60000,
               kHeadTokens, kTailTokens, 0, 0,
               {{"prompt_attack", "prompt_attack", {"injection", "jailbreak"}}}, 0.008, {"benign"},
               "user-prompt attacks on the model (instruction override / injection, jailbreak) vs benign prompts"});
  v.push_back({"document_attack", document_attack_split, fasttext::loss_name::softmax, 24, 6, 3, 4, 400000, 0.4,
               60000, 192, 64, 128, 112, {{"document_attack", "prompt_attack", {"injection"}}}, 0.015, {"benign"},
               "instructions hidden in documents and tool results (indirect injection) vs clean content"});
  ModelConfig harm{"harm", harm_split, fasttext::loss_name::ova, 48, 12, 3, 4, 400000, 0.5, 80000,
                   kHeadTokens, kTailTokens, 0, 0, {}, 0.003, {"safe"},
                   "harmful requests and harmful content, multi-label by category"};
  // Head 0 decides "harmful at all" (any category, one threshold at the overall FPR target);
  // the category heads add per-category thresholds for confident single-category hits.
  // Scored as 1 - p(safe): one-vs-all scores of rare categories are individually small even
  // when the text is plainly not safe.
  HeadSpec any{"harm", "harm/*", {"safe"}, 0.045, true};
  for (int i = 0; kHarmLabels[i]; ++i)
    harm.heads.push_back({kHarmLabels[i], harm_category_of(kHarmLabels[i]), {kHarmLabels[i]}});
  harm.heads.insert(harm.heads.begin(), any);
  v.push_back(harm);
  return v;
}

bool has_any(const Example& e, const std::vector<std::string>& labels) {
  for (const auto& l : e.labels)
    if (std::find(labels.begin(), labels.end(), l) != labels.end()) return true;
  return false;
}

std::string fmt(double x) {
  if (std::isnan(x)) return "-";
  std::ostringstream os;
  os.precision(3);
  os << std::fixed << x;
  return os.str();
}

// Stable across standard libraries (std::hash is not), so the dev halves are reproducible.
uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Status train_one(const ModelConfig& cfg, const std::vector<Record>& all, const TrainOptions& opt, ModelReport& rep) {
  auto t0 = std::chrono::steady_clock::now();
  auto log = [&](const std::string& s) { if (opt.log) opt.log("[" + cfg.name + "] " + s); };
  Split split = cfg.split(all, opt.seed);
  rep.name = cfg.name;
  rep.train_rows = split.train.size();
  rep.dev_rows = split.dev.size();
  rep.untaught_languages = split.untaught_languages;
  if (!split.untaught_languages.empty()) {
    std::string langs;
    for (const auto& [lang, n] : split.untaught_languages)
      langs += (langs.empty() ? "" : ", ") + lang + " " + std::to_string(n);
    log("positive rows left out, no ordinary text in their language: " + langs);
  }
  log("train rows " + std::to_string(split.train.size()) + ", dev rows " + std::to_string(split.dev.size()));

  // 1. Training file: "__label__a [__label__b] tokens", shuffled deterministically.
  std::vector<std::string> lines;
  lines.reserve(split.train.size());
  for (const auto& e : split.train) {
    std::string line;
    for (const auto& l : e.labels) line += "__label__" + l + " ";
    std::string feats = features(e.text, cfg.head, cfg.tail);
    if (feats.empty()) continue;
    lines.push_back(line + feats);
  }
  std::mt19937_64 rng(opt.seed + 17);
  std::shuffle(lines.begin(), lines.end(), rng);
  std::error_code tec;
  fs::path tmp_dir = fs::temp_directory_path(tec);
  if (tec) tmp_dir = opt.out_dir;
  fs::path tmp = tmp_dir / ("bulwark-train-" + cfg.name + "-" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream f(tmp);
    for (const auto& l : lines) f << l << '\n';
    if (!f) return internal_error("cannot write " + tmp.string());
  }

  // 2. fastText supervised training, then product quantization.
  fasttext::Args args;
  args.input = tmp.string();
  args.model = fasttext::model_name::sup;
  args.loss = cfg.loss;
  args.dim = cfg.dim;
  args.epoch = cfg.epoch;
  args.lr = cfg.lr;
  args.wordNgrams = 2;
  args.minn = cfg.minn;
  args.maxn = cfg.maxn;
  args.bucket = cfg.bucket;
  args.minCount = 1;
  args.thread = std::max(1, opt.threads);
  args.seed = static_cast<int>(opt.seed);
  args.verbose = 0;
  args.lrUpdateRate = 100;
  args.t = 1e-4;
  fasttext::FastText ft;
  log("training fastText (dim " + std::to_string(cfg.dim) + ", epoch " + std::to_string(cfg.epoch) + ", " +
      std::to_string(lines.size()) + " lines)");
  try {
    // fastText calls back from every training thread: one caller at a time (the others skip
    // their turn), and never a smaller share than one already reported.
    std::mutex progress_mu;
    double progress_max = 0;
    fasttext::FastText::TrainCallback cb;
    if (opt.progress)
      cb = [&](float done, float, double, double, int64_t eta) {
        std::unique_lock lock(progress_mu, std::try_to_lock);
        if (!lock.owns_lock() || done < progress_max) return;
        progress_max = done;
        opt.progress(cfg.name, done, eta);
      };
    ft.train(args, cb);
    fasttext::Args q = args;
    q.cutoff = cfg.cutoff;
    q.qnorm = true;
    q.retrain = false;
    q.dsub = 2;
    q.qout = false;
    ft.quantize(q);
    ft.saveModel((fs::path(opt.out_dir) / (cfg.name + ".ftz")).string());
  } catch (const std::exception& e) {
    return internal_error(cfg.name + ": fastText: " + e.what());
  }
  fs::remove(tmp);

  // 3. Raw dev scores with the shipped (quantized) model.
  ModelInfo info;
  info.name = cfg.name;
  info.model_file = cfg.name + ".ftz";
  info.head_tokens = cfg.head;
  info.tail_tokens = cfg.tail;
  info.window = cfg.window;
  info.stride = cfg.stride;
  info.logodds = true;  // exact log-odds: confident texts stay ordered, so thresholds can sit among them
  info.version = 2;
  for (const auto& h : cfg.heads) info.heads.push_back({h.name, h.category, h.labels, h.complement, Platt{}, 0.5});
  // The scripts the model has read ordinary text in (classifier.h): it scores only their letters.
  for (const auto& e : split.train) {
    const bool neg = has_any(e, cfg.negative_labels);
    if (neg && !e.script_evidence) continue;
    if (!neg && e.augmented) continue;
    if (int sc = text::dominant_script(e.text); sc >= 0) {
      auto& [n, p] = rep.scripts[text::script_name(sc)];
      ++(neg ? n : p);
    }
  }
  for (const auto& [name, np] : rep.scripts) {
    info.script_negatives[name] = np.first;
    if (np.first >= kMinScriptNegatives) info.scripts.push_back(name);
  }
  fs::path side = fs::path(opt.out_dir) / (cfg.name + ".json");
  auto write_side = [&](const std::string& extra) {
    std::ofstream f(side);
    f << sidecar_json(info, extra);
    return static_cast<bool>(f);
  };
  if (!write_side("{}")) return internal_error("cannot write " + side.string());
  auto loaded = Classifier::load(opt.out_dir, cfg.name);
  if (!loaded.ok()) return loaded.status();
  auto clf = loaded.value();
  Classifier::Scratch scratch;
  Classifier::Output out;
  const size_t nh = cfg.heads.size();
  // The held-out rows are split in two by a hash of the text: one half ("calibration") fits
  // Platt and picks the thresholds, the other ("report") gives every figure below, so reported
  // FPR and recall are not in-sample for the threshold.
  std::vector<char> calib(split.dev.size());
  for (size_t i = 0; i < split.dev.size(); ++i) calib[i] = (fnv1a(split.dev[i].text) & 1) == 0;
  std::vector<std::vector<double>> raw(nh, std::vector<double>(split.dev.size()));
  std::vector<char> unscored(split.dev.size());
  for (size_t i = 0; i < split.dev.size(); ++i) {
    clf->score(text::skeleton_text(split.dev[i].text), scratch, out);
    for (size_t h = 0; h < nh; ++h) raw[h][i] = out.raw[h];
    // Nothing the model reads (only letters of scripts it has no negatives in): it abstains, so
    // the row neither fits the Platt map nor spends the FPR budget; the figures below count it
    // as not flagged, as deployed.
    unscored[i] = !out.scored;
  }
  if (size_t n = std::count(unscored.begin(), unscored.end(), 1))
    log(std::to_string(n) + " dev rows not scored (no letter of a script the model reads)");

  // 4. Per head: Platt on dev (positives of this head vs negatives), threshold for the FPR target.
  for (size_t h = 0; h < nh; ++h) {
    std::vector<double> xs, negs;
    std::vector<int> ys;
    for (size_t i = 0; i < split.dev.size(); ++i) {
      if (!calib[i] || unscored[i]) continue;
      bool neg = has_any(split.dev[i], cfg.negative_labels);
      bool pos = cfg.heads[h].complement ? !neg : has_any(split.dev[i], cfg.heads[h].labels);
      if (!pos && !neg) continue;
      xs.push_back(raw[h][i]);
      ys.push_back(pos);
    }
    Platt p = fit_platt(xs, ys);
    // A head without dev positives keeps the identity map: no evidence to recalibrate on.
    if (std::count(ys.begin(), ys.end(), 1) < 5) p = Platt{};
    for (size_t k = 0; k < xs.size(); ++k)
      if (!ys[k]) negs.push_back(p.apply(xs[k]));
    info.heads[h].platt = p;
    double target = cfg.heads[h].fpr >= 0 ? cfg.heads[h].fpr : cfg.head_fpr;
    info.heads[h].threshold = std::max(0.05, threshold_for_fpr(negs, target));
    log("head " + cfg.heads[h].name + ": platt a=" + fmt(p.a) + " b=" + fmt(p.b) + " threshold " +
        fmt(info.heads[h].threshold));
  }

  // 5. Dev figures per held-out source (flagged = any head at or above its threshold).
  std::vector<double> best(split.dev.size());
  std::vector<int> y(split.dev.size());
  std::vector<char> flagged(split.dev.size());
  for (size_t i = 0; i < split.dev.size(); ++i) {
    double m = 0, margin = -1;
    for (size_t h = 0; h < nh; ++h) {
      double c = info.heads[h].platt.apply(raw[h][i]);
      m = std::max(m, c);
      margin = std::max(margin, c - info.heads[h].threshold);
    }
    best[i] = unscored[i] ? 0.0 : m;
    flagged[i] = !unscored[i] && margin >= 0;
    y[i] = !has_any(split.dev[i], cfg.negative_labels);
  }
  std::map<std::string, std::vector<size_t>> by_src;
  for (size_t i = 0; i < split.dev.size(); ++i)
    if (!calib[i]) by_src[split.dev[i].source].push_back(i);
  Metrics pooled;
  Metrics lookalike;
  for (const auto& [src, idx] : by_src) {
    SourceFigure f;
    f.source = src;
    f.n = idx.size();
    Metrics m;
    std::vector<double> s;
    std::vector<int> l;
    for (size_t i : idx) {
      s.push_back(best[i]);
      l.push_back(y[i]);
      if (y[i]) (flagged[i] ? m.tp : m.fn)++;
      else (flagged[i] ? m.fp : m.tn)++;
    }
    f.positives = m.tp + m.fn;
    f.recall = m.recall();
    f.fpr = m.fpr();
    f.auprc = (f.positives && f.positives < f.n) ? auprc(s, l) : kNaN;
    pooled.tp += m.tp; pooled.fp += m.fp; pooled.tn += m.tn; pooled.fn += m.fn;
    if (src == "generated-dev" || src == "cyberseceval-frr-benign" || src == "wildguard-benign-prompts") {
      lookalike.fp += m.fp;
      lookalike.tn += m.tn;
    }
    rep.sources.push_back(f);
  }
  rep.recall = pooled.recall();
  rep.fpr = pooled.fpr();
  rep.f1 = pooled.f1();
  rep.lookalike_fpr = lookalike.fpr();

  // 6. Robustness: detection rate of obfuscated dev attacks / of their plain form, and the other
  // half, dev negatives flagged once obfuscated (a model trained with only positives obfuscated
  // learns that obfuscation is a positive). The negatives draw from streams of their own, so the
  // positives' figures and the model files do not depend on them.
  auto is_flagged = [&](const std::string& t) {
    clf->score(text::skeleton_text(t), scratch, out);
    for (size_t h = 0; h < nh; ++h)
      if (info.heads[h].platt.apply(out.raw[h]) >= info.heads[h].threshold) return true;
    return false;
  };
  // Up to `cap` report-half rows of one class, in a shuffled order.
  auto sample = [&](bool positive, size_t cap, auto& order) {
    std::vector<size_t> idx;
    for (size_t i = 0; i < split.dev.size(); ++i)
      if ((y[i] != 0) == positive && !calib[i] && split.dev[i].text.size() < 2000) idx.push_back(i);
    std::shuffle(idx.begin(), idx.end(), order);
    if (idx.size() > cap) idx.resize(cap);
    return idx;
  };
  auto plain_flagged = [&](const std::vector<size_t>& idx) {
    size_t n = 0;
    for (size_t i : idx) n += flagged[i];
    return n;
  };
  // Per transform, how many of the rows are flagged once obfuscated (transform t seeded seed0 + t).
  auto flagged_obfuscated = [&](const std::vector<size_t>& idx, uint64_t seed0, auto&& report) {
    for (Transform t : kAllTransforms) {
      Rng trng(seed0 + static_cast<int>(t));
      size_t hit = 0;
      for (size_t i : idx) hit += is_flagged(apply(t, split.dev[i].text, trng));
      report(transform_name(t), hit);
    }
  };
  const std::vector<size_t> pos_idx = sample(true, 300, rng);
  const size_t plain = plain_flagged(pos_idx);
  flagged_obfuscated(pos_idx, opt.seed, [&](const char* t, size_t hit) {
    rep.robustness.emplace_back(t, plain ? double(hit) / double(plain) : kNaN);
  });
  Rng nrng(opt.seed + 1000);
  const std::vector<size_t> neg_idx = sample(false, 1000, nrng);
  const double n_neg = static_cast<double>(neg_idx.size());
  rep.negatives_plain_flagged = neg_idx.empty() ? kNaN : double(plain_flagged(neg_idx)) / n_neg;
  flagged_obfuscated(neg_idx, opt.seed + 1001, [&](const char* t, size_t hit) {
    rep.negatives_flagged.emplace_back(t, neg_idx.empty() ? kNaN : double(hit) / n_neg);
  });

  // 7. Sidecar with calibration + figures, and the model card.
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rep.bytes = fs::file_size(fs::path(opt.out_dir) / (cfg.name + ".ftz"));
  std::ostringstream extra;
  extra << "{\"trained\":{\"seed\":" << opt.seed << ",\"threads\":" << args.thread << ",\"train_rows\":"
        << rep.train_rows << ",\"dev_rows\":" << rep.dev_rows << ",\"dim\":" << cfg.dim << ",\"epoch\":" << cfg.epoch
        << ",\"minn\":" << cfg.minn << ",\"maxn\":" << cfg.maxn << ",\"wordNgrams\":2,\"cutoff\":" << cfg.cutoff
        << "},\"dev\":{\"recall\":" << (std::isnan(rep.recall) ? 0 : rep.recall)
        << ",\"fpr\":" << (std::isnan(rep.fpr) ? 0 : rep.fpr) << "}}";
  if (!write_side(extra.str())) return internal_error("cannot write " + side.string());
  CardInput card{cfg.name, cfg.description, info, rep, prompt_attack_dev_sources(), cfg.dim};
  if (cfg.name == "document_attack") card.dev_sources = document_attack_dev_sources();
  if (cfg.name == "harm") card.dev_sources = harm_dev_sources();
  std::ofstream md(fs::path(opt.out_dir) / (cfg.name + ".md"));
  md << model_card(card);
  log("done in " + fmt(rep.seconds) + " s, " + std::to_string(rep.bytes / 1024) + " KiB, dev recall " +
      fmt(rep.recall) + ", dev fpr " + fmt(rep.fpr));
  return {};
}

}  // namespace

const std::vector<std::string>& model_names() {
  static const std::vector<std::string> v = {"prompt_attack", "document_attack", "harm"};
  return v;
}

Status train_models(const TrainOptions& opt, std::vector<ModelReport>* reports) {
  if (!opt.only.empty() && std::find(model_names().begin(), model_names().end(), opt.only) == model_names().end())
    return invalid_argument("unknown model '" + opt.only + "' (prompt_attack, document_attack, harm)");
  std::error_code ec;
  fs::create_directories(opt.out_dir, ec);
  if (ec) return internal_error("cannot create " + opt.out_dir + ": " + ec.message());
  size_t skipped = 0;
  auto loaded = load_datasets(opt.datasets_dir, &skipped);
  if (!loaded.ok()) return loaded.status();
  std::vector<Record> all = std::move(loaded).value();
  if (opt.log) opt.log("loaded " + std::to_string(all.size()) + " records (" + std::to_string(skipped) + " malformed lines skipped)");
  auto gen = contrastive_prompts(opt.seed, 500);
  all.insert(all.end(), gen.begin(), gen.end());
  DedupStats ds;
  all = dedup(std::move(all), &ds);
  if (opt.log)
    opt.log("generated " + std::to_string(gen.size()) + " contrastive prompts; dedup removed " +
            std::to_string(ds.removed) + ", label conflicts dropped " + std::to_string(ds.label_conflicts) + "; " +
            std::to_string(all.size()) + " records");
  // The word list for splitting letter-spaced text (model/word_list.h), whichever models train.
  auto words = write_word_list(all, (fs::path(opt.out_dir) / "words.txt").string());
  if (!words.ok()) return words.status();
  if (opt.log) opt.log("word list: " + std::to_string(words.value()) + " words -> " + (fs::path(opt.out_dir) / "words.txt").string());
  for (const auto& cfg : configs()) {
    if (!opt.only.empty() && opt.only != cfg.name) continue;
    ModelReport rep;
    Status st = train_one(cfg, all, opt, rep);
    if (!st.ok()) return st;
    if (reports) reports->push_back(std::move(rep));
  }
  return {};
}

}  // namespace bulwark::model
