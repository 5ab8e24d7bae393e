#include "detect/secrets/matcher.h"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>

#include "detect/secrets/confirm.h"

namespace bulwark::detect::secrets {

class MatcherScratch {
 public:
  hs_scratch_t* hs = nullptr;
  std::vector<uint8_t> seen;  // per format row: occurs in the last prefiltered text
  std::vector<Candidate> pending;
  ~MatcherScratch() {
    if (hs != nullptr) hs_free_scratch(hs);
  }
};

void MatcherScratchDeleter::operator()(MatcherScratch* s) const { delete s; }

struct SecretMatcher::Impl {
  hs_database_t* db = nullptr;
  std::vector<std::unique_ptr<RE2>> re2;
  std::vector<uint8_t> always;  // rows Hyperscan could not compile: always confirmed with RE2
  ~Impl() {
    if (db != nullptr) hs_free_database(db);
  }
};

SecretMatcher::SecretMatcher(std::unique_ptr<Impl> impl, size_t fallback_count)
    : impl_(std::move(impl)), fallback_count_(fallback_count) {}
SecretMatcher::~SecretMatcher() = default;

Result<std::unique_ptr<SecretMatcher>> SecretMatcher::compile() {
  const auto& formats = secret_formats();
  auto impl = std::make_unique<Impl>();
  impl->always.assign(formats.size(), 0);
  for (const auto& f : formats) {
    RE2::Options opt;
    opt.set_encoding(RE2::Options::EncodingLatin1);
    opt.set_case_sensitive(!f.caseless);
    opt.set_log_errors(false);
    auto re = std::make_unique<RE2>(std::string(f.regex), opt);
    if (!re->ok())
      return internal_error("secret format '" + std::string(f.subtype) + "' does not compile under RE2: " +
                            re->error());
    impl->re2.push_back(std::move(re));
  }

  std::vector<std::string> exprs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < formats.size(); ++i) {
    exprs.emplace_back(formats[i].prefilter.empty() ? formats[i].regex : formats[i].prefilter);
    flags.push_back(HS_FLAG_SINGLEMATCH | (formats[i].caseless ? HS_FLAG_CASELESS : 0u));
    ids.push_back(static_cast<unsigned>(i));
  }
  size_t fallbacks = 0;
  // A pattern Hyperscan rejects is retried as a prefilter, then left to RE2 alone.
  while (!exprs.empty()) {
    std::vector<const char*> ptrs;
    for (const auto& e : exprs) ptrs.push_back(e.c_str());
    hs_compile_error_t* err = nullptr;
    hs_error_t rc = hs_compile_multi(ptrs.data(), flags.data(), ids.data(), static_cast<unsigned>(ptrs.size()),
                                     HS_MODE_BLOCK, nullptr, &impl->db, &err);
    if (rc == HS_SUCCESS) break;
    int bad = err != nullptr ? err->expression : -1;
    if (err != nullptr) hs_free_compile_error(err);
    if (bad < 0) return internal_error("Hyperscan could not compile the secrets database");
    if ((flags[bad] & HS_FLAG_PREFILTER) == 0) {
      flags[bad] |= HS_FLAG_PREFILTER;
    } else {
      impl->always[ids[bad]] = 1;
      exprs.erase(exprs.begin() + bad);
      flags.erase(flags.begin() + bad);
      ids.erase(ids.begin() + bad);
    }
    ++fallbacks;
  }
  return std::unique_ptr<SecretMatcher>(new SecretMatcher(std::move(impl), fallbacks));
}

Result<const SecretMatcher*> SecretMatcher::instance() {
  static const Result<std::unique_ptr<SecretMatcher>> compiled = compile();
  if (!compiled.ok()) return compiled.status();
  return compiled.value().get();
}

Result<MatcherScratchPtr> SecretMatcher::new_scratch() const {
  MatcherScratchPtr s(new MatcherScratch);
  s->seen.assign(secret_formats().size(), 0);
  if (impl_->db != nullptr && hs_alloc_scratch(impl_->db, &s->hs) != HS_SUCCESS)
    return internal_error("Hyperscan could not allocate scratch for the secrets database");
  return s;
}

namespace {
int on_match(unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) {
  static_cast<MatcherScratch*>(ctx)->seen[id] = 1;
  return 0;
}
}  // namespace

Status SecretMatcher::prefilter(std::string_view text, MatcherScratch& scratch) const {
  std::copy(impl_->always.begin(), impl_->always.end(), scratch.seen.begin());
  if (impl_->db == nullptr || text.empty()) return {};
  hs_error_t rc = hs_scan(impl_->db, text.data(), static_cast<unsigned>(text.size()), 0, scratch.hs, on_match,
                          &scratch);
  if (rc != HS_SUCCESS) return internal_error("Hyperscan scan failed (" + std::to_string(rc) + ")");
  return {};
}

void SecretMatcher::confirm(std::string_view text, Family family, MatcherScratch& scratch,
                            std::vector<Candidate>& out) const {
  const auto& formats = secret_formats();
  auto& found = scratch.pending;
  found.clear();
  const re2::StringPiece input(text.data(), text.size());
  for (size_t i = 0; i < formats.size(); ++i) {
    if (!scratch.seen[i] || formats[i].family != family) continue;
    const RE2& re = *impl_->re2[i];
    const int ngroups = re.NumberOfCapturingGroups() >= 1 ? 2 : 1;
    re2::StringPiece groups[2];
    size_t pos = 0;
    // Rejected candidates restart one byte later; the cap bounds adversarial input.
    for (int attempts = 0; attempts < 4096 && pos < text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, groups, ngroups);
         ++attempts) {
      const size_t mb = static_cast<size_t>(groups[0].data() - input.data());
      const size_t me = mb + groups[0].size();
      size_t vb = mb, ve = me;
      if (ngroups == 2 && groups[1].data() != nullptr) {
        vb = static_cast<size_t>(groups[1].data() - input.data());
        ve = vb + groups[1].size();
      }
      if (confirm_candidate(formats[i], text, mb, me, vb, ve)) {
        found.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(vb), static_cast<uint32_t>(ve)});
        pos = std::max(me, mb + 1);
      } else {
        pos = mb + 1;
      }
    }
  }
  if (family == Family::kToken) {
    // Earlier rows are more specific: a private key's body or a JWT inside a URL is reported once.
    std::sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
      return a.format != b.format ? a.format < b.format : a.begin < b.begin;
    });
    const size_t first = out.size();
    for (const Candidate& c : found) {
      bool overlaps = false;
      for (size_t k = first; k < out.size() && !overlaps; ++k)
        overlaps = c.begin < out[k].end && out[k].begin < c.end;
      if (!overlaps) out.push_back(c);
    }
  } else {
    out.insert(out.end(), found.begin(), found.end());
  }
}

}  // namespace bulwark::detect::secrets
