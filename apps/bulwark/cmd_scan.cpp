// `bulwark scan`: scans text from an argument, standard input, a file or a JSONL stream and
// shows the decision as a table or JSON. Exit status: 0 allowed (allow, annotate, redact),
// 1 blocked, 2 usage or input error.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "bulwark/engine.h"
#include "commands.h"
#include "io.h"
#include "render.h"
#include "terminal.h"

namespace bulwark::cli {
namespace {

constexpr int kExitAllowed = 0;
constexpr int kExitBlocked = 1;
constexpr int kExitError = 2;

struct ScanOptions {
  std::string text;
  std::string file;
  std::string jsonl;
  std::string role = "user";
  std::string policy;
  bool json = false;
  std::string color = "auto";
};

class Scanner {
 public:
  Scanner(EnginePtr engine, const ScanOptions& opt)
      : engine_(std::move(engine)),
        scratch_(engine_->new_scratch()),
        json_(opt.json),
        style_(use_color(opt.color == "always" ? ColorMode::kAlways
                         : opt.color == "never" ? ColorMode::kNever
                                                : ColorMode::kAuto)) {}

  // Scans one input and prints it. @return the exit status this input alone implies.
  int scan_one(std::string_view text, Role role, const std::string& source,
               nlohmann::ordered_json extra = nlohmann::ordered_json::object()) {
    auto r = engine_->scan({text, role}, *scratch_);
    if (!r.ok()) {
      // A detector failing under fail_closed means the text must not pass: blocked.
      const bool failed_closed = r.status().code() == StatusCode::kInternal;
      std::cerr << "bulwark scan: " << source << ": " << r.status().message() << "\n";
      if (json_) {
        extra["error"] = r.status().message();
        if (failed_closed) extra["decision"] = "block";
        std::cout << dump_json(extra) << "\n";
      }
      return failed_closed ? kExitBlocked : kExitError;
    }
    if (json_) {
      nlohmann::ordered_json j = std::move(extra);  // "line" and "id" first in JSONL output
      nlohmann::ordered_json body = result_json(*r, role);
      for (auto& [k, v] : body.items()) j[k] = std::move(v);
      std::cout << dump_json(j) << "\n";
    } else {
      std::cout << result_table(*r, role, text.size(), style_);
    }
    ++counts_[static_cast<size_t>(r->decision)];
    return r->decision == Action::kBlock ? kExitBlocked : kExitAllowed;
  }

  void print_line_error(const std::string& where, size_t line, const std::string& msg) {
    std::cerr << "bulwark scan: " << where << ":" << line << ": " << msg << "\n";
    if (json_) std::cout << dump_json({{"line", line}, {"error", msg}}) << "\n";
    ++errors_;
  }

  void print_summary(size_t records) const {
    if (json_) return;
    std::cout << style_(std::to_string(records) + " records: " + std::to_string(counts_[0]) + " allow, " +
                            std::to_string(counts_[1]) + " annotate, " + std::to_string(counts_[2]) +
                            " redact, " + std::to_string(counts_[3]) + " block, " +
                            std::to_string(errors_) + " errors",
                        kBold)
              << "\n";
  }

  const Style& style() const { return style_; }
  bool json() const { return json_; }

 private:
  EnginePtr engine_;
  std::unique_ptr<Scratch> scratch_;
  bool json_;
  Style style_;
  size_t counts_[4] = {0, 0, 0, 0};
  size_t errors_ = 0;
};

// nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 9: <why>";
// a JSONL line is always "line 1", so keep the column (a byte offset) and the reason only.
std::string json_error(const nlohmann::ordered_json::parse_error& e) {
  std::string msg = e.what();
  if (auto p = msg.find(": "); p != std::string::npos) msg = msg.substr(p + 2);
  // e.byte counts from 1; report a 0-based offset like the UTF-8 errors do.
  return "invalid JSON at byte offset " + std::to_string(e.byte > 0 ? e.byte - 1 : 0) + " of the line: " + printable(msg);
}

// JSONL: one object per line with "text" and optional "role" (and "id", echoed back). A bad
// line is reported with its number and skipped; the run goes on and exits 2 at the end, so
// one broken record neither hides the others nor goes unnoticed.
int scan_jsonl(Scanner& scanner, const std::string& path, Role default_role) {
  std::ifstream file;
  std::istream* in = &std::cin;
  const std::string where = path == "-" ? "<stdin>" : path;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      std::cerr << "bulwark scan: cannot open '" << path << "': " << std::strerror(errno) << "\n";
      return kExitError;
    }
    in = &file;
  }
  Progress progress(file_size(path), true);
  const bool stdout_tty = isatty(STDOUT_FILENO) == 1;
  std::string line;
  size_t line_no = 0, records = 0;
  uint64_t bytes = 0;
  bool any_error = false, any_blocked = false;
  while (std::getline(*in, line)) {
    ++line_no;
    bytes += line.size() + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++records;
    nlohmann::ordered_json j;
    std::string err;
    try {
      j = nlohmann::ordered_json::parse(line);
    } catch (const nlohmann::ordered_json::parse_error& e) {
      err = json_error(e);
    }
    Role role = default_role;
    if (err.empty()) {
      if (!j.is_object()) err = "expected a JSON object";
      else if (!j.contains("text") || !j["text"].is_string()) err = "missing string field \"text\"";
      else if (j.contains("role")) {
        auto r = j["role"].is_string() ? parse_role(j["role"].get<std::string>()) : std::nullopt;
        if (r) role = *r;
        else err = "invalid \"role\" (system, user, assistant, document, tool_call, tool_result)";
      }
    }
    // The bar shares the terminal with errors always, and with results when stdout is one.
    if (!err.empty() || stdout_tty) progress.clear();
    if (!err.empty()) {
      scanner.print_line_error(where, line_no, err);
      any_error = true;
      continue;
    }
    nlohmann::ordered_json extra = {{"line", line_no}};
    if (j.contains("id")) extra["id"] = j["id"];
    if (!scanner.json()) {
      std::string head = "line " + std::to_string(line_no);
      if (j.contains("id")) head += "  id " + dump_json(j["id"]);
      std::cout << scanner.style()("── " + head + " ──", kDim) << "\n";
    }
    const std::string text = j["text"].get<std::string>();
    int rc = scanner.scan_one(text, role, where + ":" + std::to_string(line_no), extra);
    if (rc == kExitError) any_error = true;
    if (rc == kExitBlocked) any_blocked = true;
    progress.update(bytes, records);
  }
  progress.finish();
  scanner.print_summary(records);
  if (any_error) return kExitError;
  return any_blocked ? kExitBlocked : kExitAllowed;
}

}  // namespace

int cmd_scan(int argc, char** argv) {
  ScanOptions opt;
  CLI::App app{"Scan text for prompt attacks, PII, secrets, hidden text and policy violations.\n"
               "Exit status: 0 allowed, 1 blocked, 2 usage or input error.",
               "bulwark scan"};
  auto* text_opt = app.add_option("text", opt.text, "text to scan ('-' or nothing: standard input)");
  auto* file = app.add_option("-f,--file", opt.file, "scan the contents of FILE as one input")->type_name("FILE");
  auto* jsonl = app.add_option("--jsonl", opt.jsonl,
                               "scan each line of FILE ('-': stdin), a JSON object with \"text\" and "
                               "optional \"role\" and \"id\"")
                   ->type_name("FILE");
  app.add_option("-r,--role", opt.role,
                 "role of the text: system, user, assistant, document, tool_call, tool_result")
      ->type_name("ROLE")
      ->capture_default_str();
  app.add_option("-p,--policy", opt.policy, "policy YAML file (default: built-in policy)")->type_name("FILE");
  app.add_flag("--json", opt.json, "print one JSON object per input instead of a table");
  app.add_option("--color", opt.color, "colour the table: auto (terminal and no NO_COLOR), always, never")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  file->excludes(jsonl);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kExitError;
  }
  const bool text_given = text_opt->count() > 0 && opt.text != "-";
  if (text_given && (!opt.file.empty() || !opt.jsonl.empty())) {
    std::cerr << "bulwark scan: give the text as an argument, --file or --jsonl, not several\n";
    return kExitError;
  }
  auto role = parse_role(opt.role);
  if (!role) {
    std::cerr << "bulwark scan: unknown role '" << opt.role
              << "' (system, user, assistant, document, tool_call, tool_result)\n";
    return kExitError;
  }
  auto engine = load_engine(opt.policy);
  if (!engine.ok()) {
    std::cerr << "bulwark scan: " << engine.status().message() << "\n";
    return kExitError;
  }
  Scanner scanner(*engine, opt);
  if (!opt.jsonl.empty()) return scan_jsonl(scanner, opt.jsonl, *role);

  std::string source = "<argument>";
  std::string text = opt.text;
  if (!text_given) {
    const std::string path = opt.file.empty() ? "-" : opt.file;
    source = path == "-" ? "<stdin>" : path;
    auto in = read_input(path);
    if (!in.ok()) {
      std::cerr << "bulwark scan: " << in.status().message() << "\n";
      return kExitError;
    }
    text = std::move(in).value();
  }
  return scanner.scan_one(text, *role, source);
}

}  // namespace bulwark::cli
