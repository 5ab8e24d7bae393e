// bulwark — the command line. Thin: each subcommand lives in its own file.
#include <cstring>
#include <iostream>
#include <string_view>

#include "commands.h"

namespace {

struct Command {
  const char* name;
  int (*run)(int, char**);
  const char* help;
};

const Command kCommands[] = {
    {"scan", bulwark::cli::cmd_scan, "scan text for attacks, PII, secrets and policy violations"},
    {"eval", bulwark::cli::cmd_eval, "measure detectors on labelled JSONL datasets"},
    {"detectors", bulwark::cli::cmd_detectors, "list the registered detectors"},
    {"train", bulwark::cli::cmd_train, "train the model-backed detectors from labelled datasets"},
    {"serve", bulwark::cli::cmd_serve, "run the gateway (OpenAI / Azure Content Safety compatible)"},
    {"keys", bulwark::cli::cmd_keys, "create, list, update, revoke and rotate gateway API keys"},
    {"audit", bulwark::cli::cmd_audit, "show the gateway's audit rows (tail, query)"},
    {"report", bulwark::cli::cmd_report, "posture report: responsibility matrix, gaps, frameworks, activity"},
    {"incidents", bulwark::cli::cmd_incidents, "list, show, acknowledge and resolve gateway incidents"},
    {"policy", bulwark::cli::cmd_policy, "versioned policies of a running gateway: push, list, rollback, reload"},
    {"blocklists", bulwark::cli::cmd_blocklists, "blocklists of a running gateway: list, show, create, add, remove, delete"},
    {"version", bulwark::cli::cmd_version, "print the version (--verbose: libraries, detectors)"},
};

void usage(std::ostream& os) {
  os << "usage: bulwark <command> [options]\n\ncommands:\n";
  for (const auto& c : kCommands) os << "  " << c.name << std::string(12 - std::strlen(c.name), ' ') << c.help << "\n";
  os << "\nRun 'bulwark <command> --help' for a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(std::cerr);
    return 2;
  }
  std::string_view cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    usage(std::cout);
    return 0;
  }
  if (cmd == "--version") return bulwark::cli::cmd_version(argc - 1, argv + 1);
  for (const auto& c : kCommands)
    if (cmd == c.name) {
      try {
        return c.run(argc - 1, argv + 1);
      } catch (const std::exception& e) {
        std::cerr << "bulwark " << c.name << ": internal error: " << e.what() << "\n";
        return 2;
      }
    }
  std::cerr << "bulwark: unknown command '" << cmd << "'\n\n";
  usage(std::cerr);
  return 2;
}
