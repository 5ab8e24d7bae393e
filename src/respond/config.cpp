#include "respond/config.h"

#include <cstdlib>
#include <set>

#include "common/yaml_fields.h"

namespace bulwark::respond {

namespace {

using yaml_fields::check_keys;
using yaml_fields::field_error;
using yaml_fields::read;
using yaml_fields::read_list;

Status parse_score(const std::string& file, const std::string& kind, const YAML::Node& n, ScoreRule& r) {
  const std::string p = "respond.scores." + kind;
  BULWARK_RETURN_IF_ERROR(check_keys(file, n, p, {"categories", "decision", "per", "weight", "throttle_at", "suspend_at"}));
  r.kind = kind;
  if (n["categories"]) BULWARK_RETURN_IF_ERROR(read_list(file, n["categories"], p + ".categories", r.categories));
  if (n["decision"]) BULWARK_RETURN_IF_ERROR(read(file, n["decision"], p + ".decision", r.decision));
  if (n["per"]) {
    std::string per;
    BULWARK_RETURN_IF_ERROR(read(file, n["per"], p + ".per", per));
    if (per != "request" && per != "finding") return field_error(file, n["per"], p + ".per", "expected request or finding");
    r.per_finding = per == "finding";
  }
  if (n["weight"]) BULWARK_RETURN_IF_ERROR(read(file, n["weight"], p + ".weight", r.weight));
  if (n["throttle_at"]) BULWARK_RETURN_IF_ERROR(read(file, n["throttle_at"], p + ".throttle_at", r.throttle_at));
  if (n["suspend_at"]) BULWARK_RETURN_IF_ERROR(read(file, n["suspend_at"], p + ".suspend_at", r.suspend_at));
  if (!(r.weight > 0)) return field_error(file, n, p + ".weight", "must be greater than 0");
  if (r.throttle_at < 0 || r.suspend_at < 0) return field_error(file, n, p, "thresholds must not be negative");
  if (r.throttle_at == 0 && r.suspend_at == 0) return field_error(file, n, p, "set throttle_at, suspend_at or both");
  if (r.categories.empty() && r.decision.empty())
    return field_error(file, n, p, "set categories, decision or both (otherwise every request scores)");
  return Status::Ok();
}

Status parse_alerts(const std::string& file, const YAML::Node& a, AlertsConfig& c) {
  BULWARK_RETURN_IF_ERROR(check_keys(file, a, "respond.alerts",
                                     {"log", "webhooks", "queue_size", "max_attempts", "backoff_ms", "backoff_max_ms"}));
  if (a["log"]) BULWARK_RETURN_IF_ERROR(read(file, a["log"], "respond.alerts.log", c.log_path));
  if (a["queue_size"]) BULWARK_RETURN_IF_ERROR(read(file, a["queue_size"], "respond.alerts.queue_size", c.queue_size));
  if (a["max_attempts"]) BULWARK_RETURN_IF_ERROR(read(file, a["max_attempts"], "respond.alerts.max_attempts", c.max_attempts));
  if (a["backoff_ms"]) BULWARK_RETURN_IF_ERROR(read(file, a["backoff_ms"], "respond.alerts.backoff_ms", c.backoff_ms));
  if (a["backoff_max_ms"]) BULWARK_RETURN_IF_ERROR(read(file, a["backoff_max_ms"], "respond.alerts.backoff_max_ms", c.backoff_max_ms));
  if (c.queue_size == 0) return field_error(file, a, "respond.alerts.queue_size", "must be at least 1");
  if (c.max_attempts == 0) return field_error(file, a, "respond.alerts.max_attempts", "must be at least 1");
  if (auto ws = a["webhooks"]) {
    if (!ws.IsSequence()) return field_error(file, ws, "respond.alerts.webhooks", "expected a list");
    size_t i = 0;
    for (const auto& w : ws) {
      const std::string p = "respond.alerts.webhooks[" + std::to_string(i++) + "]";
      BULWARK_RETURN_IF_ERROR(check_keys(file, w, p, {"url", "secret", "secret_env", "timeout_ms", "ca_file"}));
      WebhookConfig wc;
      if (!w["url"]) return field_error(file, w, p + ".url", "missing");
      BULWARK_RETURN_IF_ERROR(read(file, w["url"], p + ".url", wc.url));
      if (wc.url.rfind("http://", 0) != 0 && wc.url.rfind("https://", 0) != 0)
        return field_error(file, w["url"], p + ".url", "expected an http:// or https:// URL");
      if (wc.url.find("://") + 3 >= wc.url.size() || wc.url[wc.url.find("://") + 3] == '/')
        return field_error(file, w["url"], p + ".url", "no host in '" + wc.url + "'");
      if (w["ca_file"]) {
        BULWARK_RETURN_IF_ERROR(read(file, w["ca_file"], p + ".ca_file", wc.ca_file));
        if (wc.url.rfind("https://", 0) != 0) return field_error(file, w["ca_file"], p + ".ca_file", "only for https:// webhooks");
      }
      if (w["secret"]) BULWARK_RETURN_IF_ERROR(read(file, w["secret"], p + ".secret", wc.secret));
      if (w["secret_env"]) {
        std::string name;
        BULWARK_RETURN_IF_ERROR(read(file, w["secret_env"], p + ".secret_env", name));
        const char* v = std::getenv(name.c_str());
        if (!v || !*v) return field_error(file, w["secret_env"], p + ".secret_env", "environment variable " + name + " is not set");
        wc.secret = v;
      }
      if (wc.secret.empty()) return field_error(file, w, p + ".secret", "missing (webhooks are always signed)");
      if (w["timeout_ms"]) BULWARK_RETURN_IF_ERROR(read(file, w["timeout_ms"], p + ".timeout_ms", wc.timeout_ms));
      c.webhooks.push_back(std::move(wc));
    }
  }
  return Status::Ok();
}

}  // namespace

std::vector<ScoreRule> default_scores() {
  ScoreRule attack{"prompt_attack", {"prompt_attack"}, "", false, 1.0, 3, 5};
  ScoreRule pii{"pii_harvesting", {"pii"}, "", true, 1.0, 25, 50};
  ScoreRule burst{"blocked_burst", {}, "block", false, 1.0, 10, 20};
  return {attack, pii, burst};
}

Status parse_score_rules(const std::string& file, const YAML::Node& s, std::vector<ScoreRule>& out) {
  out.clear();
  if (s.IsNull()) return Status::Ok();   // "scores: {}" or empty: nothing is scored
  if (!s.IsMap()) return field_error(file, s, "respond.scores", "expected a mapping of score name to rule");
  for (const auto& kv : s) {
    ScoreRule r;
    BULWARK_RETURN_IF_ERROR(parse_score(file, kv.first.as<std::string>(), kv.second, r));
    out.push_back(std::move(r));
  }
  return Status::Ok();
}

Status parse_respond_config(const std::string& file, const YAML::Node& n, RespondConfig& c) {
  BULWARK_RETURN_IF_ERROR(check_keys(file, n, "respond",
                                     {"enabled", "window_s", "throttle_s", "suspend_s", "routes", "exempt_keys",
                                      "scores", "alerts"}));
  c.enabled = true;   // a respond: section turns the responder on unless it says enabled: false
  if (n["enabled"]) BULWARK_RETURN_IF_ERROR(read(file, n["enabled"], "respond.enabled", c.enabled));
  if (n["window_s"]) BULWARK_RETURN_IF_ERROR(read(file, n["window_s"], "respond.window_s", c.window_s));
  if (n["throttle_s"]) BULWARK_RETURN_IF_ERROR(read(file, n["throttle_s"], "respond.throttle_s", c.throttle_s));
  if (n["suspend_s"]) BULWARK_RETURN_IF_ERROR(read(file, n["suspend_s"], "respond.suspend_s", c.suspend_s));
  if (c.window_s == 0) return field_error(file, n["window_s"], "respond.window_s", "must be at least 1");
  if (c.throttle_s == 0) return field_error(file, n["throttle_s"], "respond.throttle_s", "must be at least 1");
  if (c.suspend_s == 0) return field_error(file, n["suspend_s"], "respond.suspend_s", "must be at least 1");
  if (n["routes"]) BULWARK_RETURN_IF_ERROR(read_list(file, n["routes"], "respond.routes", c.routes));
  if (n["exempt_keys"]) BULWARK_RETURN_IF_ERROR(read_list(file, n["exempt_keys"], "respond.exempt_keys", c.exempt_keys));
  if (auto s = n["scores"]) {
    BULWARK_RETURN_IF_ERROR(parse_score_rules(file, s, c.scores));
  } else {
    c.scores = default_scores();
  }
  if (auto a = n["alerts"]) BULWARK_RETURN_IF_ERROR(parse_alerts(file, a, c.alerts));
  return Status::Ok();
}

}  // namespace bulwark::respond
