#include "eval/report.h"

#include <algorithm>
#include <cstdio>

namespace bulwark::eval {
namespace {

nlohmann::ordered_json opt(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

std::string fmt(const std::optional<double>& v, const char* f = "%.3f") {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, f, *v);
  return buf;
}

}  // namespace

void Evaluation::add(const std::string& dataset, Task task, bool positive, const Verdict& v,
                     double latency_us, const std::vector<std::string>& categories, const std::string& lang) {
  auto it = std::find_if(groups_.begin(), groups_.end(),
                         [&](const Group& g) { return g.dataset == dataset && g.task == task; });
  if (it == groups_.end()) {
    groups_.push_back({});
    it = groups_.end() - 1;
    it->dataset = dataset;
    it->task = task;
  }
  it->confusion.add(positive, v.flagged);
  it->scores.push_back(v.score);
  it->positives.push_back(positive);
  it->latency_us.push_back(latency_us);
  if (v.unread) it->unread++;
  if (!lang.empty()) it->languages[lang].add(positive, v.flagged);
  if (task == Task::kHarm && positive)
    for (const auto& c : categories) {
      auto& cc = it->categories[c];
      cc.n++;
      if (v.flagged) cc.flagged++;
    }
}

nlohmann::ordered_json Evaluation::to_json() const {
  nlohmann::ordered_json out = {{"datasets", nlohmann::ordered_json::array()}};
  for (const Group& g : groups_) {
    const Confusion& c = g.confusion;
    nlohmann::ordered_json j = {{"name", g.dataset},
                        {"task", std::string(task_name(g.task))},
                        {"n", c.n()},
                        {"tp", c.tp},
                        {"fp", c.fp},
                        {"tn", c.tn},
                        {"fn", c.fn},
                        {"precision", opt(c.precision())},
                        {"recall", opt(c.recall())},
                        {"f1", opt(c.f1())},
                        {"fpr", opt(c.fpr())},
                        {"accuracy", opt(c.accuracy())},
                        {"auprc", opt(auprc(g.scores, g.positives))},
                        {"latency_us",
                         {{"p50", opt(percentile(g.latency_us, 50))},
                          {"p99", opt(percentile(g.latency_us, 99))}}},
                        {"unread", g.unread}};
    if (g.task == Task::kHarm) {
      nlohmann::ordered_json cr = nlohmann::ordered_json::object();
      for (const auto& [name, cc] : g.categories)
        cr[name] = {{"n", cc.n},
                    {"recall", cc.n ? nlohmann::ordered_json(double(cc.flagged) / double(cc.n)) : nlohmann::ordered_json(nullptr)}};
      j["category_recall"] = std::move(cr);
    }
    if (g.languages.size() >= 2) {
      nlohmann::ordered_json langs = nlohmann::ordered_json::object();
      for (const auto& [lang, l] : g.languages)
        langs[lang] = {{"n", l.n()}, {"flagged", l.tp + l.fp}, {"recall", opt(l.recall())}, {"fpr", opt(l.fpr())}};
      j["languages"] = std::move(langs);
    }
    out["datasets"].push_back(std::move(j));
  }
  return out;
}

std::string Evaluation::to_table() const {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-36s %-9s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %9s %9s\n",
                "dataset", "task", "n", "tp", "fp", "tn", "fn", "prec", "recall", "f1", "fpr", "acc",
                "auprc", "p50 µs", "p99 µs");
  out += line;
  for (const Group& g : groups_) {
    const Confusion& c = g.confusion;
    std::snprintf(line, sizeof line,
                  "%-36s %-9s %6llu %6llu %6llu %6llu %6llu %6s %6s %6s %6s %6s %6s %9s %9s\n",
                  g.dataset.c_str(), std::string(task_name(g.task)).c_str(),
                  static_cast<unsigned long long>(c.n()), static_cast<unsigned long long>(c.tp),
                  static_cast<unsigned long long>(c.fp), static_cast<unsigned long long>(c.tn),
                  static_cast<unsigned long long>(c.fn), fmt(c.precision()).c_str(),
                  fmt(c.recall()).c_str(), fmt(c.f1()).c_str(), fmt(c.fpr()).c_str(),
                  fmt(c.accuracy()).c_str(), fmt(auprc(g.scores, g.positives)).c_str(),
                  fmt(percentile(g.latency_us, 50), "%.1f").c_str(),
                  fmt(percentile(g.latency_us, 99), "%.1f").c_str());
    out += line;
    if (g.unread) {
      std::snprintf(line, sizeof line, "    %-32s %llu records (scripts a model has no training text in)\n",
                    "not read in full", static_cast<unsigned long long>(g.unread));
      out += line;
    }
    if (g.languages.size() >= 2)
      for (const auto& [lang, l] : g.languages) {
        std::string figures;
        if (l.tp + l.fn) figures += " recall " + fmt(l.recall());
        if (l.fp + l.tn) figures += std::string(figures.empty() ? "" : ",") + " fpr " + fmt(l.fpr());
        std::snprintf(line, sizeof line, "    lang %-27s flagged %llu of %llu,%s\n", lang.c_str(),
                      static_cast<unsigned long long>(l.tp + l.fp), static_cast<unsigned long long>(l.n()),
                      figures.c_str());
        out += line;
      }
    for (const auto& [name, cc] : g.categories) {
      std::optional<double> r;
      if (cc.n) r = double(cc.flagged) / double(cc.n);
      std::snprintf(line, sizeof line, "    %-32s recall %s (n=%llu)\n", name.c_str(), fmt(r).c_str(),
                    static_cast<unsigned long long>(cc.n));
      out += line;
    }
  }
  return out;
}

}  // namespace bulwark::eval
