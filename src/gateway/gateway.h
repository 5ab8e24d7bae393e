// gateway/gateway.h — everything one `bulwark serve` process shares: config, the compiled
// engine, keys, audit writer, upstream client and metrics; and handle(), the router entry
// point the listener calls for every request. handle() never throws.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>

#include "gateway/audit.h"
#include "gateway/config.h"
#include "gateway/db.h"
#include "gateway/errors.h"
#include "gateway/http.h"
#include "gateway/keys.h"
#include "gateway/metrics.h"
#include "gateway/rate_limit.h"
#include "gateway/scanner.h"
#include "gateway/upstream.h"
#include "respond/responder.h"

namespace bulwark::gateway {

// The policy a request is scanned with: the process default or a tenant/app binding. The compiled
// scanner is swapped atomically when a new version goes live (admin API, SIGHUP); a request pins
// the scanner it started with, so a swap never changes the rules under a request in flight.
struct ScanPolicy {
  std::string tenant, app;            // the binding's match (both empty: the default)
  std::string target;                 // "default" or "tenant=T,app=A" (policy versions, admin API)
  std::string file;                   // the config's policy file; "" = the built-in default
  size_t holdback_chars = 1000;       // streaming window
  std::shared_ptr<const Scanner> current() const { return scanner_.load(); }
  int64_t version() const { return version_.load(); }
  void swap_in(std::shared_ptr<const Scanner> s, int64_t version) {
    scanner_.store(std::move(s));
    version_.store(version);
  }

 private:
  std::atomic<std::shared_ptr<const Scanner>> scanner_;
  std::atomic<int64_t> version_{0};
};

// One request on its way through a handler.
struct Call {
  const HttpRequest& req;
  Identity identity;
  AuditRecord audit;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  bool audited = true;   // health and metrics requests are not audited
  const ScanPolicy* policy = nullptr;   // set by the router before the handler runs
  std::shared_ptr<const Scanner> pinned{};   // policy->current() when the request was routed
  bool failed_open = false;             // a scan failed and the policy let the text through
  // A scan failed: true (go on, unscanned) when the policy fails open, else false.
  bool fail_open_after_scan_error() {
    if (pinned->engine().policy().failure_mode != FailureMode::kFailOpen) return false;
    failed_open = true;
    return true;
  }
  const Scanner& scanner() const { return *pinned; }
};

struct GatewayState {
  GatewayConfig config;
  Metrics metrics;
  ScanPolicy default_policy;
  std::deque<ScanPolicy> bindings;           // per tenant / app (a deque: ScanPolicy does not move)
  std::mutex policy_mu;                      // one policy change at a time (admin API, SIGHUP)
  std::string config_path;                   // re-read on reload ("" = no config file)
  bool policy_override = false;              // `serve --policy` named the default policy file
  DbPtr db;                                  // keys and blocklists (the writer has its own)
  std::mutex db_mu;
  std::unique_ptr<KeyStore> keys;
  std::unique_ptr<AuditWriter> audit;
  std::unique_ptr<UpstreamClient> upstream;  // null without an upstream
  RateLimiter limiter;
  TokenLimiter token_limiter;                // tokens per minute, chat completions only
  std::atomic<bool> draining{false};
  std::unique_ptr<respond::Responder> responder;   // null unless respond: is configured
};

// Policy versions (policy_admin.cpp). A change is validated and compiled first; only a policy
// that compiles goes live, and a failed change leaves every running policy as it was.
ScanPolicy* find_policy_target(GatewayState& s, const std::string& target);
std::string policy_target_name(const std::string& tenant, const std::string& app);
// Seeds every target at start: the config file's policy when it changed since it was last read
// (or nothing is stored yet), else the version last made active (an upload survives a restart).
Status load_policies(GatewayState& s);
// A new version from YAML text: validated, compiled, stored, swapped in. `actor` is a key id.
Result<int64_t> install_policy(GatewayState& s, ScanPolicy& p, const std::string& yaml, const std::string& actor,
                               const std::string& source);
// Makes a stored version live again (version 0: the version before the active one).
Result<int64_t> activate_policy(GatewayState& s, ScanPolicy& p, int64_t version, const std::string& actor);
// SIGHUP: re-reads the config file and every policy file. All or nothing: one invalid file keeps
// all running policies. Returns a line for the log (what changed, or why nothing did).
Result<std::string> reload_policies(GatewayState& s, const std::string& config_path);
inline Result<std::string> reload_policies(GatewayState& s) { return reload_policies(s, s.config_path); }

// The most specific binding for the identity: tenant+app, then tenant, then app, else the default.
const ScanPolicy& policy_for(const GatewayState& s, const Identity& id);

class Gateway {
 public:
  static Result<std::unique_ptr<Gateway>> create(GatewayConfig config);
  void handle(const HttpRequest& req, ResponseSink& sink) noexcept;
  GatewayState& state() { return *state_; }
  // Stops taking audit rows after writing those queued.
  void shutdown();

 private:
  explicit Gateway(std::unique_ptr<GatewayState> s) : state_(std::move(s)) {}
  std::unique_ptr<GatewayState> state_;
};

// Handlers, one file per face.
void handle_health(GatewayState& s, Call& c, ResponseSink& out);
void handle_ready(GatewayState& s, Call& c, ResponseSink& out);
void handle_metrics(GatewayState& s, Call& c, ResponseSink& out);
void handle_moderations(GatewayState& s, Call& c, ResponseSink& out);
void handle_analyze_text(GatewayState& s, Call& c, ResponseSink& out);
void handle_shield_prompt(GatewayState& s, Call& c, ResponseSink& out);
void handle_blocklists(GatewayState& s, Call& c, ResponseSink& out);
void handle_chat_completions(GatewayState& s, Call& c, ResponseSink& out);
void handle_models(GatewayState& s, Call& c, ResponseSink& out);
void handle_admin_incidents(GatewayState& s, Call& c, ResponseSink& out);
void handle_admin_policies(GatewayState& s, Call& c, ResponseSink& out);
void handle_admin_keys(GatewayState& s, Call& c, ResponseSink& out);

// Detect and respond (respond_hooks.cpp): before a request is served, true when the key is
// suspended or throttled (the refusal has been sent); after it, its findings are scored.
bool respond_refuses(GatewayState& s, Call& c, Face face, ResponseSink& out);
void respond_observe(GatewayState& s, const Call& c);

int64_t micros_since(std::chrono::steady_clock::time_point t);

}  // namespace bulwark::gateway
