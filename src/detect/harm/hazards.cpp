#include "detect/harm/hazards.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "detect/harm/hazard_rules.h"
#include "detect/rules/rule_set.h"
#include "text/leet.h"

namespace bulwark::detect {
namespace {

const RuleSet& compiled_rules() {
  static const RuleSet compiled(hazard_rules());
  return compiled;
}

std::string_view next_word(const std::string& text, uint32_t end) {
  size_t i = end;
  while (i < text.size() && (text[i] == ' ' || text[i] == '-')) ++i;
  size_t j = i;
  while (j < text.size() && text[j] >= 'a' && text[j] <= 'z') ++j;
  return std::string_view(text.data() + i, j - i);
}

// A word right after the agent that turns the request into one about defence, treatment or
// something else that shares the name ("make a ricin antidote", "build a bomb shelter",
// "make heroin addiction easier to beat").
bool excused_by_next_word(const std::string& text, uint32_t end) {
  static constexpr std::array<std::string_view, 72> kExcuses = {
      "antidote",   "antidotes", "vaccine",     "vaccines",   "vaccination", "treatment",  "treatments",
      "therapy",    "detector",  "detectors",   "detection",  "test",        "tests",      "testing",
      "strips",     "sensor",    "sensors",     "addiction",  "addicts",     "addict",     "withdrawal",
      "overdose",   "overdoses", "poisoning",   "exposure",   "survivors",   "victims",    "awareness",
      "prevention", "defense",   "defence",     "protection", "detox",       "recovery",   "rehab",
      "users",      "abuse",     "shelter",     "shelters",   "disposal",    "squad",      "proof",
      "treaty",     "ban",       "disarmament", "costume",    "emoji",       "themed",     "inspired",
      "style",      "shaped",    "flavored",    "scented",    "response",    "incident",   "scanner",
      "scanners",   "removal",   "remover",     "cleaner",    "classifier",  "analysis",   "analyzer",
      "sandbox",    "signature", "signatures",  "definition", "definitions", "simulation", "simulator",
      "training",   "report"};
  const std::string_view word = next_word(text, end);
  return !word.empty() && std::find(kExcuses.begin(), kExcuses.end(), word) != kExcuses.end();
}

// Whether a word in text[begin, end) starts with one of the stems.
template <size_t N>
bool has_word_starting_with(const std::string& text, uint32_t begin, uint32_t end,
                            const std::array<std::string_view, N>& stems) {
  const std::string_view span(text.data() + begin, end - begin);
  for (std::string_view stem : stems) {
    for (size_t at = span.find(stem); at != std::string_view::npos; at = span.find(stem, at + 1)) {
      if (at == 0 || !(span[at - 1] >= 'a' && span[at - 1] <= 'z')) return true;
    }
  }
  return false;
}

// Sexual words beside a minor are also how people ask about protecting children, sex
// education, the law and medicine; any of these words in the matched request drops it.
bool protective_request(const std::string& text, uint32_t begin, uint32_t end) {
  static constexpr std::array<std::string_view, 33> kStems = {
      "abus",     "exploitation", "educat",    "protect",  "prevent",   "safe",    "report",
      "predator", "groom",        "awareness", "offender", "consent",   "talk to", "talk with",
      "explain",  "teach",        "puberty",   "health",   "pediatric", "doctor",  "therap",
      "sign",     "survivor",     "victim",    "law",      "legal",     "illegal", "detect",
      "moderat",  "filter",       "block",     "stop",     "warn"};
  return has_word_starting_with(text, begin, end, kStems);
}

// "cut myself some bangs", "kill myself in Minecraft", "cut myself a slice": the word after a
// self-harm phrase that makes it about something else.
bool other_sense_of_self_harm(const std::string& text, uint32_t end) {
  static constexpr std::array<std::string_view, 12> kNext = {
      "a", "an", "some", "bangs", "fringe", "hair", "slack", "off", "free", "loose", "short", "in"};
  return std::find(kNext.begin(), kNext.end(), next_word(text, end)) != kNext.end();
}

// Security teams write phishing e-mails for awareness training, film crews print prop money,
// teachers explain how scams work: any of these words in a fraud request drops it.
bool training_or_prop(const std::string& text, uint32_t begin, uint32_t end) {
  static constexpr std::array<std::string_view, 22> kStems = {
      "awareness", "training", "simulat", "exercise", "example", "recogni",    "spot", "identify",
      "detect",    "employee", "staff",   "educat",   "teach",   "demonstrat", "prop", "movie",
      "film",      "game",     "protect", "prevent",  "avoid",   "report"};
  return has_word_starting_with(text, begin, end, kStems);
}

// A refusal restates what it refuses ("I'm sorry, but I can't provide instructions for making
// methamphetamine"): a first-person refusal earlier on the line drops the match, so a model's
// safe answer is not blocked as the harm it declines.
bool refused(const std::string& text, uint32_t begin) {
  static constexpr std::array<std::string_view, 17> kRefusals = {
      "i can't",        "i cannot",     "i can not",        "i won't",           "i will not", "i'm unable",
      "i am unable",    "i'm not able", "i am not able",    "i'm sorry",         "i am sorry", "sorry, but",
      "i must decline", "i refuse",     "i'm not going to", "i am not going to", "as an ai"};
  const uint32_t from = line_start(text, begin);
  const std::string_view before(text.data() + from, begin - from);
  for (std::string_view r : kRefusals)
    if (before.find(r) != std::string_view::npos) return true;
  return false;
}

// A hateful statement on a line that reports, questions or denies it ("it is false that
// immigrants are criminals", "why do people say ...", "my teacher said ... and I disagree").
bool reported_or_denied(const std::string& text, uint32_t begin, uint32_t end) {
  static constexpr std::array<std::string_view, 24> kStems = {
      "not",   "never",    "false", "wrong",   "myth",  "stereotyp", "claim",   "say",
      "said",  "saying",   "says",  "believe", "think", "called",    "calling", "why",
      "is it", "are they", "racis", "sexis",   "hate",  "disagree",  "respond", "debunk"};
  return has_word_starting_with(text, begin, end, kStems) ||
         std::string_view(text).substr(begin, end - begin).find("n't") != std::string_view::npos;
}

// Games, fiction and prevention share the verbs of violence: any of these words on the line
// drops a violence match ("how do I kill someone in Minecraft", "how can schools prevent a
// school shooting").
bool fiction_game_or_prevention(const std::string& text, uint32_t begin, uint32_t end) {
  static constexpr std::array<std::string_view, 26> kStems = {
      "minecraft", "game", "gta",      "fortnite", "roblox",    "skyrim",  "novel",   "story", "stories",
      "movie",     "film", "roleplay", "script",   "character", "fiction", "book",    "dnd",   "d&d",
      "campaign",  "rpg",  "prevent",  "protect",  "stop",      "surviv",  "history", "report"};
  return has_word_starting_with(text, begin, end, kStems);
}

// Whether the context around a match makes it something other than the harm it names.
bool excused(const TextRule& rule, const std::string& text, const RuleMatch& m) {
  if (excused_by_next_word(text, m.end) || refused(text, m.begin)) return true;
  const std::string_view subtype = rule.subtype;
  const uint32_t from = line_start(text, m.begin), to = line_end(text, m.end);
  if (subtype == "sexual_minors") return protective_request(text, m.begin, m.end);
  if (subtype == "self_harm") return other_sense_of_self_harm(text, m.end);
  if (subtype == "fraud") return training_or_prop(text, m.begin, to);
  if (subtype == "violence" || subtype == "harassment") return fiction_game_or_prevention(text, from, to);
  // A statement (no request before it) of hate may be quoted to be refuted.
  if (subtype == "hate" && rule.cue.empty()) return reported_or_denied(text, from, to);
  return false;
}

// Leetspeak that turns whole short words into digits ("h0w 70 m4k3 4 b0mb"): the pipeline's
// leet folding leaves a token of digits alone ("2024", "4 kB" must stay numbers), so "70" and
// "4" stay and the rules, which read words, miss the request. When a view holds at least two
// words it folded from leetspeak (letters and digits mixed in the original) and short tokens
// made only of leet digits, this copy of the view maps those tokens too (same length, so the
// offsets stay the view's).
bool deep_leet(const TextView& folded, const TextView& view, TextView& out) {
  // Leet digits only: "@" and "$" alone are not words.
  auto leet = [](char c) -> char { return c >= '0' && c <= '9' ? text::leet_letter(c) : 0; };
  auto word_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  // Calls fn(begin, end) for each short token of the view made only of leet digits.
  auto for_each_short_token = [&](const std::string& t, auto&& fn) {
    for (size_t i = 0; i < t.size();) {
      size_t j = i;
      while (j < t.size() && leet(t[j]) != 0) ++j;
      if (j > i && j - i <= 3 && (i == 0 || !word_char(t[i - 1])) && (j == t.size() || !word_char(t[j])))
        fn(i, j);
      i = j == i ? i + 1 : j;
    }
  };
  // Words of the folded view with a leet digit between two letters ("h0w", "m4k3", "b0mb"; not
  // "14th", "45l", "mp3", "4kb"). Checked first: prose has few digits, and the search for one
  // skips eight bytes at a time.
  int mixed = 0;
  const std::string& f = folded.text;
  auto letter = [](char c) { return c >= 'a' && c <= 'z'; };
  for (size_t i = text::find_low_digit(f, 1); i + 1 < f.size() && mixed < 2;
       i = text::find_low_digit(f, i + 1)) {
    if (leet(f[i]) == 0 || !letter(f[i - 1]) || !letter(f[i + 1])) continue;
    ++mixed;
    while (i + 1 < f.size() && word_char(f[i + 1])) ++i;  // one count per word
  }
  if (mixed < 2) return false;
  bool any = false;
  for_each_short_token(view.text, [&](size_t, size_t) { any = true; });
  if (!any) return false;
  out = view;
  for_each_short_token(out.text, [&](size_t b, size_t e) {
    for (size_t k = b; k < e; ++k) out.text[k] = leet(out.text[k]);
  });
  return true;
}

class HazardScratch final : public DetectorScratch {
 public:
  explicit HazardScratch(std::unique_ptr<RuleScratch> rules) : rules(std::move(rules)) {}
  std::unique_ptr<RuleScratch> rules;
  TextView deep_leet;  // see deep_leet(); hits in it point here until the next scan
};

class HazardDetector final : public Detector {
 public:
  explicit HazardDetector(const RuleSet& rules) : rules_(rules) {}

  std::string_view id() const override { return "harm.hazards"; }
  RoleSet default_roles() const override { return roles_of({Role::kUser, Role::kAssistant}); }
  std::unique_ptr<DetectorScratch> new_scratch() const override {
    auto rules = rules_.new_scratch();
    if (rules == nullptr) return nullptr;
    return std::make_unique<HazardScratch>(std::move(rules));
  }

  Status scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const override {
    auto* s = dynamic_cast<HazardScratch*>(scratch);
    if (s == nullptr || s->rules == nullptr) return internal_error("harm.hazards: no scratch");
    s->rules->begin_scan();
    BULWARK_RETURN_IF_ERROR(
        for_each_rule_view(ctx, [&](const TextView& v) { return scan_view(v, *s->rules, out); }));
    const TextView* last = ctx.collapsed_view != nullptr ? ctx.collapsed_view : ctx.skeleton_view;
    if (ctx.folded_view != nullptr && last != nullptr && deep_leet(*ctx.folded_view, *last, s->deep_leet))
      return scan_view(s->deep_leet, *s->rules, out);
    return {};
  }

 private:
  Status scan_view(const TextView& view, RuleScratch& s, HitSink& out) const {
    s.found.clear();
    if (Status st = rules_.find(view.text, s, s.found); !st.ok())
      return internal_error("harm.hazards: " + st.message());
    for (RuleMatch m : s.found) {
      const TextRule& rule = rules_.rules()[m.rule];
      if (excused(rule, view.text, m)) continue;
      Hit h;
      h.view = &view;
      h.begin = m.begin;
      h.end = m.end;
      h.category = std::string(hazard_category(rule.subtype));
      h.subtype = rule.subtype;
      h.severity = rule.severity;
      h.score = rule.score;
      h.sensitive = false;
      out.add(std::move(h));
    }
    return {};
  }

  const RuleSet& rules_;
};

}  // namespace

Result<DetectorPtr> make_hazards_detector(const DetectorSpec&) {
  const RuleSet& rules = compiled_rules();
  if (!rules.error().empty()) return internal_error("harm.hazards: " + rules.error());
  return DetectorPtr(new HazardDetector(rules));
}

}  // namespace bulwark::detect
