// gateway/scanner.h — the engine as the gateway uses it: one compiled Engine shared by every
// worker, one Scratch per thread, and the mapping of findings onto each face's vocabulary.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/engine.h"
#include "gateway/metrics.h"

namespace bulwark::gateway {

// The findings of one piece of a request (a message, a document, a tool call).
struct ScannedPart {
  Role role = Role::kUser;
  int index = 0;          // message index (or input index) the part came from
  ScanResult result;
};

class Scanner {
 public:
  Scanner(EnginePtr engine, Metrics* metrics);
  // Thread-safe; uses this thread's scratch. Counts decisions and scan time in metrics.
  Result<ScanResult> scan(std::string_view text, Role role) const;
  const Engine& engine() const { return *engine_; }

 private:
  EnginePtr engine_;
  Metrics* metrics_;
  uint64_t id_;   // unique per Scanner: a new policy version may reuse a freed engine's address
  bool no_detectors_;   // a policy that runs nothing ("scanning off")
};

// Severity 0..7 → Azure OpenAI "safe" | "low" | "medium" | "high".
const char* severity_label(int severity);
// Azure Content Safety FourSeverityLevels: 0,2,4,6.
int trim_severity(int severity);

// Azure OpenAI content_filter_results for a set of parts (a prompt, a choice).
nlohmann::json content_filter_results(const std::vector<const ScanResult*>& results);
// [{detector, category, subtype, severity, score, action, role, index, span:{start,end}}]
nlohmann::json findings_json(const std::vector<ScannedPart>& parts);
// Text a model detector did not judge (scripts it has no ordinary training text in):
// [{detector, scripts:[...], role, index}]. Empty when every detector read all of it; an
// empty findings list then means "judged and nothing found", not "not looked at".
nlohmann::json unread_json(const std::vector<ScannedPart>& parts);
// The same for a response header, per detector across parts: "model.harm=Bengali,Thai;
// model.prompt_attack=Devanagari" ("" when everything was read). For the chat answers, whose
// OpenAI and Azure formats have no field for it.
std::string unread_header(const std::vector<ScannedPart>& parts);
Action strongest(const std::vector<ScannedPart>& parts);

}  // namespace bulwark::gateway
