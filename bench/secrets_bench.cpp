// bench/secrets_bench.cpp — the secrets family (secret.token + secret.generic) on ordinary
// prompt text: detector scans on a prebuilt ScanContext, beside the same patterns through
// std::regex one by one. Goal: ≤ 10 µs per 4 KB.
//
//   build/bulwark_bench --benchmark_filter=Secrets
#include <benchmark/benchmark.h>

#include <regex>

#include "bulwark/policy.h"
#include "corpus.h"
#include "detect/secrets/generic.h"
#include "detect/secrets/patterns.h"
#include "detect/secrets/token.h"
#include "text/pipeline.h"

namespace {

void BM_SecretsFamily(benchmark::State& state) {
  const std::string text = bulwark::bench::make_corpus(static_cast<size_t>(state.range(0)));
  auto token = bulwark::detect::make_secret_token_detector({"secret.token", {}, nullptr});
  auto generic = bulwark::detect::make_secret_generic_detector({"secret.generic", {}, nullptr});
  if (!token.ok() || !generic.ok()) {
    state.SkipWithError("secrets detectors failed to compile");
    return;
  }
  auto ts = (*token)->new_scratch();
  auto gs = (*generic)->new_scratch();
  bulwark::text::PipelineOptions opts;
  bulwark::text::PipelineScratch ps;
  bulwark::ScanContext ctx;
  bool replaced = false;
  if (!bulwark::text::build_context(text, bulwark::Role::kUser, opts, ps, ctx, &replaced).ok()) {
    state.SkipWithError("pipeline failed");
    return;
  }
  bulwark::HitSink sink;
  for (auto _ : state) {
    sink.clear();
    (void)(*token)->scan(ctx, ts.get(), sink);
    (void)(*generic)->scan(ctx, gs.get(), sink);
    benchmark::DoNotOptimize(sink.hits().size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
  state.counters["hits"] = static_cast<double>(sink.hits().size());
}
BENCHMARK(BM_SecretsFamily)->Arg(1024)->Arg(4096)->Arg(65536)->Unit(benchmark::kMicrosecond);

void BM_SecretsRegexBaseline(benchmark::State& state) {
  static const std::vector<std::regex> patterns = [] {
    std::vector<std::regex> out;
    for (const auto& p : bulwark::detect::secret_patterns()) {
      auto flags = std::regex::ECMAScript | std::regex::optimize;
      if (p.caseless) flags |= std::regex::icase;
      out.emplace_back(p.regex, flags);
    }
    return out;
  }();
  const std::string text = bulwark::bench::make_corpus(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    size_t n = 0;
    for (const auto& re : patterns)
      for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) ++n;
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_SecretsRegexBaseline)->Arg(4096)->Unit(benchmark::kMicrosecond);

}  // namespace
