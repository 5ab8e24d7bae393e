// bulwark train — trains the model-backed detectors from ../shared/datasets into models/.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "model/trainer.h"
#include "terminal.h"

namespace bulwark::cli {
namespace {

std::string f3(double x) {
  if (std::isnan(x)) return "  -  ";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", x);
  return buf;
}

}  // namespace

int cmd_train(int argc, char** argv) {
  CLI::App app{"train the model-backed detectors (prompt_attack, document_attack, harm)", "bulwark train"};
  model::TrainOptions opt;
  app.add_option("--datasets", opt.datasets_dir, "datasets folder (<name>/data.jsonl)")->capture_default_str();
  app.add_option("--out", opt.out_dir, "output folder for <name>.ftz/.json/.md")->capture_default_str();
  app.add_option("--only", opt.only, "train one model: prompt_attack, document_attack or harm");
  app.add_option("--seed", opt.seed, "random seed")->capture_default_str();
  app.add_option("--threads", opt.threads, "fastText threads (1 = bit-reproducible)")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  // On a terminal, fastText's progress is one line, erased before the next log line; elsewhere
  // (CI logs) only the log lines are written.
  Progress progress(0, true);
  opt.log = [&](const std::string& line) {
    progress.clear();
    std::cerr << "train: " << line << std::endl;
  };
  if (stderr_is_tty())   // elsewhere the line would only be formatted to be dropped
    opt.progress = [&](const std::string& model, double done, int64_t eta) {
      char line[160];
      int n = std::snprintf(line, sizeof line, "train: [%s] fastText %3.0f%%", model.c_str(),
                            100.0 * std::clamp(done, 0.0, 1.0));
      if (done >= 0.02 && n > 0 && static_cast<size_t>(n) < sizeof line)
        std::snprintf(line + n, sizeof line - static_cast<size_t>(n), ", about %llds left",
                      static_cast<long long>(std::max<int64_t>(eta, 0)));
      progress.show(line);
    };
  std::vector<model::ModelReport> reports;
  Status st = model::train_models(opt, &reports);
  if (!st.ok()) {
    std::cerr << "bulwark train: " << st.message() << "\n";
    return 2;
  }
  std::printf("\n%-16s %8s %7s %8s %7s %7s %7s %9s %8s\n", "model", "train", "dev", "recall", "fpr", "f1",
              "lk-fpr", "size KiB", "secs");
  for (const auto& r : reports) {
    std::printf("%-16s %8zu %7zu %8s %7s %7s %7s %9zu %8.1f\n", r.name.c_str(), r.train_rows, r.dev_rows,
                f3(r.recall).c_str(), f3(r.fpr).c_str(), f3(r.f1).c_str(), f3(r.lookalike_fpr).c_str(),
                r.bytes / 1024, r.seconds);
  }
  std::printf("\nrobustness (obfuscated/plain detection on dev positives):\n");
  for (const auto& r : reports) {
    std::printf("  %-16s", r.name.c_str());
    for (const auto& [t, v] : r.robustness) std::printf(" %s=%s", t.c_str(), f3(v).c_str());
    std::printf("\n");
  }
  std::printf("\ndev negatives flagged, plain and once obfuscated:\n");
  for (const auto& r : reports) {
    std::printf("  %-16s plain=%s", r.name.c_str(), f3(r.negatives_plain_flagged).c_str());
    for (const auto& [t, v] : r.negatives_flagged) std::printf(" %s=%s", t.c_str(), f3(v).c_str());
    std::printf("\n");
  }
  std::printf("\nper-source figures: %s/<model>.md\n", opt.out_dir.c_str());
  return 0;
}

}  // namespace bulwark::cli
