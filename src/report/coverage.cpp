#include "report/coverage.h"

#include <algorithm>

#include "engine/rules.h"

namespace bulwark::report {

std::string_view control_state_name(ControlState s) {
  switch (s) {
    case ControlState::kActive: return "active";
    case ControlState::kPartial: return "partial";
    case ControlState::kOff: return "off";
  }
  return "?";
}

std::string_view row_state_name(RowState s) {
  switch (s) {
    case RowState::kCovered: return "covered";
    case RowState::kPartial: return "partial";
    case RowState::kGap: return "gap";
    case RowState::kOutside: return "outside";
    case RowState::kProvider: return "provider";
  }
  return "?";
}

Action best_action(const Policy& policy, std::string_view category, Role role) {
  engine::RuleTable table(policy.rules);
  Finding f;
  f.category = std::string(category);
  f.severity = 7;
  f.score = 1.0;
  if (category == "harm") {
    // Harm findings carry a sub-category; judge the four Azure ones and report the weakest.
    Action weakest = Action::kBlock;
    for (const char* sub : {"harm/hate", "harm/sexual", "harm/violence", "harm/self-harm"}) {
      f.category = sub;
      weakest = std::min(weakest, table.action_for(f, role));
    }
    return weakest;
  }
  return table.action_for(f, role);
}

bool detects(const Posture& posture, std::string_view category, Role role) {
  for (const auto& d : posture.detectors)
    if (d.category == category && !d.model_missing && d.roles.test(static_cast<size_t>(role))) return true;
  return false;
}

namespace {

std::string join(const std::vector<std::string>& v, std::string_view sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::vector<std::string> detectors_for(const Posture& p, std::string_view category, Role role) {
  std::vector<std::string> ids;
  for (const auto& d : p.detectors)
    if (d.category == category && !d.model_missing && d.roles.test(static_cast<size_t>(role))) ids.push_back(d.id);
  return ids;
}

// A content control: `category` must be detected on every role in `roles` and the policy must
// take at least `needed` there. Detection with a weaker action, or on some roles only, is partial.
struct ContentCheck {
  ControlState state = ControlState::kOff;
  std::string evidence, gap;
};

ContentCheck check_content(const Posture& p, std::string_view category, std::initializer_list<Role> roles,
                           Action needed) {
  ContentCheck c;
  size_t full = 0, seen = 0;
  std::vector<std::string> ev, gaps;
  for (Role r : roles) {
    auto ids = detectors_for(p, category, r);
    const std::string rn(role_name(r));
    if (ids.empty()) {
      gaps.push_back(rn + ": no enabled " + std::string(category) + " detector");
      continue;
    }
    ++seen;
    Action a = best_action(p.policy, category, r);
    ev.push_back(rn + " → " + std::string(action_name(a)) + " (" + join(ids) + ")");
    if (a >= needed) ++full;
    else gaps.push_back(rn + ": findings only " + std::string(action_name(a)) + " (needs " +
                        std::string(action_name(needed)) + ")");
  }
  for (const auto& d : p.detectors)
    if (d.category == category && d.model_missing) gaps.push_back(d.id + ": model not found, reports nothing");
  c.state = full == roles.size() ? ControlState::kActive : seen > 0 ? ControlState::kPartial : ControlState::kOff;
  c.evidence = ev.empty() ? "no " + std::string(category) + " detector on these roles" : join(ev, "; ");
  c.gap = join(gaps, "; ");
  return c;
}

// Where a control's fix snippet goes.
constexpr const char* kGatewayConfig = "gateway config";
constexpr const char* kPolicy = "policy";
constexpr const char* kCommand = "command";

// `r` falls short: its state (partial or off), what is missing, and the snippet that closes it.
ControlResult short_of(ControlResult r, ControlState state, std::string gap, std::string fix, const char* target) {
  r.state = state;
  r.gap = std::move(gap);
  r.fix = std::move(fix);
  r.fix_target = target;
  return r;
}

ControlResult content_control(const Posture& p, std::string id, std::string name, std::string_view category,
                              std::initializer_list<Role> roles, Action needed, std::string fix) {
  auto c = check_content(p, category, roles, needed);
  ControlResult r{std::move(id), std::move(name), c.state, c.evidence, "", "", ""};
  if (c.state == ControlState::kActive) return r;
  return short_of(std::move(r), c.state, c.gap, std::move(fix), kPolicy);
}

ControlResult identity(const Posture& p) {
  ControlResult r{"identity", "API-key authentication (per-identity accountability)", ControlState::kOff, "", "", "",
                  ""};
  const auto& c = p.config;
  if (!c.auth_required) {
    r.evidence = "auth.required: false — anyone who can reach the gateway can use it, anonymously";
    return short_of(std::move(r), ControlState::kOff, "requests are not tied to an identity",
                    "auth:\n  required: true\n", kGatewayConfig);
  }
  std::string ev = "auth.required: true; " + std::to_string(p.keys.size()) + " key(s) (" +
                   std::to_string(c.keys.size()) + " in the config" +
                   (p.keys_from_database_known ? ", " + std::to_string(p.keys.size() - c.keys.size()) + " in the database"
                                               : ", database keys not read") +
                   ")";
  r.evidence = ev;
  if (p.keys.empty() && p.keys_from_database_known) {
    return short_of(std::move(r), ControlState::kPartial,
                    "no per-application keys: only the master key (BULWARK_MASTER_KEY) can call, so every request "
                    "has the same identity",
                    "bulwark keys --db " + c.db_path + " create --id APP --tenant TENANT --app APP --models MODEL\n",
                    kCommand);
  }
  r.state = ControlState::kActive;
  return r;
}

ControlResult access_scoping(const Posture& p) {
  ControlResult r{"access_scoping", "per-key model and tool allow-lists", ControlState::kOff, "", "", "", ""};
  const std::string fix = "keys:\n  - id: APP\n    sha256: \"<sha256 of the key>\"\n    models: [gpt-4o-mini]\n"
                          "    tools: [search]\n";
  if (!p.config.auth_required) {
    r.evidence = "auth is off: no key, no scope";
    return short_of(std::move(r), ControlState::kOff, "nothing limits which models or tools a caller may use",
                    "auth:\n  required: true\n" + fix, kGatewayConfig);
  }
  std::vector<std::string> open;
  std::string db_fix;   // keys from the database are re-issued with a scope, then revoked
  bool open_config_key = false;
  size_t scoped = 0;
  for (const auto& k : p.keys) {
    if (k.models_restricted || k.tools_restricted) {
      ++scoped;
      continue;
    }
    open.push_back(k.id);
    if (k.source == "config") open_config_key = true;
    else
      db_fix += "bulwark keys --db " + p.config.db_path + " create --id " + k.id +
                "-scoped --tenant TENANT --models gpt-4o-mini --tools search\nbulwark keys --db " + p.config.db_path +
                " revoke " + k.id + "   # once the application uses the new key\n";
  }
  r.evidence = std::to_string(scoped) + " of " + std::to_string(p.keys.size()) + " key(s) restrict models or tools";
  if (!p.keys.empty() && open.empty()) {
    r.state = ControlState::kActive;
    return r;
  }
  const bool by_command = !open_config_key && !db_fix.empty();
  return short_of(std::move(r), scoped > 0 ? ControlState::kPartial : ControlState::kOff,
                  p.keys.empty() ? "no keys to scope" : "keys that may use every model and tool: " + join(open),
                  by_command ? db_fix : fix, by_command ? kCommand : kGatewayConfig);
}

ControlResult rate_limits(const Posture& p) {
  ControlResult r{"rate_limits", "per-key request rate limits", ControlState::kOff, "", "", "", ""};
  std::vector<std::string> unlimited;
  size_t limited = 0;
  for (const auto& k : p.keys) {
    if (k.rpm > 0) ++limited;
    else unlimited.push_back(k.id + (k.source == "database" ? " (database key)" : ""));
  }
  r.evidence = std::to_string(limited) + " of " + std::to_string(p.keys.size()) + " key(s) have an rpm limit";
  if (p.config.auth_required && !p.keys.empty() && unlimited.empty()) {
    r.state = ControlState::kActive;
    return r;
  }
  const bool db_unlimited = std::any_of(p.keys.begin(), p.keys.end(),
                                        [](const KeyFacts& k) { return k.rpm == 0 && k.source == "database"; });
  return short_of(
      std::move(r), limited > 0 ? ControlState::kPartial : ControlState::kOff,
      !p.config.auth_required ? "auth is off: anonymous callers are not limited"
      : p.keys.empty()        ? "no keys with limits"
                              : "unlimited keys: " + join(unlimited),
      std::string(db_unlimited ? "# keys in the database cannot carry a limit in this build: give the application a\n"
                                 "# config key with one (printf %s \"$KEY\" | sha256sum) and revoke the database key\n"
                               : "") +
          "keys:\n  - id: APP\n    sha256: \"<sha256 of the key>\"\n    rpm: 60\n",
      kGatewayConfig);
}

ControlResult blocklists(const Posture& p) {
  ControlResult r{"blocklists", "custom blocklists", ControlState::kOff, "", "", "", ""};
  const bool detector = std::any_of(p.detectors.begin(), p.detectors.end(),
                                    [](const DetectorFacts& d) { return d.id == "blocklist"; });
  size_t terms = 0;
  for (const auto& b : p.policy.blocklists) terms += b.terms.size() + b.regexes.size();
  const Action a = best_action(p.policy, "blocklist", Role::kUser);
  r.evidence = std::to_string(p.policy.blocklists.size()) + " list(s), " + std::to_string(terms) + " item(s); " +
               (detector ? "blocklist detector on" : "blocklist detector off") + "; user → " +
               std::string(action_name(a));
  if (detector && terms > 0 && a == Action::kBlock) {
    r.state = ControlState::kActive;
    return r;
  }
  return short_of(std::move(r), detector && terms > 0 ? ControlState::kPartial : ControlState::kOff,
                  !detector    ? "the blocklist detector is disabled"
                  : terms == 0 ? "the policy has no blocklist"
                               : "blocklist hits are not blocked",
                  "blocklists:\n  - name: internal_codenames\n    terms: [project falcon]\nrules:\n"
                  "  - {category: blocklist, action: block}\n",
                  kPolicy);
}

ControlResult audit_log(const Posture& p) {
  // The gateway always audits (one row per request, storage.db); the queue must hold a burst.
  ControlResult r{"audit_log", "audit log of every decision", ControlState::kActive, "", "", "", ""};
  r.evidence = "storage.db: " + p.config.db_path + ", audit.queue_size: " + std::to_string(p.config.audit_queue_size);
  if (p.config.audit_queue_size >= 100) return r;
  return short_of(std::move(r), ControlState::kPartial,
                  "a queue this small drops rows under a burst (counted in bulwark_audit_dropped_total)",
                  "audit:\n  queue_size: 10000\n", kGatewayConfig);
}

ControlResult content_minimization(const Posture& p) {
  ControlResult r{"content_minimization", "no prompt or response text kept at rest", ControlState::kActive, "", "",
                  "", ""};
  if (!p.config.audit_store_content) {
    r.evidence = "audit.store_content: false — the audit keeps only the SHA-256 of content and redacted findings";
    return r;
  }
  r.evidence = "audit.store_content: true";
  return short_of(std::move(r), ControlState::kPartial, "content is requested to be kept at rest (reserved in this build)",
                  "audit:\n  store_content: false\n", kGatewayConfig);
}

ControlResult fail_closed(const Posture& p) {
  ControlResult r{"fail_closed", "fail closed when a detector fails", ControlState::kActive, "", "", "", ""};
  if (p.policy.failure_mode == FailureMode::kFailClosed) {
    r.evidence = "failure_mode: fail_closed";
    return r;
  }
  r.evidence = "failure_mode: fail_open";
  return short_of(std::move(r), ControlState::kOff, "a failing detector lets the text through unscanned",
                  "failure_mode: fail_closed\n", kPolicy);
}

ControlResult policy_as_code(const Posture& p) {
  ControlResult r{"policy_as_code", "versioned, validated policy file", ControlState::kActive, "", "", "", ""};
  if (p.policy_given) {
    r.evidence = "policy: " + p.policy.source + " (version " + std::to_string(p.policy.version) + ", name " +
                 p.policy.name + ")";
    return r;
  }
  r.evidence = "the built-in default policy";
  return short_of(std::move(r), ControlState::kPartial, "no policy file of your own to review and version",
                  "policy: policy.yaml     # start from examples/policy.yaml\n", kGatewayConfig);
}

ControlResult request_limits(const Posture& p) {
  ControlResult r{"request_limits", "request size, connection and time limits", ControlState::kActive, "", "", "",
                  ""};
  const auto& l = p.config.limits;
  r.evidence = "max_body_bytes " + std::to_string(l.max_body_bytes) + ", max_connections " +
               std::to_string(l.max_connections) + ", request_timeout_ms " + std::to_string(l.request_timeout_ms);
  if (l.max_body_bytes <= (4u << 20) && l.max_connections <= 4096) return r;
  return short_of(std::move(r), ControlState::kPartial, "limits far above the defaults let one caller tie up the gateway",
                  "limits:\n  max_body_bytes: 1048576\n  max_connections: 256\n", kGatewayConfig);
}

ControlResult tool_call_inspection(const Posture& p) {
  ControlResult r{"tool_call_inspection", "tool-call argument inspection", ControlState::kOff, "", "", "", ""};
  std::vector<std::string> blocking, weak;
  for (const char* cat : {"secret", "pii", "exfiltration"}) {
    if (!detects(p, cat, Role::kToolCall)) continue;
    Action a = best_action(p.policy, cat, Role::kToolCall);
    (a >= Action::kRedact ? blocking : weak).push_back(std::string(cat) + " → " + std::string(action_name(a)));
  }
  r.evidence = "tool_call: " + (blocking.empty() && weak.empty() ? std::string("not scanned") : join(blocking) +
                                                                        (weak.empty() ? "" : "; " + join(weak)));
  if (blocking.size() >= 2) {
    r.state = ControlState::kActive;
    return r;
  }
  return short_of(std::move(r), blocking.empty() && weak.empty() ? ControlState::kOff : ControlState::kPartial,
                  "tool-call arguments need secret and exfiltration scanning that blocks",
                  "detectors:\n  secret.token: {roles: [user, assistant, tool_call, tool_result]}\n"
                  "  exfil.links: {roles: [assistant, tool_call, document, tool_result]}\nrules:\n"
                  "  - {category: secret, action: block}\n  - {category: exfiltration, action: block}\n",
                  kPolicy);
}

ControlResult incident_response(const Posture& p, IncidentStore s) {
  ControlResult r{"incident_response", "detect and respond: throttle, suspend, incidents, alerts", ControlState::kOff,
                  "", "", "", ""};
  const respond::RespondConfig& rc = p.config.respond;
  const bool alerts = !rc.alerts.log_path.empty() || !rc.alerts.webhooks.empty();
  if (rc.enabled) {
    r.evidence = "respond: " + std::to_string(rc.scores.size()) + " score(s) over a " + std::to_string(rc.window_s) +
                 " s window; " + (alerts ? std::to_string(rc.alerts.webhooks.size()) + " webhook(s)" +
                                              (rc.alerts.log_path.empty() ? "" : ", alert log")
                                         : std::string("no alert destination"));
    if (p.policy.respond_scores)
      r.evidence += "; the policy brings its own " + std::to_string(p.policy.respond_scores->size()) + " score(s)";
    if (s == IncidentStore::kPresent) r.evidence += "; an incidents table is in the audit database";
    if (alerts) {
      r.state = ControlState::kActive;
      return r;
    }
    return short_of(std::move(r), ControlState::kPartial,
                    "incidents are recorded and keys throttled or suspended, but nobody is told",
                    "respond:\n  alerts:\n    log: var/alerts.jsonl\n    webhooks:\n"
                    "      - {url: \"https://alerts.example/hook\", secret_env: BULWARK_WEBHOOK_SECRET}\n",
                    kGatewayConfig);
  }
  r.evidence = s == IncidentStore::kPresent ? "an incidents table is in the audit database, but the config has no respond: section"
                                            : "no respond: section in the gateway config";
  if (p.policy.respond_scores) r.evidence += " (the policy's respond.scores are not used without one)";
  return short_of(std::move(r), ControlState::kOff,
                  "repeated attacks from one key are blocked one request at a time: no throttle, suspension, "
                  "incident or alert",
                  "respond:\n  window_s: 300\n  alerts:\n    log: var/alerts.jsonl\n", kGatewayConfig);
}

}  // namespace

std::vector<ControlResult> evaluate_controls(const Posture& p, IncidentStore incidents) {
  using R = Role;
  std::vector<ControlResult> out;
  out.push_back(identity(p));
  out.push_back(access_scoping(p));
  out.push_back(rate_limits(p));
  out.push_back(content_control(
      p, "prompt_attack_filter", "prompt-attack (jailbreak, injection) filter on user turns", "prompt_attack",
      {R::kUser}, Action::kBlock,
      "detectors:\n  attack.heuristics: {roles: [user, document, tool_result]}\nrules:   # before other prompt_attack "
      "rules\n  - {category: prompt_attack, action: block, min_severity: 4, threshold: 0.5, roles: [user, document, "
      "tool_result]}\n"));
  out.push_back(content_control(
      p, "indirect_injection", "indirect prompt injection in documents and tool results", "prompt_attack",
      {R::kDocument, R::kToolResult}, Action::kBlock,
      "detectors:\n  attack.heuristics: {roles: [user, document, tool_result]}\n  model.document_attack: {}\nrules:   "
      "# before other prompt_attack rules\n  - {category: prompt_attack, action: block, min_severity: 4, threshold: "
      "0.5, roles: [user, document, tool_result]}\n"));
  out.push_back(content_control(
      p, "hidden_text", "hidden-text smuggling (tag characters, zero-width, bidi)", "hidden_text",
      {R::kUser, R::kDocument, R::kToolResult}, Action::kBlock,
      "detectors:\n  hidden.text: {}\nrules:\n  - {category: hidden_text, action: block, min_severity: 4, roles: "
      "[user, document, tool_result]}\n"));
  out.push_back(content_control(
      p, "harm_filter", "harmful-content filter on prompts and responses", "harm", {R::kUser, R::kAssistant},
      Action::kBlock,
      "detectors:\n  model.harm: {roles: [user, assistant]}   # needs models/harm.json (bulwark train)\nrules:\n  - "
      "{category: harm, action: block, min_severity: 4, threshold: 0.5}\n"));
  out.push_back(content_control(
      p, "pii_protection", "PII detection and redaction in prompts and responses", "pii", {R::kUser, R::kAssistant},
      Action::kRedact,
      "detectors:\n  pii.email: {}\n  pii.credit_card: {}\n  pii.iban: {}\nrules:\n  - {category: pii, action: "
      "redact}\n"));
  out.push_back(content_control(
      p, "secret_protection", "secret detection in prompts, responses and tool calls", "secret",
      {R::kUser, R::kAssistant, R::kToolCall}, Action::kRedact,
      "detectors:\n  secret.token: {}\n  secret.generic: {}\nrules:\n  - {category: secret, action: block}\n"));
  out.push_back(content_control(
      p, "exfiltration_guard", "exfiltration links and images in responses and tool calls", "exfiltration",
      {R::kAssistant, R::kToolCall}, Action::kBlock,
      "detectors:\n  exfil.links: {roles: [assistant, tool_call, document, tool_result]}\nrules:\n  - {category: "
      "exfiltration, action: block, min_severity: 4}\n"));
  out.push_back(tool_call_inspection(p));
  out.push_back(blocklists(p));
  out.push_back(audit_log(p));
  out.push_back(content_minimization(p));
  out.push_back(fail_closed(p));
  out.push_back(policy_as_code(p));
  out.push_back(request_limits(p));
  out.push_back(incident_response(p, incidents));
  return out;
}

const ControlResult* find_control(const std::vector<ControlResult>& controls, std::string_view id) {
  for (const auto& c : controls)
    if (c.id == id) return &c;
  return nullptr;
}

std::vector<RowCoverage> evaluate_matrix(Deployment deployment, const std::vector<ControlResult>& controls) {
  std::vector<RowCoverage> out;
  for (const auto& row : matrix_rows()) {
    RowCoverage rc;
    rc.row = &row;
    rc.owner = row.owner(deployment);
    size_t required = 0, active = 0, touched = 0;
    for (const auto& ref : row.controls) {
      const ControlResult* c = find_control(controls, ref.control);
      if (c == nullptr) continue;
      const std::string id(ref.control);
      if (!ref.required) {
        if (c->state == ControlState::kActive) rc.depth.push_back(id);
        continue;
      }
      ++required;
      if (c->state == ControlState::kActive) ++active, ++touched, rc.active.push_back(id);
      else if (c->state == ControlState::kPartial) ++touched, rc.partial.push_back(id);
      else rc.missing.push_back(id);
    }
    if (rc.owner == Owner::kProvider) rc.state = RowState::kProvider;
    else if (required == 0) rc.state = RowState::kOutside;
    else if (active == required) rc.state = RowState::kCovered;
    else if (touched > 0) rc.state = RowState::kPartial;
    else rc.state = RowState::kGap;
    out.push_back(std::move(rc));
  }
  return out;
}

}  // namespace bulwark::report
