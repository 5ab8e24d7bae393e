#include "detect/attack/heuristics.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "detect/attack/patterns.h"
#include "detect/rules/rule_set.h"

namespace bulwark::detect {
namespace {

// A quoted mention may be followed by the same instruction outside quotes; this many later
// matches are looked at (bounded work on hostile input).
constexpr int kMaxUnquotedTries = 64;

// Compiled once per process: the rules are fixed at build time, so every Engine shares one
// database (compiling it per Engine::compile cost seconds of CPU in every test).
const RuleSet& compiled_rules() {
  static const RuleSet compiled(attack_rules());
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

class AttackHeuristics final : public Detector {
 public:
  explicit AttackHeuristics(const RuleSet& rules) : rules_(rules) {}

  std::string_view id() const override { return "attack.heuristics"; }
  RoleSet default_roles() const override {
    return roles_of({Role::kUser, Role::kDocument, Role::kToolResult});
  }
  std::unique_ptr<DetectorScratch> new_scratch() const override { return rules_.new_scratch(); }

  Status scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const override {
    auto* s = dynamic_cast<RuleScratch*>(scratch);
    if (s == nullptr) return internal_error("attack.heuristics: no scratch");
    s->begin_scan();
    return for_each_rule_view(ctx, [&](const TextView& v) { return scan_view(v, *s, out); });
  }

 private:
  Status scan_view(const TextView& view, RuleScratch& s, HitSink& out) const {
    std::vector<RuleSet::Match>& found = s.found;
    found.clear();
    if (Status st = rules_.find(view.text, s, found); !st.ok())
      return internal_error("attack.heuristics: " + st.message());
    const auto& rules = rules_.rules();
    // A rule found inside a decoded payload is an instruction someone hid from the reader.
    const bool smuggled = view.depth > 0;
    int discussion = -1;  // computed on the first quoted hit
    for (RuleSet::Match m : found) {
      const TextRule& rule = rules[m.rule];
      if (!smuggled && inside_quotes(view.text, m.begin, m.end)) {
        if (discussion < 0) discussion = discusses_attacks(view.text) ? 1 : 0;
        // A quoted mention does not excuse a real instruction later in the same text.
        if (discussion == 1 && !next_unquoted(view.text, m)) continue;
      }
      Hit h;
      h.view = &view;
      h.begin = m.begin;
      h.end = m.end;
      h.category = "prompt_attack";
      h.subtype = smuggled ? "hidden_smuggling" : rule.subtype;
      h.severity = smuggled ? 6 : rule.severity;
      h.score = smuggled ? std::min(1.0, rule.score + 0.05) : rule.score;
      h.sensitive = false;
      out.add(std::move(h));
    }
    return {};
  }

  // Looks for a later match of the same rule outside quotes; moves m onto it.
  bool next_unquoted(const std::string& text, RuleSet::Match& m) const {
    for (int tries = 0; tries < kMaxUnquotedTries; ++tries) {
      if (!rules_.next(m.rule, text, m.end, m)) return false;
      if (!inside_quotes(text, m.begin, m.end)) return true;
    }
    return false;
  }

  const RuleSet& rules_;
};

}  // namespace

Result<DetectorPtr> make_attack_heuristics_detector(const DetectorSpec&) {
  const RuleSet& rules = compiled_rules();
  if (!rules.error().empty()) return internal_error("attack.heuristics: " + rules.error());
  return DetectorPtr(new AttackHeuristics(rules));
}

}  // namespace bulwark::detect
