// bulwark/policy.h — the policy: which detectors run on which roles, what each category's
// findings do, redaction, blocklists and failure handling. Loaded from a versioned YAML file.
//
// Example:
//   auto policy = bulwark::load_policy_file("examples/policy.yaml");
//   if (!policy.ok()) { /* message names file, line and field */ }
//
// A policy that fails validation is never returned: load_* gives an error instead.
// Thread-safety: plain value.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/detector.h"
#include "bulwark/result.h"
#include "bulwark/types.h"

namespace bulwark {

enum class RedactionMode { kPlaceholder, kMask, kHash };
enum class InvalidUtf8Mode { kReject, kReplace };
enum class FailureMode { kFailClosed, kFailOpen };

std::string_view redaction_mode_name(RedactionMode m);

struct DetectorConfig {
  std::string id;
  bool enabled = true;
  std::optional<RoleSet> roles;                  // unset: the detector's default roles
  std::map<std::string, std::string> params;     // detector-specific settings
};

// What findings of one category do. Categories nest with '/': a rule for "harm" applies to
// "harm/hate" unless a rule for "harm/hate" exists. Among rules for the same category, the
// first whose roles include the scanned role wins.
struct CategoryRule {
  std::string category;
  Action action = Action::kBlock;
  int min_severity = 0;        // findings below this severity take no action
  double threshold = 0.0;      // findings scoring below this take no action
  std::optional<RoleSet> roles;
};

// Azure AI Content Safety limits: 128-character items, 10,000 terms per list.
inline constexpr size_t kMaxBlocklistItemChars = 128;
inline constexpr size_t kMaxBlocklistTerms = 10000;

struct Blocklist {
  std::string name;
  std::vector<std::string> terms;     // matched case-insensitively, word-bounded, on normalized views
  std::vector<std::string> regexes;   // RE2/Hyperscan syntax, matched on the folded view
};

struct DecodeOptions {
  int max_depth = 2;                 // payloads inside payloads
  size_t max_decoded_bytes = 1 << 20;  // per scan, all payloads together
  size_t min_encoded_len = 16;       // shorter runs are not treated as payloads
};

// A per-identity score kept by the gateway's detect-and-respond (docs/respond.md). A request adds
// `weight` when it has a finding in one of `categories` ("pii" also matches "pii/email") and, when
// `decision` is set, its decision equals it; `per_finding` adds weight per matching finding. The
// identity is throttled / suspended (with an incident) when the sum over the window reaches the
// thresholds (0 = never).
struct ResponseScore {
  std::string kind;
  std::vector<std::string> categories;
  std::string decision;
  bool per_finding = false;
  double weight = 1.0;
  double throttle_at = 0;
  double suspend_at = 0;
};

struct Policy {
  int version = 1;
  std::string name = "default";
  InvalidUtf8Mode invalid_utf8 = InvalidUtf8Mode::kReject;
  FailureMode failure_mode = FailureMode::kFailClosed;
  RedactionMode redaction = RedactionMode::kPlaceholder;
  size_t max_input_bytes = 4 << 20;
  DecodeOptions decode;
  // Every registered detector that is enabled by default runs (with its default roles)
  // unless use_default_detectors is false; entries here add detectors or override those.
  bool use_default_detectors = true;
  std::vector<DetectorConfig> detectors;
  std::vector<CategoryRule> rules;
  std::vector<Blocklist> blocklists;
  // `respond: scores:` — when set, identities under this policy are scored by these rules instead
  // of the gateway config's respond.scores (the window, throttle and suspension times and alerts
  // stay the gateway's). An empty list turns scoring off for them.
  std::optional<std::vector<ResponseScore>> respond_scores;
  std::string source;                // file the policy came from, for messages

  // The built-in default: all rule detectors on; secrets and prompt attacks block, PII is
  // redacted, hidden text and exfiltration links are blocked, everything else annotates.
  static Policy defaults();
  Status validate() const;
};

Result<Policy> parse_policy_yaml(std::string_view yaml, std::string_view filename = "<policy>");
Result<Policy> load_policy_file(const std::string& path);

}  // namespace bulwark
