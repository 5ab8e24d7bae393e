// gateway/router.cpp — Gateway::create and the route table: authentication, dispatch, the
// exception boundary, per-request metrics and the audit row.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>

#include "gateway/errors.h"
#include "gateway/gateway.h"

namespace bulwark::gateway {

const ScanPolicy& policy_for(const GatewayState& s, const Identity& id) {
  const ScanPolicy* tenant_only = nullptr;
  const ScanPolicy* app_only = nullptr;
  for (const auto& b : s.bindings) {
    const bool t = !b.tenant.empty() && b.tenant == id.tenant;
    const bool a = !b.app.empty() && b.app == id.app;
    if (t && a) return b;
    if (t && b.app.empty() && !tenant_only) tenant_only = &b;
    if (a && b.tenant.empty() && !app_only) app_only = &b;
  }
  return tenant_only ? *tenant_only : app_only ? *app_only : s.default_policy;
}

int64_t micros_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t).count();
}

namespace {

// Remembers the status a handler answered with, for metrics and the audit row. With durable
// audit (hold) it keeps back what acknowledges the request — a whole response, or a stream's
// `data: [DONE]` event and its end — until release(), after the audit row is committed.
class RecordingSink : public ResponseSink {
 public:
  RecordingSink(ResponseSink& inner, const std::string& request_id) : inner_(inner), request_id_(request_id) {}
  bool send(HttpResponse r) override {
    if (started()) return false;
    status = r.status;
    r.headers.emplace_back("x-request-id", request_id_);
    if (!hold) return inner_.send(std::move(r));
    held_ = std::move(r);
    has_held_ = true;
    return true;
  }
  bool begin_stream(int st, const std::string& ct, Headers headers) override {
    status = st;
    headers.emplace_back("x-request-id", request_id_);
    return inner_.begin_stream(st, ct, std::move(headers));
  }
  bool write(std::string_view d) override {
    if (hold && (!tail_.empty() || d.rfind("data: [DONE]", 0) == 0)) {
      tail_.append(d);
      return true;
    }
    return inner_.write(d);
  }
  bool end_stream() override {
    if (!hold) return inner_.end_stream();
    end_held_ = true;
    return true;
  }
  bool started() const override { return has_held_ || inner_.started(); }

  // Sends what was held: as it is when the audit row is committed, else an error in its place
  // (a 503, or for a stream that has begun an error event instead of [DONE]).
  void release(bool committed, Face face) {
    if (has_held_) {
      has_held_ = false;
      if (committed) {
        inner_.send(std::move(held_));
      } else {
        status = 503;
        const std::string msg = "The audit log could not record this request (queue full or storage failing), "
                                "so it is not acknowledged; retry later.";
        HttpResponse r = face == Face::kAzure ? azure_error(503, "ServiceUnavailable", msg)
                                              : openai_error(503, msg, "server_error", "audit_unavailable");
        r.headers.emplace_back("retry-after", "1");
        r.headers.emplace_back("x-request-id", request_id_);
        inner_.send(std::move(r));
      }
    }
    if (!tail_.empty() || end_held_) {
      if (committed) {
        if (!tail_.empty()) inner_.write(tail_);
      } else {
        inner_.write("event: error\ndata: {\"error\":{\"message\":\"The audit log could not record this request; "
                     "the stream is not acknowledged.\",\"type\":\"server_error\",\"param\":null,\"code\":"
                     "\"audit_unavailable\"}}\n\n");
      }
      tail_.clear();
      if (end_held_) inner_.end_stream();
      end_held_ = false;
    }
  }
  int status = 0;
  bool hold = false;

 private:
  ResponseSink& inner_;
  const std::string& request_id_;
  HttpResponse held_;
  bool has_held_ = false, end_held_ = false;
  std::string tail_;
};

using Handler = void (*)(GatewayState&, Call&, ResponseSink&);

struct Route {
  const char* method;
  const char* path;       // exact, or a prefix when it ends with '*'
  Handler handler;
  Face face;
  bool auth;
  const char* name;       // metrics label
};

const Route kRoutes[] = {
    {"GET", "/healthz", handle_health, Face::kOpenAI, false, "/healthz"},
    {"GET", "/readyz", handle_ready, Face::kOpenAI, false, "/readyz"},
    {"GET", "/metrics", handle_metrics, Face::kOpenAI, false, "/metrics"},
    {"POST", "/v1/moderations", handle_moderations, Face::kOpenAI, true, "/v1/moderations"},
    {"POST", "/v1/chat/completions", handle_chat_completions, Face::kOpenAI, true, "/v1/chat/completions"},
    {"GET", "/v1/models", handle_models, Face::kOpenAI, true, "/v1/models"},
    {"POST", "/contentsafety/text:analyze", handle_analyze_text, Face::kAzure, true, "/contentsafety/text:analyze"},
    {"POST", "/contentsafety/text:shieldPrompt", handle_shield_prompt, Face::kAzure, true,
     "/contentsafety/text:shieldPrompt"},
    {"*", "/admin/incidents*", handle_admin_incidents, Face::kOpenAI, true, "/admin/incidents"},
    {"*", "/admin/policies*", handle_admin_policies, Face::kOpenAI, true, "/admin/policies"},
    {"*", "/admin/keys*", handle_admin_keys, Face::kOpenAI, true, "/admin/keys"},
    {"*", "/contentsafety/text/blocklists*", handle_blocklists, Face::kAzure, true, "/contentsafety/text/blocklists"},
};

bool path_matches(const char* pattern, const std::string& path) {
  std::string_view p(pattern);
  if (!p.empty() && p.back() == '*') return path.rfind(p.substr(0, p.size() - 1), 0) == 0;
  return path == p;
}

std::string new_request_id() {
  static std::atomic<uint64_t> counter{0};
  static const std::string prefix = generate_key().substr(4, 8);
  char buf[48];
  std::snprintf(buf, sizeof buf, "req_%s%08llx", prefix.c_str(),
                static_cast<unsigned long long>(counter.fetch_add(1) + 1));
  return buf;
}

// OpenAI's 429 for a tokens-per-minute limit: type "tokens", code "rate_limit_exceeded",
// Retry-After and the x-ratelimit-*-tokens headers.
HttpResponse tokens_rate_limited(const Identity& id, const TokenLimiter::Verdict& v) {
  HttpResponse r = openai_error(
      429,
      "Rate limit reached for key '" + id.key_id + "' on tokens per min (TPM): Limit " + std::to_string(id.tpm) +
          ", Used " + std::to_string(v.used) + ". Please try again in " + std::to_string(v.retry_after_s) + "s.",
      "tokens", "rate_limit_exceeded");
  r.headers.emplace_back("retry-after", std::to_string(v.retry_after_s));
  r.headers.emplace_back("x-ratelimit-limit-tokens", std::to_string(id.tpm));
  r.headers.emplace_back("x-ratelimit-remaining-tokens", "0");
  r.headers.emplace_back("x-ratelimit-reset-tokens", std::to_string(v.retry_after_s) + "s");
  return r;
}

}  // namespace

Result<std::unique_ptr<Gateway>> Gateway::create(GatewayConfig config) {
  auto s = std::make_unique<GatewayState>();
  s->config = std::move(config);
  // Targets first; load_policies (policy_admin.cpp) compiles them once the database is open.
  s->default_policy.target = "default";
  s->default_policy.file = s->config.policy_file;
  s->default_policy.holdback_chars = s->config.holdback_chars;
  for (const auto& b : s->config.policies) {
    ScanPolicy& p = s->bindings.emplace_back();
    p.tenant = b.tenant;
    p.app = b.app;
    p.target = policy_target_name(b.tenant, b.app);
    p.file = b.policy_file;
    p.holdback_chars = b.holdback_chars ? b.holdback_chars : s->config.holdback_chars;
  }
  auto db = open_db(s->config.db_path);
  if (!db.ok()) return db.status();
  s->db = std::move(*db);
  s->keys = std::make_unique<KeyStore>(s->config, s->db.get());
  BULWARK_RETURN_IF_ERROR(load_policies(*s));
  AuditOptions audit_options;
  audit_options.synchronous_full = s->config.audit_synchronous_full;
  audit_options.retention_days = s->config.audit_retention_days;
  auto audit = AuditWriter::start(s->config.db_path, s->config.audit_queue_size, &s->metrics, audit_options);
  if (!audit.ok()) return audit.status();
  s->audit = std::move(*audit);
  if (s->config.upstream.configured()) {
    s->upstream = std::make_unique<UpstreamClient>(s->config.upstream);
    BULWARK_RETURN_IF_ERROR(s->upstream->check());
  }
  if (s->config.respond.enabled) {
    auto responder = respond::Responder::start(s->config.respond, s->config.db_path);
    if (!responder.ok()) return responder.status();
    s->responder = std::move(*responder);
  }
  return std::unique_ptr<Gateway>(new Gateway(std::move(s)));
}

void Gateway::shutdown() {
  if (state_->responder) state_->responder->stop();
  if (state_->audit) state_->audit->flush_and_stop();
}

void Gateway::handle(const HttpRequest& req, ResponseSink& raw_sink) noexcept {
  GatewayState& s = *state_;
  std::string request_id = req.request_id.empty() ? new_request_id() : req.request_id;
  RecordingSink sink(raw_sink, request_id);
  const Route* route = nullptr;
  bool path_known = false;
  for (const auto& r : kRoutes) {
    if (!path_matches(r.path, req.path)) continue;
    path_known = true;
    if (std::string_view(r.method) == "*" || req.method == r.method) {
      route = &r;
      break;
    }
  }
  Face face = req.path.rfind("/contentsafety", 0) == 0 ? Face::kAzure : Face::kOpenAI;
  Call call{req, {}, {}};
  call.audit.request_id = request_id;
  call.audit.ts_ms = now_millis();
  call.audit.route = route ? route->name : "unmatched";
  // Unaudited routes (health, metrics, unknown paths) are answered at once.
  sink.hold = s.config.audit_durable && route && route->auth;
  try {
    if (!route) {
      call.audited = false;
      sink.send(path_known ? face_error(face, 405, "method " + req.method + " is not allowed on " + req.path)
                           : face_error(face, 404, "no route for " + req.method + " " + req.path));
    } else {
      call.audited = route->auth;
      bool allowed = true;
      if (route->auth && s.config.auth_required) {
        auto key = presented_key(req);
        auto id = key ? s.keys->authenticate(*key) : std::nullopt;
        if (!id) {
          allowed = false;
          call.audit.decision = "unauthenticated";
          sink.send(unauthorized(route->face));
        } else {
          call.identity = std::move(*id);
          // Known from here on, so that a rate-limited row says whose it was.
          call.audit.key_id = call.identity.key_id;
          call.audit.tenant = call.identity.tenant;
          call.audit.app = call.identity.app;
          call.audit.user = call.identity.user;
          int retry = 0;
          if (respond_refuses(s, call, route->face, sink)) {
            allowed = false;
          } else if (!s.limiter.allow(call.identity.key_id, call.identity.rpm, std::chrono::steady_clock::now(), &retry)) {
            allowed = false;
            call.audit.decision = "rate_limited";
            HttpResponse r = route->face == Face::kAzure
                                 ? azure_error(429, "TooManyRequests", "Rate limit exceeded: " + std::to_string(call.identity.rpm) + " requests per minute for this key.")
                                 : openai_error(429, "Rate limit reached: " + std::to_string(call.identity.rpm) + " requests per minute for this key.", "requests", "rate_limit_exceeded");
            r.headers.emplace_back("retry-after", std::to_string(retry));
            sink.send(std::move(r));
          } else if (route->handler == handle_chat_completions && call.identity.tpm > 0) {
            auto v = s.token_limiter.check(call.identity.key_id, call.identity.tpm, std::chrono::steady_clock::now());
            if (!v.allowed) {
              allowed = false;
              call.audit.decision = "rate_limited";
              sink.send(tokens_rate_limited(call.identity, v));
            }
          }
        }
      }
      if (allowed) {
        call.policy = &policy_for(s, call.identity);
        call.pinned = call.policy->current();
        call.audit.key_id = call.identity.key_id;
        call.audit.tenant = call.identity.tenant;
        call.audit.app = call.identity.app;
        call.audit.user = call.identity.user;
        route->handler(s, call, sink);
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "bulwark serve: " << request_id << ": handler error: " << e.what() << "\n";
    call.audit.decision = "error";
    if (!sink.started()) sink.send(face_error(face, 500, "internal error (request " + request_id + ")"));
    else sink.end_stream();
  } catch (...) {
    call.audit.decision = "error";
    if (!sink.started()) sink.send(face_error(face, 500, "internal error (request " + request_id + ")"));
    else sink.end_stream();
  }
  if (!sink.started()) sink.send(face_error(face, 500, "handler sent no response"));
  const int64_t total_us = micros_since(call.start);
  if (!call.audited) {
    sink.release(true, face);
    s.metrics.count_request(call.audit.route, sink.status);
  } else {
    if (call.audit.upstream_us >= 0)
      s.metrics.added_seconds.observe(static_cast<double>(total_us - call.audit.upstream_us) / 1e6);
    else
      s.metrics.added_seconds.observe(static_cast<double>(total_us) / 1e6);
    call.audit.status = sink.status;
    if (sink.status >= 400 && call.audit.decision == "allow") call.audit.decision = "error";
    if (call.failed_open && (call.audit.decision == "allow" || call.audit.decision == "annotate"))
      call.audit.decision = "fail_open";
    call.audit.total_us = total_us;
    // Tokens count against the key once the upstream has been asked (a blocked prompt costs none).
    if (call.identity.tpm > 0 && call.audit.upstream_us >= 0) {
      const int64_t used = std::max<int64_t>(0, call.audit.prompt_tokens) + std::max<int64_t>(0, call.audit.completion_tokens);
      s.token_limiter.charge(call.identity.key_id, call.identity.tpm, used, std::chrono::steady_clock::now());
    }
    // Before the answer goes out, so that an incident it opens is stored first (respond worker).
    respond_observe(s, call);
    const std::string route_name = call.audit.route;
    if (sink.hold) {
      // Durable: the client hears back only once the row is committed (or gets a 503).
      sink.release(s.audit->commit(std::move(call.audit)), face);
    } else {
      s.audit->submit(std::move(call.audit));
    }
    s.metrics.count_request(route_name, sink.status);
  }
}

}  // namespace bulwark::gateway
