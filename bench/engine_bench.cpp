// bench/engine_bench.cpp — a whole scan with every rule detector on 1 KB, 4 KB and 64 KB of
// realistic prompt text, beside a baseline that runs the same detector patterns through
// std::regex one by one (what a naive implementation does). Reports µs per scan (the
// benchmark's time), MB/s (bytes_per_second) and the engine's resident memory.
//
//   build/bulwark_bench --benchmark_filter=Scan
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "bulwark/engine.h"
#include "corpus.h"
#include "stages.h"
#include "detect/attack/patterns.h"
#include "detect/exfil/patterns.h"
#include "detect/pii/patterns.h"
#include "detect/secrets/patterns.h"

namespace {

long rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

// Rule detectors only: learned (model.*) detectors are measured in model_bench.
bulwark::Policy rules_only_policy() {
  bulwark::Policy p = bulwark::Policy::defaults();
  p.use_default_detectors = false;
  for (const auto& info : bulwark::DetectorRegistry::global().all())
    if (info.id.rfind("model.", 0) != 0) p.detectors.push_back({info.id, true, bulwark::all_roles(), {}});
  p.blocklists.push_back({"bench", {"project falcon", "internal only", "codename hydra"}, {"ticket-[0-9]{6}"}});
  return p;
}

struct EngineFixture {
  bulwark::EnginePtr engine;
  long rss_delta_kb = 0;
  EngineFixture() {
    long before = rss_kb();
    auto e = bulwark::Engine::compile(rules_only_policy());
    if (!e.ok()) {
      fprintf(stderr, "engine compile failed: %s\n", e.status().to_string().c_str());
      std::abort();
    }
    engine = *e;
    auto scratch = engine->new_scratch();
    std::string warm = bulwark::bench::make_corpus(64 * 1024);
    (void)engine->scan({warm, bulwark::Role::kUser}, *scratch);
    rss_delta_kb = rss_kb() - before;
  }
};

EngineFixture& fixture() {
  static EngineFixture f;
  return f;
}

void BM_ScanAllRuleDetectors(benchmark::State& state) {
  auto& f = fixture();
  const std::string text = bulwark::bench::make_corpus(static_cast<size_t>(state.range(0)));
  auto scratch = f.engine->new_scratch();
  size_t findings = 0;
  bulwark::bench::StageTimes stages;
  for (auto _ : state) {
    auto r = f.engine->scan({text, bulwark::Role::kUser}, *scratch);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      break;
    }
    findings = r->findings.size();
    stages.add(*r);
    benchmark::DoNotOptimize(findings);
  }
  stages.report(state);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["detectors"] = static_cast<double>(f.engine->detector_ids().size());
  state.counters["engine_rss_MB"] = static_cast<double>(f.rss_delta_kb) / 1024.0;
}
BENCHMARK(BM_ScanAllRuleDetectors)->Arg(1024)->Arg(4096)->Arg(65536)->Unit(benchmark::kMicrosecond);

struct RegexBaseline {
  std::vector<std::regex> patterns;
  RegexBaseline() {
    std::vector<bulwark::detect::PatternSpec> all;
    for (const auto* list : {&bulwark::detect::pii_patterns(), &bulwark::detect::secret_patterns(),
                             &bulwark::detect::attack_patterns(), &bulwark::detect::exfil_patterns()})
      all.insert(all.end(), list->begin(), list->end());
    for (const auto& p : all) {
      auto flags = std::regex::ECMAScript | std::regex::optimize;
      if (p.caseless) flags |= std::regex::icase;
      try {
        patterns.emplace_back(p.regex, flags);
      } catch (const std::regex_error&) {
        // A pattern std::regex cannot compile is left out; the baseline is then optimistic.
      }
    }
  }
};

void BM_ScanRegexBaseline(benchmark::State& state) {
  static RegexBaseline baseline;
  const std::string text = bulwark::bench::make_corpus(static_cast<size_t>(state.range(0)));
  size_t matches = 0;
  for (auto _ : state) {
    matches = 0;
    for (const auto& re : baseline.patterns) {
      for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
        ++matches;
    }
    benchmark::DoNotOptimize(matches);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
  state.counters["patterns"] = static_cast<double>(baseline.patterns.size());
  state.counters["matches"] = static_cast<double>(matches);
}
BENCHMARK(BM_ScanRegexBaseline)->Arg(1024)->Arg(4096)->Arg(65536)->Unit(benchmark::kMicrosecond)->MinTime(0.5);

}  // namespace

// main() comes from benchmark::benchmark_main (one per bulwark_bench binary).
