// Measures the PII family on 4 KB of ordinary prose and prints the median; the figure goes
// into the report. No threshold is asserted: timing on a shared machine is not a test.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "../../../bench/corpus.h"
#include "bulwark/engine.h"

namespace {

std::string prose_4k() {
  const std::string para =
      "Thanks for getting back to me so quickly. I ordered the Trailblazer backpack last week and it "
      "still has not shipped; the tracking page says the label was created on Monday. Could you check "
      "what is going on? I need it before my trip on the 14th. If email is easier, write to "
      "dana.whitfield@example.com and I will answer tonight. The team agreed to move the launch of the "
      "winter catalogue to November 3, and support volume rose 12% after the price change.\n\n";
  std::string out;
  while (out.size() < 4096) out += para;
  out.resize(4096);
  return out;
}

void time_family(const std::string& text, const char* label) {
  bulwark::Policy policy = bulwark::Policy::defaults();
  policy.use_default_detectors = false;
  policy.detectors.clear();
  for (const char* id : {"pii.email", "pii.phone", "pii.credit_card", "pii.iban", "pii.us_ssn",
                         "pii.ip_address", "pii.national_id"})
    policy.detectors.push_back({id, true, bulwark::all_roles(), {}});
  auto engine = bulwark::Engine::compile(policy);
  ASSERT_TRUE(engine.ok()) << engine.status().to_string();
  auto scratch = (*engine)->new_scratch();
  std::vector<double> family_us;
  std::map<std::string, std::vector<double>> per_detector;
  size_t findings = 0;
  for (int i = 0; i < 2000; ++i) {
    auto r = (*engine)->scan({text, bulwark::Role::kUser}, *scratch);
    ASSERT_TRUE(r.ok());
    uint64_t ns = 0;
    for (const auto& t : r->timings) {
      ns += t.nanos;
      per_detector[t.detector].push_back(static_cast<double>(t.nanos) / 1000.0);
    }
    family_us.push_back(static_cast<double>(ns) / 1000.0);
    findings = r->findings.size();
  }
  // The first scan pays libphonenumber for every phone-like candidate; later scans of the same
  // text hit the per-thread verdict cache of pii.phone.
  std::printf("[PiiFamily] first (cold) scan: %.2f us\n", family_us.front());
  std::sort(family_us.begin(), family_us.end());
  std::printf("[PiiFamily] 7 detectors on %zu bytes of %s: median %.2f us, p90 %.2f us (%zu findings)\n",
              text.size(), label, family_us[family_us.size() / 2], family_us[family_us.size() * 9 / 10],
              findings);
  for (auto& [id, v] : per_detector) {
    std::sort(v.begin(), v.end());
    std::printf("[PiiFamily]   %-16s median %.2f us\n", id.c_str(), v[v.size() / 2]);
  }
  EXPECT_GT(findings, 0u);  // both texts carry an e-mail address
}

}  // namespace

TEST(PiiFamily, TimingOn4KBProse) { time_family(prose_4k(), "prose"); }

// The benchmark's prompt corpus: order numbers, dates, prices, code and a phone number.
TEST(PiiFamily, TimingOn4KBBenchCorpus) { time_family(bulwark::bench::make_corpus(4096), "bench corpus"); }
