#include "detect/rules/rule_set.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string_view>

namespace bulwark::detect {
namespace {

// The longest text one rule can span is a few hundred bytes; the RE2 pass that finds where
// a match begins looks back this far from where Hyperscan saw it end.
constexpr uint32_t kSpanWindow = 2048;
// A rule with a trigger is confirmed by RE2 near each trigger hit (TextRule::reach_*), at
// most kMaxConfirmations times per text (bounded work on hostile input).
constexpr int kMaxConfirmations = 64;

int on_hit(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  static_cast<std::vector<std::pair<unsigned, uint32_t>>*>(ctx)->emplace_back(id, static_cast<uint32_t>(to));
  return 0;
}

}  // namespace

RuleSet::RuleSet(std::vector<TextRule> rules) : rules_(std::move(rules)) {
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  // Distinct triggers and cues are compiled once: several rules often share them.
  std::map<std::string_view, unsigned> trigger_pattern;
  std::map<std::string_view, int> cue_index;
  for (size_t i = 0; i < rules_.size(); ++i) {
    const unsigned rule = static_cast<unsigned>(i);
    const std::string& trigger = rules_[i].trigger;
    if (!trigger.empty()) {
      if (auto it = trigger_pattern.find(trigger); it != trigger_pattern.end()) {
        pattern_rules_[it->second].push_back(rule);
      } else {
        // A trigger reports every hit: the first one may not confirm.
        trigger_pattern.emplace(trigger, static_cast<unsigned>(exprs.size()));
        pattern_rules_.push_back({rule});
        exprs.push_back(trigger.c_str());
        flags.push_back(HS_FLAG_CASELESS);
      }
    } else {
      pattern_rules_.push_back({rule});
      exprs.push_back(rules_[i].regex.c_str());
      flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
    }
    RE2::Options opt;
    opt.set_case_sensitive(false);
    opt.set_log_errors(false);
    auto re = std::make_unique<RE2>(rules_[i].regex, opt);
    if (!re->ok() && error_.empty()) error_ = "rule " + rules_[i].id + ": RE2: " + re->error();
    span_res_.push_back(std::move(re));
    cue_of_.push_back(-1);
    if (rules_[i].cue.empty()) continue;
    const auto [at, fresh] = cue_index.emplace(rules_[i].cue, static_cast<int>(cue_res_.size()));
    cue_of_.back() = at->second;
    if (fresh) {
      auto cue = std::make_unique<RE2>(rules_[i].cue, opt);
      if (!cue->ok() && error_.empty()) error_ = "rule " + rules_[i].id + ": cue: RE2: " + cue->error();
      cue_res_.push_back(std::move(cue));
    }
  }
  for (size_t p = 0; p < exprs.size(); ++p) ids.push_back(static_cast<unsigned>(p));
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                       HS_MODE_BLOCK, nullptr, &db_, &err) != HS_SUCCESS) {
    std::string where = err != nullptr && err->expression >= 0
                            ? rules_[pattern_rules_[static_cast<size_t>(err->expression)].front()].id
                            : std::string("?");
    error_ = "rule " + where + ": Hyperscan: " + (err != nullptr ? err->message : "unknown error");
    hs_free_compile_error(err);
    db_ = nullptr;
    return;
  }
  if (hs_alloc_scratch(db_, &prototype_) != HS_SUCCESS) error_ = "Hyperscan scratch allocation failed";
}

RuleSet::~RuleSet() {
  hs_free_scratch(prototype_);
  hs_free_database(db_);
}

std::unique_ptr<RuleScratch> RuleSet::new_scratch() const {
  hs_scratch_t* s = nullptr;
  if (prototype_ == nullptr || hs_clone_scratch(prototype_, &s) != HS_SUCCESS) return nullptr;
  return std::make_unique<RuleScratch>(s);
}

Status RuleSet::find(const std::string& text, RuleScratch& s, std::vector<Match>& out) const {
  if (text.empty()) return {};
  s.hits.clear();
  hs_error_t rc = hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, s.hs(), on_hit, &s.hits);
  if (rc != HS_SUCCESS) return internal_error("hs_scan failed (" + std::to_string(rc) + ")");
  s.reported.assign(rules_.size(), 0);
  s.confirmations.assign(rules_.size(), 0);
  for (const auto& [pattern, end] : s.hits) {
    for (unsigned rule : pattern_rules_[pattern]) {
      if (s.reported[rule]) continue;
      Match m;
      m.rule = rule;
      if (rules_[rule].trigger.empty()) {
        m.end = end;
        m.begin = span_begin(rule, text, end);
      } else {
        if (s.confirmations[rule]++ >= kMaxConfirmations) continue;
        if (!confirm(rule, text, end, s, m)) continue;
      }
      if (!cue_before(rule, text, m)) continue;
      s.reported[rule] = 1;
      out.push_back(m);
    }
  }
  return {};
}

uint32_t line_start(std::string_view text, uint32_t at) {
  const size_t nl = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  return nl == std::string_view::npos ? 0 : static_cast<uint32_t>(nl + 1);
}

uint32_t line_end(std::string_view text, uint32_t at) {
  const size_t nl = text.find('\n', at);
  return static_cast<uint32_t>(nl == std::string_view::npos ? text.size() : nl);
}

namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Whether text[at] opens a sentence: the start of the text or a line, after . ! ? : ; or
// after "please", "pls", "now" or "then".
bool opens_sentence(const std::string& text, size_t at) {
  size_t i = at;
  while (i > 0 && text[i - 1] == ' ') --i;
  if (i == 0) return true;
  const char c = text[i - 1];
  if (c == '\n' || c == '.' || c == '!' || c == '?' || c == ':' || c == ';') return true;
  size_t w = i;
  while (w > 0 && is_letter(text[w - 1])) --w;
  const std::string_view word(text.data() + w, i - w);
  return word == "please" || word == "pls" || word == "now" || word == "then";
}

}  // namespace

bool RuleSet::cue_before(unsigned rule, const std::string& text, Match& m) const {
  const TextRule& r = rules_[rule];
  if (cue_of_[rule] < 0) return true;
  if (r.cue_or_sentence_start && opens_sentence(text, m.begin)) return true;
  // From the line's newline (cues may start with [\n.!?]) or cue_reach back, whichever is nearer.
  const uint32_t ls = line_start(text, m.begin);
  size_t lo = ls > 0 ? ls - 1 : 0;
  if (m.begin > r.cue_reach) lo = std::max<size_t>(lo, m.begin - r.cue_reach);
  re2::StringPiece cue;
  if (!cue_res_[static_cast<size_t>(cue_of_[rule])]->Match(text, lo, m.begin, RE2::UNANCHORED, &cue, 1) ||
      cue.data() == nullptr)
    return false;
  m.begin = static_cast<uint32_t>(cue.data() - text.data());
  return true;
}

// Hyperscan reports where a match ends; RE2 finds where it begins, only for rules that hit.
uint32_t RuleSet::span_begin(unsigned rule, const std::string& text, uint32_t end) const {
  const uint32_t lo = end > kSpanWindow ? end - kSpanWindow : 0;
  re2::StringPiece m;
  if (span_res_[rule]->Match(text, lo, end, RE2::UNANCHORED, &m, 1) && m.data() != nullptr)
    return static_cast<uint32_t>(m.data() - text.data());
  return end > 64 ? end - 64 : 0;
}

bool RuleSet::next(unsigned rule, const std::string& text, size_t from, Match& out) const {
  if (from >= text.size()) return false;
  re2::StringPiece m;
  if (!span_res_[rule]->Match(text, from, text.size(), RE2::UNANCHORED, &m, 1) || m.data() == nullptr)
    return false;
  out.rule = rule;
  out.begin = static_cast<uint32_t>(m.data() - text.data());
  out.end = out.begin + static_cast<uint32_t>(std::max<size_t>(m.size(), 1));
  return true;
}

// RE2 runs the full rule around one trigger hit.
bool RuleSet::confirm(unsigned rule, const std::string& text, uint32_t at, RuleScratch& s, Match& out) const {
  const TextRule& r = rules_[rule];
  const size_t lo = at > r.reach_before ? at - r.reach_before : 0;
  const size_t hi = std::min<size_t>(text.size(), size_t{at} + r.reach_after);
  // The window's offset within its text is part of the key as seen from the trigger (`at - lo`),
  // so equal text around a different trigger position is not confused with this one.
  const uint64_t key = std::hash<std::string_view>{}(std::string_view(text).substr(lo, hi - lo)) ^
                       (uint64_t{rule} * 0x9E3779B97F4A7C15ULL) ^ (uint64_t{at - lo} << 48);
  if (s.refuted.count(key) != 0) return false;
  re2::StringPiece m;
  if (!span_res_[rule]->Match(text, lo, hi, RE2::UNANCHORED, &m, 1) || m.data() == nullptr) {
    s.refuted.insert(key);
    return false;
  }
  out.rule = rule;
  out.begin = static_cast<uint32_t>(m.data() - text.data());
  out.end = out.begin + static_cast<uint32_t>(m.size());
  return true;
}

}  // namespace bulwark::detect
