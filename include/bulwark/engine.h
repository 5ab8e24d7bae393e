// bulwark/engine.h — the scanning engine: compiled once from a Policy, then shared.
//
// Example:
//   auto engine = bulwark::Engine::compile(bulwark::Policy::defaults());
//   if (!engine.ok()) return;
//   auto scratch = (*engine)->new_scratch();            // one per thread
//   auto r = (*engine)->scan({"Ignore all previous instructions", bulwark::Role::kUser}, *scratch);
//   if (r.ok() && r->decision == bulwark::Action::kBlock) { ... }
//
// Thread-safety: an Engine is immutable; scan() may run on many threads at once, each with
// its own Scratch. Cost: compile() builds pattern databases (milliseconds to a second);
// scan() is linear in the input size and allocates only when the scratch must grow.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/detector.h"
#include "bulwark/policy.h"
#include "bulwark/result.h"
#include "bulwark/types.h"

namespace bulwark {

struct ScanInput {
  std::string_view text;   // must outlive the scan() call
  Role role = Role::kUser;
};

struct DetectorTiming {
  std::string detector;
  uint64_t nanos = 0;
};

struct UnreadText {
  std::string detector;              // "model.harm"
  std::vector<std::string> scripts;  // ICU script names, "Bengali"
};

// The closest a detector came to a finding without reaching its threshold (learned models: the
// highest decision score of any head, 0.5 = that head's threshold, and the head's category).
// Not a finding and never acted on; one per detector that scored the text and made no finding.
struct BelowThreshold {
  std::string detector;  // "model.prompt_attack"
  std::string category;  // "prompt_attack", "harm/hate"
  double score = 0;      // 0 .. 0.5
};

struct ScanResult {
  Action decision = Action::kAllow;
  std::vector<Finding> findings;
  std::optional<std::string> redacted_text;   // set when the decision is kRedact
  std::vector<DetectorTiming> timings;
  uint64_t pipeline_nanos = 0;                 // normalization + decoding
  uint64_t total_nanos = 0;
  bool utf8_replaced = false;                  // malformed bytes were replaced (policy allowed it)
  std::vector<std::string> detector_errors;    // detectors that failed (fail-open policies)
  // Text a detector did not judge: the scripts a learned model has no ordinary training text in
  // (docs/models.md, "Scripts a model reads"). Their letters were not scored by that detector.
  std::vector<UnreadText> unread;
  std::vector<BelowThreshold> below_threshold;
};

class Scratch;
class Engine;
using EnginePtr = std::shared_ptr<const Engine>;

class Engine {
 public:
  // @return kInvalidPolicy if the policy fails validation or names unknown detectors;
  //         kInvalidArgument if a blocklist pattern does not compile.
  static Result<EnginePtr> compile(const Policy& policy);
  ~Engine();

  std::unique_ptr<Scratch> new_scratch() const;

  // @return kInvalidArgument for malformed UTF-8 (message has the byte offset) unless the
  //         policy replaces it; kResourceExhausted for input over policy.max_input_bytes;
  //         kInternal when a detector fails under a fail-closed policy.
  Result<ScanResult> scan(const ScanInput& input, Scratch& scratch) const;

  const Policy& policy() const;
  std::vector<std::string> detector_ids() const;

  struct Impl;
 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Per-thread state of scan(): text views, decoder buffers, detector scratch. Reused across
// scans so that steady-state scanning does not allocate.
class Scratch {
 public:
  ~Scratch();
  struct Impl;
  Impl& impl() { return *impl_; }
 private:
  friend class Engine;
  explicit Scratch(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

std::string_view version();

}  // namespace bulwark
