#include "detect/attack/heuristics.h"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "detect/attack/patterns.h"

namespace bulwark::detect {
namespace {

// The longest text one rule can span is a few hundred bytes; the RE2 pass that finds where
// a match begins looks back this far from where Hyperscan saw it end.
constexpr uint32_t kSpanWindow = 2048;
// A rule with a trigger is confirmed by RE2 near each trigger hit (AttackRule::reach_*), at
// most kMaxConfirmations times per view (bounded work on hostile input).
constexpr int kMaxConfirmations = 64;

// Compiled once per process: the rules are fixed at build time, so every Engine shares one
// database (compiling it per Engine::compile cost seconds of CPU in every test).
struct CompiledRules {
  hs_database_t* db = nullptr;
  hs_scratch_t* prototype = nullptr;
  std::vector<std::unique_ptr<RE2>> span_res;   // same order as attack_rules()
  std::string error;

  CompiledRules() {
    const auto& rules = attack_rules();
    std::vector<const char*> exprs;
    std::vector<unsigned> flags, ids;
    for (size_t i = 0; i < rules.size(); ++i) {
      // A triggered rule reports every trigger: the first one may not confirm.
      const bool triggered = !rules[i].trigger.empty();
      exprs.push_back(triggered ? rules[i].trigger.c_str() : rules[i].regex.c_str());
      flags.push_back(HS_FLAG_CASELESS | (triggered ? 0u : HS_FLAG_SINGLEMATCH));
      ids.push_back(static_cast<unsigned>(i));
      RE2::Options opt;
      opt.set_case_sensitive(false);
      opt.set_log_errors(false);
      auto re = std::make_unique<RE2>(rules[i].regex, opt);
      if (!re->ok() && error.empty()) error = "rule " + rules[i].id + ": RE2: " + re->error();
      span_res.push_back(std::move(re));
    }
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                         HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
      std::string where = err != nullptr && err->expression >= 0
                              ? rules[static_cast<size_t>(err->expression)].id
                              : std::string("?");
      error = "rule " + where + ": Hyperscan: " + (err != nullptr ? err->message : "unknown error");
      hs_free_compile_error(err);
      db = nullptr;
      return;
    }
    if (hs_alloc_scratch(db, &prototype) != HS_SUCCESS) error = "Hyperscan scratch allocation failed";
  }
  ~CompiledRules() {
    hs_free_scratch(prototype);
    hs_free_database(db);
  }
  CompiledRules(const CompiledRules&) = delete;
  CompiledRules& operator=(const CompiledRules&) = delete;
};

const CompiledRules& compiled_rules() {
  static const CompiledRules compiled;
  return compiled;
}

// ---- Quoted mentions in discussions about attacks ----
// "How do I stop prompts like 'ignore previous instructions'?" names an attack without
// making one. A hit is treated as a mention when it sits inside quotes on its line and the
// text talks about attacks; an attacker can use this to get one quoted phrase through, which
// the learned detector is there to catch.

bool is_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Length of an opening quote ending just before `at` (0 if none): ", `, “, or a ' that
// does not follow a letter (so "don't" opens nothing).
size_t opening_quote_before(const std::string& t, size_t at) {
  if (at >= 3 && t.compare(at - 3, 3, "\xE2\x80\x9C") == 0) return 3;
  if (at >= 3 && t.compare(at - 3, 3, "\xE2\x80\x98") == 0) return 3;
  if (at == 0) return 0;
  unsigned char c = static_cast<unsigned char>(t[at - 1]);
  if (c == '"' || c == '`') return 1;
  if (c == '\'' && (at == 1 || !is_alnum(static_cast<unsigned char>(t[at - 2])))) return 1;
  return 0;
}

size_t closing_quote_at(const std::string& t, size_t at) {
  if (t.compare(at, 3, "\xE2\x80\x9D") == 0 || t.compare(at, 3, "\xE2\x80\x99") == 0) return 3;
  unsigned char c = static_cast<unsigned char>(t[at]);
  if (c == '"' || c == '`') return 1;
  if (c == '\'' && (at + 1 >= t.size() || !is_alnum(static_cast<unsigned char>(t[at + 1])))) return 1;
  return 0;
}

bool inside_quotes(const std::string& t, uint32_t begin, uint32_t end) {
  constexpr size_t kReach = 160;
  bool opened = false;
  for (size_t i = begin, n = 0; i > 0 && n < kReach && t[i - 1] != '\n'; --i, ++n) {
    if (opening_quote_before(t, i) > 0) {
      opened = true;
      break;
    }
    if (closing_quote_at(t, i - 1) > 0 && t[i - 1] != '\'') return false;  // a quote closed first
  }
  if (!opened) return false;
  for (size_t i = end, n = 0; i < t.size() && n < kReach && t[i] != '\n'; ++i, ++n)
    if (closing_quote_at(t, i) > 0) return true;
  return false;
}

bool discusses_attacks(const std::string& lower) {
  static const char* const kMarkers[] = {
      "prompt injection", "prompt-injection", "injection attack", "jailbreak attack",
      "jailbreak prompt", "attacks like",     "attack like",      "attacks such as",
      "phrases like",     "phrase like",      "red team",         "red-team",
      "classifier",       "detect"};
  for (const char* m : kMarkers)
    if (lower.find(m) != std::string::npos) return true;
  return false;
}

struct Match {
  unsigned rule;
  uint32_t end;
};

class AttackScratch final : public DetectorScratch {
 public:
  explicit AttackScratch(hs_scratch_t* hs) : hs_(hs) {}
  ~AttackScratch() override { hs_free_scratch(hs_); }
  hs_scratch_t* hs() const { return hs_; }
  std::vector<Match> matches;
  std::vector<uint8_t> reported;     // per rule, for the current view
  std::vector<uint8_t> confirmations;
  // (rule, window text) pairs RE2 refuted during this scan. The folded, skeleton and collapsed
  // views of ordinary prose are mostly the same text, so a trigger window refuted in one view
  // is usually byte-identical in the next; the cache spares RE2 that repeat.
  std::unordered_set<uint64_t> refuted;

 private:
  hs_scratch_t* hs_;
};

int on_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  static_cast<std::vector<Match>*>(ctx)->push_back({id, static_cast<uint32_t>(to)});
  return 0;
}

class AttackHeuristics final : public Detector {
 public:
  explicit AttackHeuristics(const CompiledRules& rules) : rules_(rules) {}

  std::string_view id() const override { return "attack.heuristics"; }
  RoleSet default_roles() const override {
    return roles_of({Role::kUser, Role::kDocument, Role::kToolResult});
  }
  std::unique_ptr<DetectorScratch> new_scratch() const override {
    hs_scratch_t* s = nullptr;
    if (hs_clone_scratch(rules_.prototype, &s) != HS_SUCCESS) return nullptr;
    return std::make_unique<AttackScratch>(s);
  }

  Status scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const override {
    auto* s = dynamic_cast<AttackScratch*>(scratch);
    if (s == nullptr || s->hs() == nullptr) return internal_error("attack.heuristics: no scratch");
    // The normalized views are built from one another; scanning an identical copy twice
    // would only find the same hits again.
    s->refuted.clear();
    const TextView* prev = nullptr;
    for (const TextView* v : {ctx.folded_view, ctx.skeleton_view, ctx.collapsed_view}) {
      if (v == nullptr || (prev != nullptr && v->text == prev->text)) continue;
      prev = v;
      BULWARK_RETURN_IF_ERROR(scan_view(*v, *s, out));
    }
    for (const TextView* v : ctx.decoded) BULWARK_RETURN_IF_ERROR(scan_view(*v, *s, out));
    return {};
  }

 private:
  Status scan_view(const TextView& view, AttackScratch& s, HitSink& out) const {
    if (view.text.empty()) return {};
    s.matches.clear();
    hs_error_t rc = hs_scan(rules_.db, view.text.data(), static_cast<unsigned>(view.text.size()), 0,
                            s.hs(), on_match, &s.matches);
    if (rc != HS_SUCCESS) return internal_error("attack.heuristics: hs_scan failed (" + std::to_string(rc) + ")");
    const auto& rules = attack_rules();
    // A rule found inside a decoded payload is an instruction someone hid from the reader.
    const bool smuggled = view.depth > 0;
    int discussion = -1;  // computed on the first quoted hit
    s.reported.assign(rules.size(), 0);
    s.confirmations.assign(rules.size(), 0);
    for (const Match& m : s.matches) {
      const AttackRule& rule = rules[m.rule];
      if (s.reported[m.rule]) continue;
      Hit h;
      h.view = &view;
      if (rule.trigger.empty()) {
        h.end = m.end;
        h.begin = span_begin(m.rule, view.text, m.end);
      } else {
        if (s.confirmations[m.rule]++ >= kMaxConfirmations) continue;
        if (!confirm(m.rule, view.text, m.end, s.refuted, h.begin, h.end)) continue;
      }
      s.reported[m.rule] = 1;
      if (!smuggled && inside_quotes(view.text, h.begin, h.end)) {
        if (discussion < 0) discussion = discusses_attacks(view.text) ? 1 : 0;
        // A quoted mention does not excuse a real instruction later in the same text.
        if (discussion == 1 && !next_unquoted(m.rule, view.text, h.begin, h.end)) continue;
      }
      h.category = "prompt_attack";
      h.subtype = smuggled ? "hidden_smuggling" : rule.subtype;
      h.severity = smuggled ? 6 : rule.severity;
      h.score = smuggled ? std::min(1.0, rule.score + 0.05) : rule.score;
      h.sensitive = false;
      out.add(std::move(h));
    }
    return {};
  }

  // Hyperscan reports where a match ends; RE2 finds where it begins, only for rules that hit.
  uint32_t span_begin(unsigned rule, const std::string& text, uint32_t end) const {
    const uint32_t lo = end > kSpanWindow ? end - kSpanWindow : 0;
    re2::StringPiece m;
    if (rules_.span_res[rule]->Match(text, lo, end, RE2::UNANCHORED, &m, 1) && m.data() != nullptr)
      return static_cast<uint32_t>(m.data() - text.data());
    return end > 64 ? end - 64 : 0;
  }

  // Looks for a later match of the rule outside quotes; moves [begin, end) onto it.
  bool next_unquoted(unsigned rule, const std::string& text, uint32_t& begin, uint32_t& end) const {
    for (int tries = 0; tries < kMaxConfirmations && end < text.size(); ++tries) {
      re2::StringPiece m;
      if (!rules_.span_res[rule]->Match(text, end, text.size(), RE2::UNANCHORED, &m, 1) ||
          m.data() == nullptr)
        return false;
      begin = static_cast<uint32_t>(m.data() - text.data());
      end = begin + static_cast<uint32_t>(std::max<size_t>(m.size(), 1));
      if (!inside_quotes(text, begin, end)) return true;
    }
    return false;
  }

  // RE2 runs the full rule around one trigger hit.
  bool confirm(unsigned rule, const std::string& text, uint32_t at, std::unordered_set<uint64_t>& refuted,
               uint32_t& begin, uint32_t& end) const {
    const AttackRule& r = attack_rules()[rule];
    const size_t lo = at > r.reach_before ? at - r.reach_before : 0;
    const size_t hi = std::min<size_t>(text.size(), size_t{at} + r.reach_after);
    // The window's offset within its view is part of the key as seen from the trigger (`at - lo`),
    // so equal text around a different trigger position is not confused with this one.
    const uint64_t key = std::hash<std::string_view>{}(std::string_view(text).substr(lo, hi - lo)) ^
                         (uint64_t{rule} * 0x9E3779B97F4A7C15ULL) ^ (uint64_t{at - lo} << 48);
    if (refuted.count(key) != 0) return false;
    re2::StringPiece m;
    if (!rules_.span_res[rule]->Match(text, lo, hi, RE2::UNANCHORED, &m, 1) || m.data() == nullptr) {
      refuted.insert(key);
      return false;
    }
    begin = static_cast<uint32_t>(m.data() - text.data());
    end = begin + static_cast<uint32_t>(m.size());
    return true;
  }

  const CompiledRules& rules_;
};

}  // namespace

Result<DetectorPtr> make_attack_heuristics_detector(const DetectorSpec&) {
  const CompiledRules& rules = compiled_rules();
  if (!rules.error.empty()) return internal_error("attack.heuristics: " + rules.error);
  return DetectorPtr(new AttackHeuristics(rules));
}

}  // namespace bulwark::detect
