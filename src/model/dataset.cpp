#include "model/dataset.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "model/features.h"

namespace bulwark::model {
namespace fs = std::filesystem;

namespace {

// BIPIA mixes e-mail, table and code tasks from different generators: each is its own source.
std::string source_of(const std::string& dataset, const nlohmann::json& j) {
  if (dataset == "bipia-train") {
    std::string src = j.value("source", "");
    for (const char* part : {"email", "table", "code", "qa", "abstract"})
      if (src.find(std::string("/") + part + "/") != std::string::npos) return dataset + ":" + part;
  }
  return dataset;
}

}  // namespace

std::string language_of(const nlohmann::json& meta) {
  if (!meta.is_object()) return "";
  for (const char* key : {"lang", "language"}) {
    auto l = meta.find(key);
    if (l != meta.end() && l->is_string() && !l->get_ref<const std::string&>().empty()) return l->get<std::string>();
  }
  return "";
}

Result<std::vector<Record>> load_datasets(const std::string& dir, size_t* skipped) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return not_found("datasets directory not found: " + dir);
  std::vector<std::string> folders;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory() && fs::exists(e.path() / "data.jsonl")) folders.push_back(e.path().filename().string());
  std::sort(folders.begin(), folders.end());
  if (folders.empty()) return not_found("no <name>/data.jsonl under " + dir);
  std::vector<Record> out;
  size_t bad = 0;
  for (const auto& name : folders) {
    std::ifstream in(fs::path(dir) / name / "data.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("text") || !j["text"].is_string()) {
        ++bad;
        continue;
      }
      Record r;
      r.text = j["text"].get<std::string>();
      r.task = j.value("task", "");
      r.label = j.value("label", "");
      if (j.contains("categories") && j["categories"].is_array())
        for (const auto& c : j["categories"])
          if (c.is_string()) r.categories.push_back(c.get<std::string>());
      r.dataset = name;
      r.source = source_of(name, j);
      if (j.contains("meta") && j["meta"].is_object()) {
        const auto& m = j["meta"];
        if (m.contains("weak_label") && m["weak_label"].is_boolean()) r.weak = m["weak_label"].get<bool>();
        r.lang = language_of(m);
      }
      if (r.text.empty()) continue;
      out.push_back(std::move(r));
    }
  }
  if (skipped) *skipped = bad;
  return out;
}

std::vector<Record> dedup(std::vector<Record> records, DedupStats* stats) {
  // Key: the tokenized skeleton view, so case, spacing and punctuation runs do not matter.
  std::unordered_map<std::string, size_t> first;  // key -> index in records
  std::vector<char> keep(records.size(), 1);
  std::vector<char> conflicted(records.size(), 0);
  DedupStats st;
  std::string key;
  for (size_t i = 0; i < records.size(); ++i) {
    key = features(records[i].text, 1u << 20, 0);
    auto [it, inserted] = first.emplace(key, i);
    if (inserted) continue;
    keep[i] = 0;
    ++st.removed;
    const Record& a = records[it->second];
    const Record& b = records[i];
    bool a_pos = a.label != "benign" && a.label != "safe";
    bool b_pos = b.label != "benign" && b.label != "safe";
    if (a_pos != b_pos && !conflicted[it->second]) {
      conflicted[it->second] = 1;
      ++st.label_conflicts;
    }
  }
  std::vector<Record> out;
  out.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i)
    if (keep[i] && !conflicted[i]) out.push_back(std::move(records[i]));
  if (stats) *stats = st;
  return out;
}

}  // namespace bulwark::model
