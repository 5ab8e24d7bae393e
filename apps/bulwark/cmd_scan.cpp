// Placeholder; the full `bulwark scan` (table/JSON output, --jsonl, progress) replaces it.
#include <iostream>
#include <iterator>
#include <string>

#include "bulwark/engine.h"
#include "commands.h"

namespace bulwark::cli {

int cmd_scan(int argc, char** argv) {
  std::string text;
  if (argc >= 2) text = argv[1];
  else text.assign(std::istreambuf_iterator<char>(std::cin), {});
  auto engine = Engine::compile(Policy::defaults());
  if (!engine.ok()) {
    std::cerr << engine.status().message() << "\n";
    return 2;
  }
  auto scratch = (*engine)->new_scratch();
  auto r = (*engine)->scan({text, Role::kUser}, *scratch);
  if (!r.ok()) {
    std::cerr << "bulwark scan: " << r.status().message() << "\n";
    return 2;
  }
  std::cout << "decision: " << action_name(r->decision) << "\n";
  for (const auto& f : r->findings)
    std::cout << f.detector << " " << f.category << "/" << f.subtype << " sev=" << f.severity
              << " [" << f.span.byte_begin << "," << f.span.byte_end << ") " << f.evidence << "\n";
  return r->decision == Action::kBlock ? 1 : 0;
}

}  // namespace bulwark::cli
