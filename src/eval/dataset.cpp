#include "eval/dataset.h"

#include <nlohmann/json.hpp>

#include "model/dataset.h"

namespace bulwark::eval {

Result<Record> parse_record(std::string_view line) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return invalid_argument("not a valid JSON object (or not UTF-8)");
  if (!j.is_object()) return invalid_argument("expected a JSON object");
  Record r;
  auto text = j.find("text");
  if (text == j.end() || !text->is_string()) return invalid_argument("missing string field 'text'");
  r.text = text->get<std::string>();
  auto task = j.find("task");
  if (task == j.end() || !task->is_string()) return invalid_argument("missing string field 'task'");
  auto t = parse_task(task->get<std::string>());
  if (!t)
    return invalid_argument("unknown task '" + task->get<std::string>() +
                            "' (injection, indirect, harm, benign)");
  r.task = *t;
  auto label = j.find("label");
  if (label != j.end() && label->is_string()) r.label = label->get<std::string>();
  else if (r.task != Task::kBenign) return invalid_argument("missing string field 'label'");
  else r.label = "benign";
  auto cats = j.find("categories");
  if (cats != j.end() && cats->is_array())
    for (const auto& c : *cats)
      if (c.is_string()) r.categories.push_back(c.get<std::string>());
  if (auto meta = j.find("meta"); meta != j.end()) r.lang = model::language_of(*meta);
  return r;
}

std::string dataset_name(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (file == "data.jsonl" && slash != std::string_view::npos && slash > 0) {
    std::string_view dir = path.substr(0, slash);
    size_t s2 = dir.rfind('/');
    std::string_view name = s2 == std::string_view::npos ? dir : dir.substr(s2 + 1);
    if (!name.empty() && name != "." && name != "..") return std::string(name);
  }
  size_t dot = file.rfind('.');
  if (dot != std::string_view::npos && dot > 0) file = file.substr(0, dot);
  return std::string(file);
}

}  // namespace bulwark::eval
