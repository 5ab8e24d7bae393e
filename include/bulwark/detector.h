// bulwark/detector.h — the interface every detector implements, rule-based or model-backed,
// and the registry that maps detector ids to factories.
//
// A detector is compiled once from the policy (immutable, shared by all threads) and scans
// a ScanContext: the input's normalized and decoded views, built once per scan. It reports
// Hits in view coordinates; the engine maps them to the original text, applies the policy
// and builds Findings.
//
// Example (a custom detector):
//   class MyDetector final : public bulwark::Detector {
//    public:
//     std::string_view id() const override { return "custom.mine"; }
//     bulwark::Status scan(const bulwark::ScanContext& ctx, bulwark::DetectorScratch*,
//                          bulwark::HitSink& out) const override {
//       auto pos = ctx.raw().text.find("forbidden");
//       if (pos != std::string::npos) out.add({&ctx.raw(), uint32_t(pos), uint32_t(pos + 9),
//                                              "custom", "forbidden_word", 4, 1.0});
//       return {};
//     }
//   };
//   bulwark::DetectorRegistry::global().add("custom.mine", [](const bulwark::DetectorSpec&)
//       -> bulwark::Result<bulwark::DetectorPtr> { return bulwark::DetectorPtr(new MyDetector); });
//
// Thread-safety: scan() is const and must be safe to call from many threads at once; all
// mutable state lives in the DetectorScratch the engine hands in (one per thread).
#pragma once

#include <bitset>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/result.h"
#include "bulwark/text_view.h"
#include "bulwark/types.h"

namespace bulwark {

struct Policy;

using RoleSet = std::bitset<kRoleCount>;
inline RoleSet all_roles() { return RoleSet().set(); }
inline RoleSet roles_of(std::initializer_list<Role> roles) {
  RoleSet s;
  for (Role r : roles) s.set(static_cast<size_t>(r));
  return s;
}

// A run of invisible or smuggling characters found by the text pipeline.
struct HiddenRun {
  enum class Kind : uint8_t { kZeroWidth, kBidiControl, kVariationSelector, kTagChars };
  Kind kind;
  uint32_t byte_begin;
  uint32_t byte_end;
  uint32_t count;         // code points in the run
};

// What the text pipeline produced for one input. Views are valid for the duration of scan().
struct ScanContext {
  std::string_view original;       // validated UTF-8 (after replacement, if the policy allows it)
  Role role = Role::kUser;
  // Views of the whole input: raw (identity), folded (NFKC + case folding, invisible
  // characters dropped), skeleton (folded + confusables + leetspeak), collapsed (skeleton
  // with spacing tricks such as "i g n o r e" joined).
  const TextView* raw_view = nullptr;
  const TextView* folded_view = nullptr;
  const TextView* skeleton_view = nullptr;
  const TextView* collapsed_view = nullptr;
  // The collapsed view with each joined run split back into words ("howtomakeabomb" -> "how to
  // make a bomb", by the word list `bulwark train` ships); the collapsed view itself when
  // nothing was split or no word list is loaded. Rules and models read words here; exact-term
  // matching (blocklists) keeps the joined form of the collapsed view.
  const TextView* split_view = nullptr;
  // Decoded payloads (base64, hex, tag characters, ...), each mapped onto its encoded region.
  std::vector<const TextView*> decoded;
  std::vector<HiddenRun> hidden;

  const TextView& raw() const { return *raw_view; }
  const TextView& folded() const { return *folded_view; }
  const TextView& skeleton() const { return *skeleton_view; }
  const TextView& collapsed() const { return *collapsed_view; }
  const TextView& split() const { return split_view != nullptr ? *split_view : *collapsed_view; }
};

// A match reported by a detector, in the coordinates of `view`.
struct Hit {
  const TextView* view = nullptr;
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string category;
  std::string subtype;
  int severity = 0;       // 0..7
  double score = 1.0;     // 0..1
  bool sensitive = true;  // mask the evidence snippet (PII, secrets); false shows the text
};

class HitSink {
 public:
  void add(Hit hit) { hits_.push_back(std::move(hit)); }
  std::vector<Hit>& hits() { return hits_; }
  // A script whose text the detector did not judge (a model with no ordinary training text in
  // it): reported with the result, so that "no finding" is not read as "judged safe".
  void unread_script(std::string_view script) {
    for (const auto& s : unread_)
      if (s == script) return;
    unread_.emplace_back(script);
  }
  const std::vector<std::string>& unread_scripts() const { return unread_; }
  // A score that stayed under the detector's threshold (a learned model's head; scaled so that
  // the threshold is 0.5): no finding, but `bulwark eval` ranks misses by it (AUPRC) and a
  // user sees how close a text came. Keeps the closest call of the scan; the engine reports it
  // only when the detector made no finding.
  void below_threshold(std::string_view category, double score) {
    if (score > closest_below_score()) below_ = {std::string(category), score};
  }
  double closest_below_score() const { return below_ ? below_->second : -1.0; }
  const std::optional<std::pair<std::string, double>>& closest_below() const { return below_; }
  void clear() {
    hits_.clear();
    unread_.clear();
    below_.reset();
  }

 private:
  std::vector<Hit> hits_;
  std::vector<std::string> unread_;
  std::optional<std::pair<std::string, double>> below_;
};

// Per-thread mutable state of one detector (Hyperscan scratch, feature buffers, ...).
class DetectorScratch {
 public:
  virtual ~DetectorScratch() = default;
};

class Detector {
 public:
  virtual ~Detector() = default;
  virtual std::string_view id() const = 0;
  // Roles the detector runs on unless the policy lists roles for it.
  virtual RoleSet default_roles() const { return all_roles(); }
  virtual std::unique_ptr<DetectorScratch> new_scratch() const { return nullptr; }
  // @return an error only when the detector itself failed (model missing, scratch error);
  //         the policy's failure mode decides what the engine does then.
  virtual Status scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const = 0;
};
using DetectorPtr = std::unique_ptr<const Detector>;

// What a factory gets: the detector's id and parameters from the policy, and the whole
// policy (blocklists, model paths).
struct DetectorSpec {
  std::string id;
  std::map<std::string, std::string> params;
  const Policy* policy = nullptr;
};

using DetectorFactory = std::function<Result<DetectorPtr>(const DetectorSpec&)>;

struct DetectorInfo {
  std::string id;
  std::string description;
  bool default_enabled = true;
  DetectorFactory factory;
};

// Maps ids to factories. The built-in detectors are registered on first use of global().
// Thread-safety: add() during start-up only; lookups are read-only afterwards.
class DetectorRegistry {
 public:
  static DetectorRegistry& global();
  void add(DetectorInfo info);
  const DetectorInfo* find(std::string_view id) const;
  const std::vector<DetectorInfo>& all() const { return infos_; }

 private:
  std::vector<DetectorInfo> infos_;
};

}  // namespace bulwark
