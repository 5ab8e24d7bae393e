#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <regex>
#include <set>

#include "bulwark/engine.h"
#include "detect/secrets/formats.h"
#include "detect/secrets/matcher.h"
#include "detect/secrets/patterns.h"
#include "detect/secrets/token.h"
#include "detect/secrets/value_checks.h"
#include "support/case_file.h"

namespace {

using bulwark::detect::secrets::Family;
using bulwark::detect::secrets::secret_formats;

TEST(SecretToken, Cases) { EXPECT_GT(bulwark::testing::expect_cases("secret.token", "secret_token.cases"), 0); }

std::set<std::string> subtypes_of(Family family) {
  std::set<std::string> out;
  for (const auto& f : secret_formats())
    if (f.family == family) out.emplace(f.subtype);
  return out;
}

TEST(SecretToken, AtLeast25Formats) { EXPECT_GE(subtypes_of(Family::kToken).size(), 25u); }

TEST(SecretToken, EveryFormatHasAPositiveCase) {
  std::set<std::string> covered;
  for (const auto& c : bulwark::testing::load_cases("secret_token.cases"))
    if (c.positive) covered.insert(c.subtype);
  for (const auto& s : subtypes_of(Family::kToken)) EXPECT_TRUE(covered.count(s)) << "no positive case for " << s;
}

TEST(SecretPatterns, CompileUnderStdRegex) {
  const auto& specs = bulwark::detect::secret_patterns();
  EXPECT_EQ(specs.size(), secret_formats().size());
  for (const auto& p : specs) {
    auto flags = std::regex::ECMAScript;
    if (p.caseless) flags |= std::regex::icase;
    EXPECT_NO_THROW(std::regex(p.regex, flags)) << p.id << ": " << p.regex;
  }
}

TEST(SecretPatterns, CompileUnderHyperscanWithoutFallback) {
  auto m = bulwark::detect::secrets::SecretMatcher::instance();
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  EXPECT_EQ((*m)->fallback_count(), 0u);
}

// The std::regex baseline and the engine agree on what the patterns find: every positive
// case's text contains a match of at least one of its subtype's patterns.
TEST(SecretPatterns, StdRegexFindsEveryPositive) {
  for (const auto& c : bulwark::testing::load_cases("secret_token.cases")) {
    bool ascii = std::all_of(c.text.begin(), c.text.end(), [](char ch) { return (ch & 0x80) == 0; });
    if (!c.positive || !ascii) continue;  // invisible characters are stripped by the detector, not by the regex
    bool found = false;
    for (const auto& p : bulwark::detect::secret_patterns()) {
      if (p.id != c.subtype) continue;
      auto flags = std::regex::ECMAScript;
      if (p.caseless) flags |= std::regex::icase;
      found = found || std::regex_search(c.text, std::regex(p.regex, flags));
    }
    EXPECT_TRUE(found) << "line " << c.line << ": " << c.subtype;
  }
}

// A key inside a decoded payload (base64 here) is found there and mapped back onto the
// encoded region of the original text.
TEST(SecretToken, FindsSecretsInDecodedViewsAndMapsThemBack) {
  const std::string secret = "ghp_FAKEdbg3PYH6maxCm9qEfHx8bJ0mKxj1BVVD";
  const std::string encoded = "Z2hwX0ZBS0VkYmczUFlINm1heENtOXFFZkh4OGJKMG1LeGoxQlZWRA==";
  const std::string original = "config blob: " + encoded + " end";
  bulwark::TextView raw, folded, decoded;
  raw.name = "raw";
  raw.text = original;
  decoded.name = "decoded:base64";
  decoded.depth = 1;
  const uint32_t eb = 13, ee = static_cast<uint32_t>(eb + encoded.size());
  decoded.append(secret, eb, ee);
  bulwark::ScanContext ctx;
  ctx.original = original;
  ctx.raw_view = &raw;
  ctx.folded_view = ctx.skeleton_view = ctx.collapsed_view = &folded;
  ctx.decoded.push_back(&decoded);

  auto det = bulwark::detect::make_secret_token_detector({"secret.token", {}, nullptr});
  ASSERT_TRUE(det.ok());
  auto scratch = (*det)->new_scratch();
  bulwark::HitSink sink;
  ASSERT_TRUE((*det)->scan(ctx, scratch.get(), sink).ok());
  ASSERT_EQ(sink.hits().size(), 1u);
  const auto& h = sink.hits()[0];
  EXPECT_EQ(h.subtype, "github_pat");
  EXPECT_EQ(h.view, &decoded);
  auto [ob, oe] = h.view->to_original(h.begin, h.end);
  EXPECT_EQ(ob, eb);
  EXPECT_EQ(oe, ee);
}

// Invisible characters inside a token: the finding covers the token in the original text.
TEST(SecretToken, ZeroWidthSpanCoversOriginalToken) {
  const std::string text = "key: ghp_FAKEdbg3P\xE2\x80\x8BYH6maxCm9qEfHx8bJ0mKxj1BVVD ok";
  bulwark::Policy policy = bulwark::Policy::defaults();
  policy.use_default_detectors = false;
  policy.detectors = {{"secret.token", true, bulwark::all_roles(), {}}};
  auto engine = bulwark::Engine::compile(policy);
  ASSERT_TRUE(engine.ok());
  auto scratch = (*engine)->new_scratch();
  auto r = (*engine)->scan({text, bulwark::Role::kUser}, *scratch);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->findings.size(), 1u);
  EXPECT_EQ(r->findings[0].span.byte_begin, 5u);
  EXPECT_EQ(r->findings[0].span.byte_end, text.size() - 3);
}

// Bad input never crashes: random bytes around format prefixes, truncated keys, huge runs.
TEST(SecretToken, SurvivesArbitraryInput) {
  bulwark::Policy policy = bulwark::Policy::defaults();
  policy.use_default_detectors = false;
  policy.invalid_utf8 = bulwark::InvalidUtf8Mode::kReplace;
  policy.detectors = {{"secret.token", true, bulwark::all_roles(), {}}, {"secret.generic", true, bulwark::all_roles(), {}}};
  auto engine = bulwark::Engine::compile(policy);
  ASSERT_TRUE(engine.ok());
  auto scratch = (*engine)->new_scratch();
  std::mt19937 rng(7);
  const char* seeds[] = {"ghp_", "-----BEGIN RSA PRIVATE KEY-----\n", "eyJ", "AKIA", "password=", "sk-ant-api03-",
                         "postgres://u:", "Authorization: Basic ", "xoxb-1234567890-", "\xE2\x80\x8B"};
  for (int i = 0; i < 300; ++i) {
    std::string s;
    int parts = 1 + static_cast<int>(rng() % 8);
    for (int p = 0; p < parts; ++p) {
      s += seeds[rng() % std::size(seeds)];
      int n = static_cast<int>(rng() % 120);
      for (int k = 0; k < n; ++k) s.push_back(static_cast<char>(rng() % 3 == 0 ? rng() % 256 : 'A' + rng() % 58));
    }
    auto r = (*engine)->scan({s, bulwark::Role::kUser}, *scratch);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
  }
  std::string big(300000, 'a');
  auto r = (*engine)->scan({"password=" + big, bulwark::Role::kUser}, *scratch);
  EXPECT_TRUE(r.ok());
}

}  // namespace
