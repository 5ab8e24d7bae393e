// detect/secrets/matcher.h — the secrets family's compiled patterns: one Hyperscan database
// over every row of secret_formats() (both detectors), plus one RE2 per row to confirm.
//
// Hyperscan runs once per text with HS_FLAG_SINGLEMATCH and only says WHICH formats occur;
// RE2 then finds the exact spans of just those formats (none, on ordinary text), and the row's
// Check confirms each candidate. A pattern Hyperscan cannot compile is compiled with
// HS_FLAG_PREFILTER, and failing that is always run through RE2 (fallback_count()).
//
// Example:
//   auto m = SecretMatcher::instance();           // compiled on first use, then shared
//   auto scratch = (*m)->new_scratch();           // one per thread
//   (*m)->prefilter(text, *scratch);
//   (*m)->confirm(text, Family::kToken, *scratch, candidates);
//
// Thread-safety: SecretMatcher is immutable and shared; MatcherScratch belongs to one thread.
// Cost: prefilter is one Hyperscan pass (~1 GB/s); confirm is linear per format present.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "bulwark/result.h"
#include "detect/secrets/formats.h"

namespace bulwark::detect::secrets {

// A confirmed secret in the scanned text: the value's byte range and its secret_formats() row.
struct Candidate {
  uint32_t format = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
};

class MatcherScratch;
struct MatcherScratchDeleter {
  void operator()(MatcherScratch* s) const;
};
using MatcherScratchPtr = std::unique_ptr<MatcherScratch, MatcherScratchDeleter>;

class SecretMatcher {
 public:
  // The process-wide matcher, compiled on first call (thread-safe).
  // @return kInternal when a pattern does not compile under RE2 (a bug in the table).
  static Result<const SecretMatcher*> instance();

  // @return kInternal when Hyperscan cannot allocate scratch.
  Result<MatcherScratchPtr> new_scratch() const;

  // Records in scratch which formats occur in text. Must precede confirm() on the same text.
  Status prefilter(std::string_view text, MatcherScratch& scratch) const;

  // Appends the confirmed candidates of `family` found by the last prefilter(). Overlapping
  // token candidates are resolved in favour of the earlier row.
  void confirm(std::string_view text, Family family, MatcherScratch& scratch,
               std::vector<Candidate>& out) const;

  // Patterns that Hyperscan could compile only as a prefilter, or not at all.
  size_t fallback_count() const { return fallback_count_; }

  ~SecretMatcher();
  SecretMatcher(const SecretMatcher&) = delete;
  SecretMatcher& operator=(const SecretMatcher&) = delete;

 private:
  struct Impl;
  explicit SecretMatcher(std::unique_ptr<Impl> impl, size_t fallback_count);
  static Result<std::unique_ptr<SecretMatcher>> compile();
  std::unique_ptr<Impl> impl_;
  size_t fallback_count_ = 0;
};

}  // namespace bulwark::detect::secrets
