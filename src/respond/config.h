// respond/config.h — the `respond:` section of the gateway config: which signals score an
// identity, over which sliding window, and what happens when a score crosses a threshold
// (throttle, suspend + incident), plus where alerts go. Absent section = responder off.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bulwark/result.h"

namespace bulwark::respond {

// One named score kept per identity, e.g. "prompt_attack". A request adds weight when it has a
// finding in one of `categories` (and, when set, the request's decision equals `decision`);
// `per_finding` adds weight for every matching finding instead of once per request.
struct ScoreRule {
  std::string kind;
  std::vector<std::string> categories;   // "pii" also matches "pii/email"; empty: any request
  std::string decision;                  // "" = any decision; "block" = blocked requests only
  bool per_finding = false;
  double weight = 1.0;
  double throttle_at = 0;                // 0 = never throttle on this score
  double suspend_at = 0;                 // 0 = never suspend on this score
};

struct WebhookConfig {
  std::string url;          // http://host:port/path (https: put a TLS proxy in front)
  std::string secret;       // HMAC-SHA256 key; or read from secret_env
  uint32_t timeout_ms = 5000;
};

struct AlertsConfig {
  std::string log_path;                  // JSON lines; empty = no alert log
  std::vector<WebhookConfig> webhooks;
  size_t queue_size = 1000;              // pending deliveries; a full queue drops and counts
  uint32_t max_attempts = 6;
  uint32_t backoff_ms = 1000;            // first retry delay; doubles per attempt
  uint32_t backoff_max_ms = 60000;
};

struct RespondConfig {
  bool enabled = false;
  uint32_t window_s = 300;
  uint32_t throttle_s = 60;
  uint32_t suspend_s = 900;
  std::vector<std::string> routes = {"/v1/chat/completions"};   // "*" = every authenticated route
  std::vector<std::string> exempt_keys;                          // key ids never scored
  std::vector<ScoreRule> scores;                                 // defaults when the section names none
  AlertsConfig alerts;
};

// The three built-in scores: prompt_attack, pii_harvesting, blocked_burst.
std::vector<ScoreRule> default_scores();

// Parses `node` (the value of `respond:`) into out; errors read "file:line: respond.x: why".
Status parse_respond_config(const std::string& file, const YAML::Node& node, RespondConfig& out);

}  // namespace bulwark::respond
