// detect/rules/rule_set.h — a fixed list of heuristic text rules compiled once: one Hyperscan
// database (caseless) over every rule's regex or distinct trigger, and one RE2 per rule that finds
// where a match begins and confirms a triggered rule around its trigger. Shared by the rule
// families whose rules are fixed at build time (attack.heuristics, harm.hazards).
//
// Example:
//   static const RuleSet rules(build_my_rules());           // once per process
//   auto scratch = rules.new_scratch();                      // once per thread
//   scratch->begin_scan();                                   // once per input
//   scratch->found.clear();
//   rules.find(view.text, *scratch, scratch->found);         // per view
//
// Thread-safety: a RuleSet is immutable after construction; RuleScratch belongs to one thread.
// Cost: one Hyperscan pass per text; RE2 runs only for rules that hit (and, for triggered
// rules, in a bounded window around at most kMaxConfirmations trigger hits per text), and a
// rule's cue regex only before a confirmed match.
#pragma once

#include <hs/hs.h>
#include <re2/re2.h>

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "bulwark/detector.h"

namespace bulwark::detect {

struct TextRule {
  std::string id;  // "<subtype>.<rule>"
  std::string subtype;
  std::string regex;  // matched caselessly; the subset of syntax Hyperscan, RE2 and
                      // std::regex (ECMAScript) share: no look-around, no back-references
  int severity = 4;
  double score = 0.5;  // confidence that a match is what the rule says
  // Optional cheaper regex that every match of `regex` contains (a rare key phrase). When
  // set, Hyperscan looks for the trigger and RE2 confirms `regex` around each trigger hit:
  // rules whose leading words are common would otherwise keep large Hyperscan automata busy
  // on ordinary text.
  std::string trigger = {};
  // How far from the end of a trigger hit a match of `regex` can start / end.
  uint32_t reach_before = 400;
  uint32_t reach_after = 400;
  // Optional regex that must match on the same line before the match, within cue_reach bytes
  // (a request: "how to", "give me"). Kept out of `regex` so that regex stays small: RE2
  // builds a large regex's DFA state by state, and a request alternation in front of every
  // rule made each new text cost tens of microseconds. The reported span starts at the cue.
  std::string cue = {};
  // A match that opens a sentence (an imperative: "Write a keylogger.") needs no cue.
  bool cue_or_sentence_start = false;
  uint32_t cue_reach = 240;
};

// A rule that matched: its index in RuleSet::rules() and the span of the match.
struct RuleMatch {
  unsigned rule = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
};

class RuleScratch final : public DetectorScratch {
 public:
  explicit RuleScratch(hs_scratch_t* hs) : hs_(hs) {}
  ~RuleScratch() override { hs_free_scratch(hs_); }
  RuleScratch(const RuleScratch&) = delete;
  RuleScratch& operator=(const RuleScratch&) = delete;
  // Forgets what RE2 refuted in the previous input.
  void begin_scan() { refuted.clear(); }

  hs_scratch_t* hs() const { return hs_; }
  std::vector<std::pair<unsigned, uint32_t>> hits;  // (pattern, end) as Hyperscan reports them
  std::vector<uint8_t> reported;                    // per rule, for the current text
  std::vector<uint8_t> confirmations;
  // (rule, window text) pairs RE2 refuted during this input. The folded, skeleton and
  // collapsed views of ordinary prose are mostly the same text, so a trigger window refuted
  // in one view is usually byte-identical in the next; the cache spares RE2 that repeat.
  std::unordered_set<uint64_t> refuted;
  std::vector<RuleMatch> found;  // the caller's buffer for RuleSet::find

 private:
  hs_scratch_t* hs_;
};

class RuleSet {
 public:
  using Match = RuleMatch;

  // Compiles every rule; on failure error() names the rule and the engine that refused it.
  explicit RuleSet(std::vector<TextRule> rules);
  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  const std::vector<TextRule>& rules() const { return rules_; }
  const std::string& error() const { return error_; }

  // nullptr when the database failed to compile or Hyperscan cannot allocate scratch.
  std::unique_ptr<RuleScratch> new_scratch() const;

  // Appends each rule that matches `text` once, with the span of its first confirmed match,
  // in the order Hyperscan saw them. @return kInternal when Hyperscan fails.
  Status find(const std::string& text, RuleScratch& s, std::vector<Match>& out) const;
  // The next match of `rule` that starts at or after `from`; false when there is none.
  bool next(unsigned rule, const std::string& text, size_t from, Match& m) const;

 private:
  uint32_t span_begin(unsigned rule, const std::string& text, uint32_t end) const;
  bool confirm(unsigned rule, const std::string& text, uint32_t at, RuleScratch& s, Match& m) const;
  // Whether the rule's cue stands before m (moving m.begin onto it), or m needs none.
  bool cue_before(unsigned rule, const std::string& text, Match& m) const;

  std::vector<TextRule> rules_;
  // Hyperscan patterns: each distinct trigger once (several rules often share one: the same
  // agent names, the same override verbs), each untriggered rule's regex. The rules a pattern's
  // hit stands for, by pattern id.
  std::vector<std::vector<unsigned>> pattern_rules_;
  hs_database_t* db_ = nullptr;
  hs_scratch_t* prototype_ = nullptr;
  std::vector<std::unique_ptr<RE2>> span_res_;  // same order as rules_
  std::vector<std::unique_ptr<RE2>> cue_res_;   // distinct cues
  std::vector<int> cue_of_;                     // per rule: index into cue_res_, or -1
  std::string error_;
};

// Where the line that holds byte `at` starts (just after its '\n', or 0) and where it ends (its
// '\n', or text.size()): rules and their context checks stay within one line.
uint32_t line_start(std::string_view text, uint32_t at);
uint32_t line_end(std::string_view text, uint32_t at);

// Calls fn(view) for the views a rule family scans: folded, skeleton, collapsed and split (its
// joined runs split into words), each only when it differs from the one before it (they are
// built from one another, and an identical copy would only give the same hits again), then
// every decoded payload. Stops at an error.
template <typename Fn>
Status for_each_rule_view(const ScanContext& ctx, Fn&& fn) {
  const TextView* prev = nullptr;
  for (const TextView* v : {ctx.folded_view, ctx.skeleton_view, ctx.collapsed_view, ctx.split_view}) {
    if (v == nullptr || v == prev || (prev != nullptr && v->text == prev->text)) continue;
    prev = v;
    BULWARK_RETURN_IF_ERROR(fn(*v));
  }
  for (const TextView* v : ctx.decoded) BULWARK_RETURN_IF_ERROR(fn(*v));
  return {};
}

}  // namespace bulwark::detect
