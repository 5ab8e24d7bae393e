// examples/simple_scan.cpp — the library in twenty lines: compile an Engine from a policy,
// scan one text, print the decision and findings.
//
//   build/example_simple_scan examples/policy.yaml "mail me at alice@example.com"
#include <iostream>
#include <string>

#include "bulwark/engine.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: example_simple_scan POLICY.yaml TEXT\n";
    return 2;
  }
  auto policy = bulwark::load_policy_file(argv[1]);  // errors name file, line and field
  if (!policy.ok()) {
    std::cerr << policy.status().message() << "\n";
    return 2;
  }
  auto engine = bulwark::Engine::compile(*policy);  // once; share it between threads
  if (!engine.ok()) {
    std::cerr << engine.status().message() << "\n";
    return 2;
  }
  auto scratch = (*engine)->new_scratch();  // one per thread, reused across scans
  const std::string text = argv[2];
  auto result = (*engine)->scan({text, bulwark::Role::kUser}, *scratch);
  if (!result.ok()) {  // malformed UTF-8 (with the byte offset), oversized input, ...
    std::cerr << result.status().message() << "\n";
    return 2;
  }
  std::cout << "decision: " << bulwark::action_name(result->decision) << "\n";
  for (const bulwark::Finding& f : result->findings)
    std::cout << "  " << f.detector << "  " << f.category << "/" << f.subtype << "  severity "
              << f.severity << "  bytes " << f.span.byte_begin << "-" << f.span.byte_end << "  "
              << f.evidence << "\n";
  if (result->redacted_text) std::cout << "redacted: " << *result->redacted_text << "\n";
  return result->decision == bulwark::Action::kBlock ? 1 : 0;
}
