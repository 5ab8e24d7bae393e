// `bulwark eval`: scans labelled dataset files under a policy and reports detection figures
// per (dataset, task) pair. The counting rules live in src/eval/ (task.h says what
// "flagged" means per task).
#include <CLI/CLI.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bulwark/engine.h"
#include "commands.h"
#include "eval/dataset.h"
#include "eval/errors.h"
#include "eval/operating_points.h"
#include "eval/report.h"
#include "eval/robustness.h"
#include "eval/task.h"
#include "model/augment.h"
#include "io.h"
#include "render.h"
#include "terminal.h"

namespace bulwark::cli {

int cmd_eval(int argc, char** argv) {
  std::vector<std::string> data;
  std::string policy_path, flag_on = "block", errors_path;
  bool json = false, robustness = false;
  uint64_t limit = 0;
  CLI::App app{"Measure the detectors a policy enables on labelled JSONL datasets (text, task, label,\n"
               "categories). Exit status: 0 done, 2 usage or input error (bad records are skipped,\n"
               "reported on stderr with file:line, and make the exit status 2).",
               "bulwark eval"};
  app.add_option("-d,--data", data, "dataset file (repeatable); named after its folder when it is data.jsonl")
      ->type_name("FILE")
      ->required();
  app.add_option("-p,--policy", policy_path, "policy YAML file (default: built-in policy)")->type_name("FILE");
  app.add_flag("--json", json, "print the figures as JSON");
  app.add_option("--errors", errors_path,
                 "write every record judged wrong (missed attack or harm, flagged benign text) to FILE as JSON "
                 "lines: dataset, file, line, task, label, outcome, score, decision, findings, text")
      ->type_name("FILE");
  app.add_option("--limit", limit, "scan at most N records per file (0: all)")->type_name("N")->capture_default_str();
  app.add_flag("--robustness", robustness,
               "also scan every record once per obfuscation of the engine (base64, homoglyph, leetspeak, "
               "zero_width, tag_smuggling, spacing): detection obfuscated / plain for attack and harmful "
               "records, the flagged rate plain and obfuscated for benign and safe ones");
  app.add_option("--flag-on", flag_on,
                 "least action of a relevant finding that counts as flagged: block, redact or annotate")
      ->type_name("ACTION")
      ->check(CLI::IsMember({"block", "redact", "annotate"}))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  const Action min_action = *parse_action(flag_on);
  uint64_t total_bytes = 0;
  for (const auto& path : data) {
    std::ifstream probe(path, std::ios::binary);
    if (!probe) {
      std::cerr << "bulwark eval: cannot open '" << path << "': " << std::strerror(errno) << "\n";
      return 2;
    }
    total_bytes += file_size(path);
  }
  auto engine = load_engine(policy_path);
  if (!engine.ok()) {
    std::cerr << "bulwark eval: " << engine.status().message() << "\n";
    return 2;
  }
  std::ofstream errors_out;
  if (!errors_path.empty()) {
    errors_out.open(errors_path, std::ios::binary | std::ios::trunc);
    if (!errors_out) {
      std::cerr << "bulwark eval: cannot write '" << errors_path << "': " << std::strerror(errno) << "\n";
      return 2;
    }
  }
  uint64_t wrong = 0;
  auto scratch = (*engine)->new_scratch();
  eval::Evaluation evaluation;
  eval::OperatingPoints operating;
  eval::Robustness robust, robust_neg(eval::Robustness::Records::kNegative);
  // Obfuscations are deterministic for a given file order; negatives draw from a stream of their
  // own so that the attack figures do not depend on how many negatives a file holds.
  model::Rng rng(42), neg_rng(43);
  // With --limit the byte total overstates the work; the bar then shows counts and rate only.
  Progress progress(limit == 0 ? total_bytes : 0, true);
  uint64_t bytes = 0, records = 0, errors = 0;
  using Clock = std::chrono::steady_clock;
  const auto t_start = Clock::now();
  auto report_error = [&](const std::string& where, const std::string& msg) {
    progress.finish();
    std::cerr << "bulwark eval: " << where << ": " << msg << "\n";
    ++errors;
  };
  for (const auto& path : data) {
    const std::string name = eval::dataset_name(path);
    std::ifstream in(path, std::ios::binary);
    std::string line;
    size_t line_no = 0;
    uint64_t scanned = 0;
    while ((limit == 0 || scanned < limit) && std::getline(in, line)) {
      ++line_no;
      bytes += line.size() + 1;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      const std::string where = path + ":" + std::to_string(line_no);
      auto rec = eval::parse_record(line);
      if (!rec.ok()) {
        report_error(where, rec.status().message());
        continue;
      }
      ++scanned;
      const Role role = eval::task_role(rec->task);
      const auto t0 = Clock::now();
      auto r = (*engine)->scan({rec->text, role}, *scratch);
      const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
      if (!r.ok()) {
        report_error(where, r.status().message());
        continue;
      }
      const bool positive = eval::is_positive_label(rec->task, rec->label);
      const eval::Verdict verdict = eval::judge(rec->task, *r, min_action);
      evaluation.add(name, rec->task, positive, verdict, us, rec->categories, rec->lang);
      if (rec->task == eval::Task::kBenign) operating.add_benign(*r, min_action);
      else operating.add(rec->task, positive, verdict.score);
      if (errors_out.is_open()) {
        if (auto o = eval::wrong(positive, verdict.flagged)) {
          errors_out << dump_json(eval::error_json(name, path, line_no, *rec, *o, verdict, *r)) << '\n';
          ++wrong;
        }
      }
      if (robustness) {
        for (model::Transform t : model::kAllTransforms) {
          if (!model::carries(t, rec->text)) continue;
          const std::string obfuscated = model::apply(t, rec->text, positive ? rng : neg_rng);
          auto o = (*engine)->scan({obfuscated, role}, *scratch);
          if (!o.ok()) {
            report_error(where + " (" + model::transform_name(t) + ")", o.status().message());
            continue;
          }
          (positive ? robust : robust_neg)
              .add(name, rec->task, t, verdict.flagged, eval::judge(rec->task, *o, min_action).flagged);
        }
      }
      ++records;
      progress.update(bytes, records);
    }
  }
  progress.finish();
  if (errors_out.is_open()) {
    errors_out.flush();
    if (!errors_out) {
      std::cerr << "bulwark eval: writing '" << errors_path << "' failed: " << std::strerror(errno) << "\n";
      return 2;
    }
    std::cerr << "bulwark eval: " << wrong << " records judged wrong written to " << errors_path << "\n";
  }
  const double secs = std::chrono::duration<double>(Clock::now() - t_start).count();
  if (json) {
    nlohmann::ordered_json j = evaluation.to_json();
    j["records"] = records;
    j["errors"] = errors;
    j["policy"] = (*engine)->policy().name;
    j["flag_on"] = flag_on;
    j["operating_points"] = operating.to_json();
    if (robustness) {
      j["robustness"] = robust.to_json();
      j["robustness_negatives"] = robust_neg.to_json();
    }
    std::cout << dump_json(j) << "\n";
  } else {
    std::cout << evaluation.to_table();
    if (std::string t = operating.to_table(); !t.empty()) std::cout << "\n" << t;
    if (robustness) {
      for (const auto* r : {&robust, &robust_neg})
        if (std::string t = r->to_table(); !t.empty()) std::cout << "\n" << t;
      std::cout << "\n";
    }
    char secs_s[32];
    std::snprintf(secs_s, sizeof secs_s, "%.1f", secs);
    std::cout << records << " records in " << secs_s << " s, " << errors << " errors; policy '"
              << (*engine)->policy().name << "'; flagged = a relevant finding with action >= "
              << flag_on << "\n";
  }
  return errors > 0 ? 2 : 0;
}

}  // namespace bulwark::cli
