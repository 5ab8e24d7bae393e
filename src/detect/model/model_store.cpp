#include "detect/model/model_store.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

#include "bulwark/policy.h"
#include "detect/harm/hazard_rules.h"

namespace bulwark::detect {
namespace fs = std::filesystem;

std::vector<std::string> model_search_path(const DetectorSpec& spec) {
  std::vector<std::string> dirs;
  for (const char* key : {"model_dir", "path"}) {
    auto it = spec.params.find(key);
    // An explicit folder in the policy is authoritative: no fallback to other places.
    if (it != spec.params.end() && !it->second.empty()) return {it->second};
  }
  if (const char* env = std::getenv("BULWARK_MODEL_DIR"); env && *env) dirs.emplace_back(env);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path dir = exe.parent_path();
    dirs.push_back((dir / ".." / "models").lexically_normal().string());
    dirs.push_back((dir / ".." / "share" / "bulwark" / "models").lexically_normal().string());
  }
  dirs.emplace_back("models");
  return dirs;
}

Result<std::shared_ptr<const model::Classifier>> load_shared_model(const DetectorSpec& spec,
                                                                   const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<const model::Classifier>> cache;
  std::string tried;
  for (const auto& dir : model_search_path(spec)) {
    std::error_code ec;
    fs::path side = fs::path(dir) / (name + ".json");
    if (!fs::is_regular_file(side, ec)) {
      tried += (tried.empty() ? "" : ", ") + dir;
      continue;
    }
    std::string key = fs::weakly_canonical(side, ec).string();
    std::lock_guard<std::mutex> lock(mu);
    if (auto cached = cache[key].lock()) return cached;
    auto loaded = model::Classifier::load(dir, name);
    if (!loaded.ok()) return loaded.status();
    cache[key] = loaded.value();
    return loaded;
  }
  return not_found("model '" + name + "' not found (looked in: " + tried +
                   "); run `bulwark train` or set BULWARK_MODEL_DIR");
}

namespace {
constexpr int64_t kRuleWordCount = 10;
}  // namespace

std::shared_ptr<const text::WordSplitter> shared_word_splitter() {
  static const std::shared_ptr<const text::WordSplitter> splitter = []() -> std::shared_ptr<const text::WordSplitter> {
    for (const auto& dir : model_search_path(DetectorSpec{})) {
      std::error_code ec;
      const fs::path path = fs::path(dir) / "words.txt";
      if (!fs::is_regular_file(path, ec)) continue;
      auto words = text::WordSplitter::read_counts(path.string());
      if (!words.ok()) {
        std::fprintf(stderr, "bulwark: %s; letter-spaced text is read without word boundaries\n",
                     words.status().message().c_str());
        return nullptr;
      }
      // The rules' own words, as if seen kRuleWordCount times where the training text has them
      // fewer times or not at all (an agent name must not split into known pieces).
      std::map<std::string, int64_t> counts(words.value().begin(), words.value().end());
      for (const std::string& w : hazard_words()) counts[w] = std::max(counts[w], kRuleWordCount);
      return std::make_shared<const text::WordSplitter>(
          std::vector<std::pair<std::string, int64_t>>(counts.begin(), counts.end()));
    }
    return nullptr;
  }();
  return splitter;
}

bool explicitly_enabled(const DetectorSpec& spec) {
  if (spec.policy == nullptr) return true;
  for (const auto& d : spec.policy->detectors)
    if (d.id == spec.id && d.enabled) return true;
  return false;
}

}  // namespace bulwark::detect
