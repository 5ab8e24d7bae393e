// bench/stages.h — with BULWARK_BENCH_STAGES=1, a benchmark adds a counter per pipeline stage
// and per detector (mean µs per scan), so a regression names its stage.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>

#include "bulwark/engine.h"

namespace bulwark::bench {

class StageTimes {
 public:
  void add(const ScanResult& r) {
    ns_["us_pipeline"] += static_cast<double>(r.pipeline_nanos);
    for (const auto& t : r.timings) ns_["us_" + t.detector] += static_cast<double>(t.nanos);
  }
  // Writes the counters when BULWARK_BENCH_STAGES is set (and not "0").
  void report(benchmark::State& state) const {
    const char* v = std::getenv("BULWARK_BENCH_STAGES");
    if (!v || !*v || *v == '0') return;
    const double n = static_cast<double>(std::max<int64_t>(state.iterations(), 1));
    for (const auto& [name, ns] : ns_) state.counters[name] = ns / 1000.0 / n;
  }

 private:
  std::map<std::string, double> ns_;
};

}  // namespace bulwark::bench
