#include "detect/blocklist/matcher.h"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <set>

#include "detect/blocklist/word_boundary.h"
#include "text/normalize.h"

namespace bulwark::detect::blocklist {
namespace {

constexpr size_t kMaxHitsPerScan = 10000;     // bounds output on adversarial input
constexpr size_t kMaxRawRegexMatches = 100000;

struct LiteralEntry {
  uint32_t list;
  uint32_t len;
  bool left;   // the term's first character needs a word boundary before it
  bool right;
};

struct LiteralDb {
  hs_database_t* db = nullptr;
  std::vector<LiteralEntry> entries;
  LiteralDb() = default;
  LiteralDb(const LiteralDb&) = delete;
  LiteralDb& operator=(const LiteralDb&) = delete;
  ~LiteralDb() { hs_free_database(db); }
};

struct Re2Entry {
  std::unique_ptr<RE2> re;
  uint32_t list;
};

struct RawMatch {
  uint32_t id;
  uint32_t from;
  uint32_t to;
};

struct MatcherScratch final : DetectorScratch {
  hs_scratch_t* hs = nullptr;
  std::vector<RawMatch> matches;
  ~MatcherScratch() override { hs_free_scratch(hs); }
};

RE2::Options re2_options() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  return o;
}

std::string hs_message(hs_compile_error_t* err) {
  std::string m = err != nullptr && err->message != nullptr ? err->message : "unknown error";
  hs_free_compile_error(err);
  return m;
}

}  // namespace

struct BlocklistMatcher::Impl {
  std::vector<std::string> names;
  std::unique_ptr<LiteralDb> terms;      // scanned on the folded, skeleton and collapsed views
  hs_database_t* regex_db = nullptr;
  std::vector<uint32_t> regex_list;      // Hyperscan id -> list
  std::vector<Re2Entry> re2;
  hs_scratch_t* proto = nullptr;

  ~Impl() {
    hs_free_database(regex_db);
    hs_free_scratch(proto);
  }

  void add_hit(const TextView& view, uint32_t list, size_t b, size_t e, HitSink& out) const {
    Hit h;
    h.view = &view;
    h.begin = static_cast<uint32_t>(b);
    h.end = static_cast<uint32_t>(e);
    h.category = "blocklist";
    h.subtype = names[list];
    h.severity = 6;
    h.score = 1.0;
    h.sensitive = false;
    out.add(std::move(h));
  }
};

namespace {

using Impl = BlocklistMatcher::Impl;

struct LiteralCtx {
  const Impl* impl;
  const LiteralDb* db;
  const TextView* view;
  HitSink* out;
  size_t* budget;
};

int on_literal(unsigned id, unsigned long long, unsigned long long to, unsigned, void* p) {
  auto* c = static_cast<LiteralCtx*>(p);
  const LiteralEntry& e = c->db->entries[id];
  const size_t end = static_cast<size_t>(to);
  const size_t begin = end - e.len;
  if (!at_word_boundaries(c->view->text, begin, end, e.left, e.right)) return 0;
  c->impl->add_hit(*c->view, e.list, begin, end, *c->out);
  return --*c->budget == 0 ? 1 : 0;
}

int on_regex(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* p) {
  auto* m = static_cast<std::vector<RawMatch>*>(p);
  m->push_back({id, static_cast<uint32_t>(from), static_cast<uint32_t>(to)});
  return m->size() >= kMaxRawRegexMatches ? 1 : 0;
}

// Literal database for one normalization stage.
Result<std::unique_ptr<LiteralDb>> compile_literals(const std::vector<std::string>& terms,
                                                    const std::vector<uint32_t>& lists) {
  auto db = std::make_unique<LiteralDb>();
  std::vector<const char*> exprs;
  std::vector<size_t> lens;
  std::vector<unsigned> ids, flags;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (terms[i].empty()) continue;  // a term made only of invisible characters
    exprs.push_back(terms[i].data());
    lens.push_back(terms[i].size());
    ids.push_back(static_cast<unsigned>(db->entries.size()));
    flags.push_back(HS_FLAG_CASELESS);  // decoded payloads are not case-folded
    db->entries.push_back({lists[i], static_cast<uint32_t>(terms[i].size()),
                           needs_boundary(first_cp(terms[i])), needs_boundary(last_cp(terms[i]))});
  }
  if (exprs.empty()) return db;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                           static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db->db,
                           &err) != HS_SUCCESS)
    return invalid_argument("blocklist terms do not compile: " + hs_message(err));
  return db;
}

struct RegexItem {
  std::string pattern;
  uint32_t list;
  std::string where;   // "blocklist 'x' regexes[3]"
};

constexpr unsigned kRegexFlags = HS_FLAG_CASELESS | HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST;

hs_error_t compile_regex_db(const std::vector<const RegexItem*>& items, hs_database_t** db,
                            hs_compile_error_t** err) {
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < items.size(); ++i) {
    exprs.push_back(items[i]->pattern.c_str());
    flags.push_back(kRegexFlags);
    ids.push_back(static_cast<unsigned>(i));
  }
  return hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(items.size()),
                          HS_MODE_BLOCK, nullptr, db, err);
}

// Splits the regexes between one Hyperscan database and RE2. Every regex is first checked
// with RE2 so that errors read the same whichever engine ends up running it.
Status compile_regexes(const std::vector<RegexItem>& items, Impl& impl) {
  std::vector<const RegexItem*> hs_items;
  for (const auto& item : items) {
    RE2 re(item.pattern, re2_options());
    if (!re.ok()) return invalid_argument(item.where + " '" + item.pattern + "': " + re.error());
    if (RE2::FullMatch("", re))
      return invalid_argument(item.where + " '" + item.pattern + "' matches the empty string");
    hs_items.push_back(&item);
  }
  if (hs_items.empty()) return {};
  hs_compile_error_t* err = nullptr;
  if (compile_regex_db(hs_items, &impl.regex_db, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    // Find the ones Hyperscan rejects one by one, then build the database without them.
    std::vector<const RegexItem*> ok;
    for (const RegexItem* item : hs_items) {
      hs_database_t* one = nullptr;
      hs_compile_error_t* e1 = nullptr;
      if (hs_compile(item->pattern.c_str(), kRegexFlags, HS_MODE_BLOCK, nullptr, &one, &e1) == HS_SUCCESS) {
        ok.push_back(item);
        hs_free_database(one);
      } else {
        hs_free_compile_error(e1);
        impl.re2.push_back({std::make_unique<RE2>(item->pattern, re2_options()), item->list});
      }
    }
    hs_items = std::move(ok);
    impl.regex_db = nullptr;
    if (!hs_items.empty() && compile_regex_db(hs_items, &impl.regex_db, &err) != HS_SUCCESS) {
      // Together too large for Hyperscan although each compiles: RE2 takes them all.
      hs_free_compile_error(err);
      impl.regex_db = nullptr;
      for (const RegexItem* item : hs_items)
        impl.re2.push_back({std::make_unique<RE2>(item->pattern, re2_options()), item->list});
      hs_items.clear();
    }
  }
  for (const RegexItem* item : hs_items) impl.regex_list.push_back(item->list);
  return {};
}

}  // namespace

BlocklistMatcher::BlocklistMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BlocklistMatcher::~BlocklistMatcher() = default;

bool BlocklistMatcher::empty() const {
  return !impl_->terms && impl_->regex_db == nullptr && impl_->re2.empty();
}

Result<std::unique_ptr<const BlocklistMatcher>> BlocklistMatcher::compile(
    const std::vector<const Blocklist*>& lists) {
  auto impl = std::make_unique<Impl>();
  Stats stats;
  std::vector<std::string> stage_terms[3];
  std::vector<uint32_t> term_lists;
  std::vector<RegexItem> regexes;
  for (uint32_t li = 0; li < lists.size(); ++li) {
    const Blocklist& bl = *lists[li];
    impl->names.push_back(bl.name);
    for (const auto& t : bl.terms) {
      stage_terms[0].push_back(text::fold_text(t));
      stage_terms[1].push_back(text::skeleton_text(t));
      stage_terms[2].push_back(text::collapsed_text(t));
      term_lists.push_back(li);
    }
    for (size_t j = 0; j < bl.regexes.size(); ++j)
      regexes.push_back({bl.regexes[j], li, "blocklist '" + bl.name + "' regexes[" + std::to_string(j) + "]"});
  }
  if (!term_lists.empty()) {
    // One database for all three normalizations: a term's folded, skeleton and collapsed
    // forms are all canonical spellings of it, so any of them in any view is a hit. This
    // keeps compile time that of one database (10,000 terms) instead of three.
    std::vector<std::string> forms;
    std::vector<uint32_t> form_lists;
    std::set<std::pair<std::string_view, uint32_t>> seen;
    for (int st = 0; st < 3; ++st)
      for (size_t i = 0; i < term_lists.size(); ++i)
        if (seen.insert({stage_terms[st][i], term_lists[i]}).second) {
          forms.push_back(stage_terms[st][i]);
          form_lists.push_back(term_lists[i]);
        }
    auto db = compile_literals(forms, form_lists);
    if (!db.ok()) return db.status();
    impl->terms = std::move(db).value();
    stats.terms = impl->terms->entries.size();
    stats.term_databases = impl->terms->db != nullptr ? 1 : 0;
  }
  BULWARK_RETURN_IF_ERROR(compile_regexes(regexes, *impl));
  stats.hyperscan_regexes = impl->regex_list.size();
  stats.re2_regexes = impl->re2.size();
  // One prototype scratch big enough for every database; threads clone it.
  if (impl->terms && impl->terms->db && hs_alloc_scratch(impl->terms->db, &impl->proto) != HS_SUCCESS)
      return internal_error("blocklist: cannot allocate Hyperscan scratch");
  if (impl->regex_db && hs_alloc_scratch(impl->regex_db, &impl->proto) != HS_SUCCESS)
    return internal_error("blocklist: cannot allocate Hyperscan scratch");
  auto m = std::unique_ptr<BlocklistMatcher>(new BlocklistMatcher(std::move(impl)));
  m->stats_ = stats;
  return std::unique_ptr<const BlocklistMatcher>(std::move(m));
}

std::unique_ptr<DetectorScratch> BlocklistMatcher::new_scratch() const {
  auto s = std::make_unique<MatcherScratch>();
  if (impl_->proto != nullptr && hs_clone_scratch(impl_->proto, &s->hs) != HS_SUCCESS) s->hs = nullptr;
  return s;
}

Status BlocklistMatcher::scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const {
  if (empty()) return {};
  auto* s = dynamic_cast<MatcherScratch*>(scratch);
  if (s == nullptr || (impl_->proto != nullptr && s->hs == nullptr))
    return internal_error("blocklist: missing Hyperscan scratch");
  size_t budget = kMaxHitsPerScan;

  auto scan_literals = [&](const LiteralDb* db, const TextView& view) -> Status {
    if (db == nullptr || db->db == nullptr || budget == 0) return {};
    LiteralCtx c{impl_.get(), db, &view, &out, &budget};
    hs_error_t rc = hs_scan(db->db, view.text.data(), static_cast<unsigned>(view.text.size()), 0,
                            s->hs, on_literal, &c);
    if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
      return internal_error("blocklist: Hyperscan scan failed (" + std::to_string(rc) + ")");
    return {};
  };

  auto scan_regexes = [&](const TextView& view) -> Status {
    if (impl_->regex_db != nullptr && budget > 0) {
      s->matches.clear();
      hs_error_t rc = hs_scan(impl_->regex_db, view.text.data(), static_cast<unsigned>(view.text.size()),
                              0, s->hs, on_regex, &s->matches);
      if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
        return internal_error("blocklist: Hyperscan scan failed (" + std::to_string(rc) + ")");
      // Hyperscan reports every end of a match ("bad\w+" on "badword": 4 ends); keep the
      // longest match per start.
      auto& m = s->matches;
      std::sort(m.begin(), m.end(), [](const RawMatch& a, const RawMatch& b) {
        return a.id != b.id ? a.id < b.id : a.from != b.from ? a.from < b.from : a.to > b.to;
      });
      for (size_t i = 0; i < m.size() && budget > 0;) {
        size_t j = i + 1;
        uint32_t to = m[i].to;
        while (j < m.size() && m[j].id == m[i].id && m[j].from < to) to = std::max(to, m[j++].to);
        impl_->add_hit(view, impl_->regex_list[m[i].id], m[i].from, to, out);
        --budget;
        i = j;
      }
    }
    for (const auto& r : impl_->re2) {
      const std::string& t = view.text;
      re2::StringPiece input(t.data(), t.size());
      re2::StringPiece match;
      size_t pos = 0;
      while (budget > 0 && pos <= t.size() &&
             r.re->Match(input, pos, t.size(), RE2::UNANCHORED, &match, 1)) {
        size_t b = static_cast<size_t>(match.data() - t.data());
        size_t e = b + match.size();
        if (e == b) {
          pos = b + 1;
          continue;
        }
        impl_->add_hit(view, r.list, b, e, out);
        --budget;
        pos = e;
      }
    }
    return {};
  };

  // The same text gives the same hits: skip a view equal to an earlier one (the stub
  // pipeline makes all views equal; real ones differ only on obfuscated input).
  const TextView* views[3] = {ctx.folded_view, ctx.skeleton_view, ctx.collapsed_view};
  for (int v = 0; v < 3; ++v) {
    if (views[v] == nullptr) continue;
    bool dup = false;
    for (int u = 0; u < v; ++u) dup = dup || (views[u] != nullptr && views[u]->text == views[v]->text);
    if (!dup) BULWARK_RETURN_IF_ERROR(scan_literals(impl_->terms.get(), *views[v]));
  }
  if (ctx.folded_view != nullptr) BULWARK_RETURN_IF_ERROR(scan_regexes(*ctx.folded_view));
  for (const TextView* d : ctx.decoded) {
    BULWARK_RETURN_IF_ERROR(scan_literals(impl_->terms.get(), *d));
    BULWARK_RETURN_IF_ERROR(scan_regexes(*d));
  }
  return {};
}

}  // namespace bulwark::detect::blocklist
