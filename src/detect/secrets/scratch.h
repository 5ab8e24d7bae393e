// detect/secrets/scratch.h — per-thread state shared by the secrets detectors' scans:
// Hyperscan scratch, the stripped view and candidate buffers, reused between scans.
//
// Thread-safety: one per thread (DetectorScratch).
#pragma once

#include <vector>

#include "bulwark/detector.h"
#include "detect/secrets/matcher.h"

namespace bulwark::detect::secrets {

struct SecretsScratch final : DetectorScratch {
  MatcherScratchPtr matcher;
  TextView stripped;
  std::vector<const TextView*> views;
  std::vector<Candidate> candidates;
  std::vector<Candidate> tokens;
};

// @return nullptr when Hyperscan cannot allocate scratch; scan() then reports the error.
std::unique_ptr<DetectorScratch> new_secrets_scratch(const SecretMatcher& matcher);

// A Hit for candidate c of `view`.
Hit secret_hit(const TextView& view, const Candidate& c);

}  // namespace bulwark::detect::secrets
