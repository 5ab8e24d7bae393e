// bench/model_bench.cpp — the learned detectors on a 4 KB prompt, each alone, all of them
// together with every rule detector, and the rule-only engine of the same run for reference.
// Every model detector is enabled on every role here, so each one actually runs on the prompt.
// BULWARK_BENCH_STAGES=1 adds the mean µs per scan of the pipeline and of each detector.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "corpus.h"
#include "stages.h"
#include "bulwark/engine.h"
#include "bulwark/policy.h"

namespace {
namespace model_bench {

enum class Set { kRulesOnly, kAll, kOne };

bulwark::Policy policy_for(Set set, const std::string& one = "") {
  bulwark::Policy p = bulwark::Policy::defaults();
  p.use_default_detectors = false;
  for (const auto& info : bulwark::DetectorRegistry::global().all()) {
    bool is_model = info.id.rfind("model.", 0) == 0;
    if ((set == Set::kRulesOnly && !is_model) || set == Set::kAll || (set == Set::kOne && info.id == one))
      p.detectors.push_back({info.id, true, bulwark::all_roles(), {}});
  }
  return p;
}

bulwark::EnginePtr compile(const bulwark::Policy& p) {
  auto e = bulwark::Engine::compile(p);
  if (!e.ok()) {
    fprintf(stderr, "engine compile failed (models missing? run `bulwark train`): %s\n", e.status().to_string().c_str());
    std::abort();
  }
  return *e;
}

void run(benchmark::State& state, const bulwark::EnginePtr& engine) {
  const std::string text = bulwark::bench::make_corpus(4096);
  auto scratch = engine->new_scratch();
  (void)engine->scan({text, bulwark::Role::kUser}, *scratch);  // warm the scratch
  size_t findings = 0;
  bulwark::bench::StageTimes stages;
  for (auto _ : state) {
    auto r = engine->scan({text, bulwark::Role::kUser}, *scratch);
    if (!r.ok()) state.SkipWithError(r.status().message().c_str());
    findings = r.ok() ? r->findings.size() : 0;
    if (r.ok()) stages.add(*r);
    benchmark::DoNotOptimize(findings);
  }
  stages.report(state);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["detectors"] = static_cast<double>(engine->detector_ids().size());
}

void BM_Prompt4K_RulesOnly(benchmark::State& state) {
  static auto engine = compile(policy_for(Set::kRulesOnly));
  run(state, engine);
}
void BM_Prompt4K_AllDetectorsWithModels(benchmark::State& state) {
  static auto engine = compile(policy_for(Set::kAll));
  run(state, engine);
}
void BM_Prompt4K_OneModel(benchmark::State& state, const char* id) {
  static std::map<std::string, bulwark::EnginePtr> engines;
  auto& e = engines[id];
  if (!e) e = compile(policy_for(Set::kOne, id));
  run(state, e);
}

BENCHMARK(BM_Prompt4K_RulesOnly)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_Prompt4K_AllDetectorsWithModels)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK_CAPTURE(BM_Prompt4K_OneModel, prompt_attack, "model.prompt_attack")->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK_CAPTURE(BM_Prompt4K_OneModel, document_attack, "model.document_attack")->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK_CAPTURE(BM_Prompt4K_OneModel, harm, "model.harm")->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace model_bench
}  // namespace
