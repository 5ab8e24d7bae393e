// gateway/gateway.h — everything one `bulwark serve` process shares: config, the compiled
// engine, keys, audit writer, upstream client and metrics; and handle(), the router entry
// point the listener calls for every request. handle() never throws.
#pragma once

#include <atomic>
#include <chrono>
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

// The policy a request is scanned with: the process default or a tenant/app binding.
struct ScanPolicy {
  std::string tenant, app;            // the binding's match (both empty: the default)
  std::shared_ptr<const Scanner> scanner;
  size_t holdback_chars = 1000;       // streaming window
  bool fail_open() const { return scanner->engine().policy().failure_mode == FailureMode::kFailOpen; }
};

// One request on its way through a handler.
struct Call {
  const HttpRequest& req;
  Identity identity;
  AuditRecord audit;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  bool audited = true;   // health and metrics requests are not audited
  const ScanPolicy* policy = nullptr;   // set by the router before the handler runs
  bool failed_open = false;             // a scan failed and the policy let the text through
  // A scan failed: true (go on, unscanned) when the policy fails open, else false.
  bool fail_open_after_scan_error() {
    if (!policy->fail_open()) return false;
    failed_open = true;
    return true;
  }
  const Scanner& scanner() const { return *policy->scanner; }
};

struct GatewayState {
  GatewayConfig config;
  Metrics metrics;
  std::shared_ptr<const Scanner> scanner;    // the default policy's (also in default_policy)
  ScanPolicy default_policy;
  std::vector<ScanPolicy> bindings;          // per tenant / app, compiled at start
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

// Detect and respond (respond_hooks.cpp): before a request is served, true when the key is
// suspended or throttled (the refusal has been sent); after it, its findings are scored.
bool respond_refuses(GatewayState& s, Call& c, Face face, ResponseSink& out);
void respond_observe(GatewayState& s, const Call& c);

int64_t micros_since(std::chrono::steady_clock::time_point t);

}  // namespace bulwark::gateway
