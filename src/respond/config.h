// respond/config.h — the `respond:` section of the gateway config: which signals score an
// identity, over which sliding window, and what happens when a score crosses a threshold
// (throttle, suspend + incident), plus where alerts go. Absent section = responder off.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bulwark/policy.h"
#include "bulwark/result.h"

namespace bulwark::respond {

// One named score kept per identity, e.g. "prompt_attack" (the type is public: an engine policy
// may carry its own rules, include/bulwark/policy.h).
using ScoreRule = ResponseScore;

struct WebhookConfig {
  std::string url;          // http:// or https://host[:port]/path
  std::string ca_file;      // https: trust these CAs (PEM) instead of the system store
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

// Parses a `scores:` mapping (score name -> rule) into out; errors name `path`, e.g.
// "file:line: respond.scores.prompt_attack.weight: must be greater than 0".
Status parse_score_rules(const std::string& file, const YAML::Node& node, std::vector<ScoreRule>& out);

// Parses `node` (the value of `respond:`) into out; errors read "file:line: respond.x: why".
Status parse_respond_config(const std::string& file, const YAML::Node& node, RespondConfig& out);

}  // namespace bulwark::respond
