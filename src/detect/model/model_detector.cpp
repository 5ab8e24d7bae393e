#include "detect/model/model_detector.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "detect/model/help_seeking.h"
#include "detect/model/model_store.h"
#include "model/recipe.h"
#include "text/normalize.h"
#include "text/script.h"

namespace bulwark::detect {
namespace {

constexpr std::string_view kSelfHarm = "harm/self-harm";

struct ModelScratch final : DetectorScratch {
  model::Classifier::Scratch clf;
  model::Classifier::Output out;
  std::string norm;   // a decoded payload's skeleton
  std::string masked; // the scored view with decoded payloads blanked out
  bool user = false;  // the text is a user's
};

// `skeleton` (or the collapsed view) with every byte that came from a decoded payload's source
// span (a base64 blob, hex, percent-escapes, ...) turned into a space; false when nothing was
// blanked. One pass: the spans are sorted and merged, and a view's source offsets only grow.
bool blank_payloads(const TextView& skeleton, const std::vector<const TextView*>& decoded, std::string& out) {
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  for (const TextView* v : decoded) {
    if (v->identity() || v->src_begin.empty()) continue;
    spans.emplace_back(*std::min_element(v->src_begin.begin(), v->src_begin.end()),
                       *std::max_element(v->src_end.begin(), v->src_end.end()));
  }
  if (spans.empty() || skeleton.identity()) return false;
  std::sort(spans.begin(), spans.end());
  size_t k = 0;
  for (size_t j = 1; j < spans.size(); ++j) {
    if (spans[j].first <= spans[k].second) spans[k].second = std::max(spans[k].second, spans[j].second);
    else spans[++k] = spans[j];
  }
  spans.resize(k + 1);
  out = skeleton.text;
  bool blanked = false;
  size_t next = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    while (next < spans.size() && spans[next].second <= skeleton.src_begin[i]) ++next;
    if (next == spans.size()) break;
    if (skeleton.src_begin[i] >= spans[next].first && skeleton.src_end[i] <= spans[next].second) {
      out[i] = ' ';
      blanked = true;
    }
  }
  return blanked;
}

class NullDetector final : public Detector {
 public:
  NullDetector(std::string id, RoleSet roles) : id_(std::move(id)), roles_(roles) {}
  std::string_view id() const override { return id_; }
  RoleSet default_roles() const override { return roles_; }
  Status scan(const ScanContext&, DetectorScratch*, HitSink&) const override { return {}; }

 private:
  std::string id_;
  RoleSet roles_;
};

class ModelDetector final : public Detector {
 public:
  ModelDetector(ModelDetectorConfig cfg, std::shared_ptr<const model::Classifier> clf,
                std::vector<double> thresholds)
      : cfg_(std::move(cfg)), clf_(std::move(clf)), thresholds_(std::move(thresholds)) {
    const auto& heads = clf_->info().heads;
    // Subtype of head 0: its most probable label; for a complement head ("not safe"), the most
    // probable of all the other labels.
    if (!heads.empty() && heads[0].complement) {
      for (const auto& l : clf_->label_names())
        if (std::find(heads[0].labels.begin(), heads[0].labels.end(), l) == heads[0].labels.end())
          subtype_labels_.push_back(l);
    } else if (!heads.empty() && heads[0].labels.size() > 1) {
      subtype_labels_ = heads[0].labels;
    }
    for (const auto& l : subtype_labels_) label_ids_.push_back(clf_->label_index(l));
  }
  std::string_view id() const override { return cfg_.id; }
  RoleSet default_roles() const override { return cfg_.roles; }
  std::unique_ptr<DetectorScratch> new_scratch() const override { return std::make_unique<ModelScratch>(); }

  Status scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const override {
    ModelScratch local;
    auto* s = scratch ? static_cast<ModelScratch*>(scratch) : &local;
    // Only a user asks for help; an answer is judged as it stands (an answer can end with a
    // hotline after the harm).
    s->user = ctx.role == Role::kUser;
    // Spacing tricks ("i g n o r e"): the collapsed view joins them; it differs from the skeleton
    // only when such a run was found, so ordinary text is scored once. The model reads the split
    // view, where a run that held several words ("howtomakeabomb") is split back into them.
    const bool spaced = ctx.collapsed_view && ctx.collapsed().text.size() != ctx.skeleton().text.size();
    if (cfg_.read_content_only) {
      const TextView& view = spaced ? ctx.split() : ctx.skeleton();
      if (!ctx.decoded.empty() && blank_payloads(view, ctx.decoded, s->masked))
        score(s->masked, nullptr, view, *s, out);
      else
        scan_view(view, *s, out);
    } else {
      scan_view(ctx.skeleton(), *s, out);
      if (spaced) scan_view(ctx.split(), *s, out);
    }
    // Decoded payloads (base64, tag characters, ...) are raw text: the model was trained on the
    // skeleton view, so they are normalized the same way first, and a hit covers the payload.
    if (cfg_.scan_decoded)
      for (const TextView* v : ctx.decoded) scan_view(*v, *s, out, /*normalize=*/true);
    return {};
  }

 private:
  void scan_view(const TextView& view, ModelScratch& s, HitSink& out, bool normalize = false) const {
    if (view.text.empty()) return;
    if (normalize) {
      s.norm = text::skeleton_text(view.text);
      score(s.norm, nullptr, view, s, out);
    } else {
      std::pair<size_t, size_t> win{0, view.text.size()};
      score(view.text, &win, view, s, out);
    }
  }

  // Scores `text` and reports hits on `view`: on the window the model chose when `win` is given,
  // else on the whole view (`text` is then a transform of it, not a substring).
  void score(std::string_view text, std::pair<size_t, size_t>* win, const TextView& view, ModelScratch& s,
             HitSink& out) const {
    clf_->score(text, s.clf, s.out, win);
    if (s.out.unread.any())
      for (size_t k = 0; k < s.out.unread.size(); ++k)
        if (s.out.unread.test(k)) out.unread_script(text::script_name(static_cast<int>(k)));
    const std::pair<size_t, size_t> span = win ? *win : std::pair<size_t, size_t>{0, view.text.size()};
    // Whether the text asks for help: looked at once, and only when a hit could be softened.
    int asks = -1;
    auto asking = [&](std::string_view t) {
      if (asks < 0) asks = asks_for_help(t) ? 1 : 0;
      return asks == 1;
    };
    const auto& heads = clf_->info().heads;
    size_t closest = heads.size();  // the head that came closest without reaching its threshold
    double closest_score = -1;
    for (size_t h = 0; h < heads.size(); ++h) {
      double p = s.out.calibrated[h], t = thresholds_[h];
      if (p < t) {
        if (double d = decision_score(p, t); d > closest_score) closest = h, closest_score = d;
        continue;
      }
      Hit hit;
      hit.view = &view;
      hit.begin = h == 0 ? static_cast<uint32_t>(span.first) : 0;
      hit.end = h == 0 ? static_cast<uint32_t>(span.second) : static_cast<uint32_t>(view.text.size());
      hit.subtype = subtype(h, s.out);
      hit.category = category_of(h, hit.subtype);
      auto bs = cfg_.base_severity.find(hit.subtype);
      if (bs == cfg_.base_severity.end()) bs = cfg_.base_severity.find(heads[h].name);
      int base = bs != cfg_.base_severity.end() ? bs->second : 4;
      hit.severity = severity_for(p, t, base);
      hit.score = decision_score(p, t);
      if (cfg_.soften_help_seeking && s.user && asking(text) &&
          (hit.category == kSelfHarm || names_a_concern(text))) {
        hit.subtype = "help_seeking";
        hit.severity = std::min(hit.severity, 2);
      }
      hit.sensitive = false;
      out.add(std::move(hit));
    }
    // Built only when it beats what an earlier view of this scan reported (a string per call).
    if (closest < heads.size() && closest_score > out.closest_below_score())
      out.below_threshold(category_of(closest, s.out), closest_score);
  }

  // "harm/*": the category follows the most probable label of the head.
  std::string category_of(size_t h, const std::string& subtype) const {
    const std::string& c = clf_->info().heads[h].category;
    if (c.size() >= 2 && c.compare(c.size() - 2, 2, "/*") == 0) return model::harm_category_of(subtype);
    return c;
  }
  std::string category_of(size_t h, const model::Classifier::Output& o) const { return category_of(h, subtype(h, o)); }

  std::string subtype(size_t h, const model::Classifier::Output& o) const {
    if (h == 0 && !label_ids_.empty()) {
      int best = -1;
      for (int id : label_ids_)
        if (id >= 0 && (best < 0 || o.label_probs[id] > o.label_probs[best])) best = id;
      if (best >= 0) {
        for (size_t k = 0; k < label_ids_.size(); ++k)
          if (label_ids_[k] == best) return subtype_labels_[k];
      }
    }
    if (!cfg_.fixed_subtype.empty()) return cfg_.fixed_subtype;
    return clf_->info().heads[h].name;
  }

  ModelDetectorConfig cfg_;
  std::shared_ptr<const model::Classifier> clf_;
  std::vector<double> thresholds_;
  std::vector<std::string> subtype_labels_;
  std::vector<int> label_ids_;
};

}  // namespace

int severity_for(double s, double t, int base) {
  base = std::clamp(base, 0, 7);
  if (t >= 1.0) return base;
  double x = std::clamp((s - t) / (1.0 - t), 0.0, 1.0);
  return std::clamp(base + static_cast<int>(std::lround(x * (7 - base))), 0, 7);
}

double decision_score(double s, double t) {
  if (t <= 0.0) return std::clamp(s, 0.0, 1.0);
  if (s < t) return std::clamp(0.5 * s / t, 0.0, 0.5);
  if (t >= 1.0) return 1.0;
  return std::clamp(0.5 + 0.5 * (s - t) / (1.0 - t), 0.5, 1.0);
}

Result<DetectorPtr> make_model_detector(const DetectorSpec& spec, ModelDetectorConfig cfg) {
  auto clf = load_shared_model(spec, cfg.model);
  if (!clf.ok()) {
    if (clf.status().code() == StatusCode::kNotFound && !explicitly_enabled(spec))
      return DetectorPtr(new NullDetector(cfg.id, cfg.roles));
    return Status(clf.status().code(), cfg.id + ": " + clf.status().message());
  }
  std::vector<double> thresholds;
  for (const auto& h : clf.value()->info().heads) thresholds.push_back(h.threshold);
  if (auto it = spec.params.find("threshold"); it != spec.params.end()) {
    char* end = nullptr;
    double t = std::strtod(it->second.c_str(), &end);
    if (end == it->second.c_str() || *end != '\0' || !(t >= 0.0 && t <= 1.0))
      return invalid_policy(cfg.id + ": param 'threshold' must be a number in [0, 1], got '" + it->second + "'");
    std::fill(thresholds.begin(), thresholds.end(), t);
  }
  return DetectorPtr(new ModelDetector(std::move(cfg), std::move(clf).value(), std::move(thresholds)));
}

}  // namespace bulwark::detect
