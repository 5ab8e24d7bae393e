// detect/blocklist/matcher.h — the policy's blocklists compiled for scanning.
//
// Terms are normalized with the pipeline's own functions (fold_text, skeleton_text,
// collapsed_text); the distinct forms go into one Hyperscan literal database (caseless)
// that is run on the folded, skeleton and collapsed views. Literal matches are
// kept only at word boundaries (see word_boundary.h). Regexes are compiled into one
// Hyperscan database (caseless, UTF-8, leftmost start of match) and scanned on the folded
// view; a regex Hyperscan rejects (too large for start-of-match tracking, (?U), \C, ...) is
// run with RE2 instead. Every regex must be valid RE2 syntax and must not match the empty
// string. Decoded payloads are scanned with the folded term database and the regexes.
//
// Example:
//   auto m = BlocklistMatcher::compile(policy.blocklists);   // once per Engine::compile
//   auto scratch = (*m)->new_scratch();                       // once per thread
//   (*m)->scan(ctx, *scratch, sink);                          // hits: category "blocklist",
//                                                             // subtype = list name
// Thread-safety: immutable after compile(); scan() is const, state lives in the scratch.
// Cost: compile is ~linear in the number of terms (10,000 terms: see
// docs/detectors-exfil-blocklist.md); scan is one Hyperscan pass per view.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bulwark/detector.h"
#include "bulwark/policy.h"

namespace bulwark::detect::blocklist {

class BlocklistMatcher {
 public:
  struct Stats {
    size_t terms = 0;            // distinct (normalized form, list) literal patterns
    size_t term_databases = 0;   // 0 or 1
    size_t hyperscan_regexes = 0;
    size_t re2_regexes = 0;
  };

  // @return kInvalidArgument naming the list and item for a regex RE2 cannot parse, one that
  //         matches the empty string, or a Hyperscan failure that is not about one pattern.
  static Result<std::unique_ptr<const BlocklistMatcher>> compile(
      const std::vector<const Blocklist*>& lists);
  ~BlocklistMatcher();

  std::unique_ptr<DetectorScratch> new_scratch() const;
  // @return kInternal if Hyperscan fails at scan time (bad scratch).
  Status scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const;
  const Stats& stats() const { return stats_; }
  bool empty() const;

  struct Impl;

 private:
  explicit BlocklistMatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  Stats stats_;
};

}  // namespace bulwark::detect::blocklist
