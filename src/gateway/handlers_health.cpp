// gateway/handlers_health.cpp — /healthz (the process answers), /readyz (engine compiled,
// not draining), /metrics (Prometheus text).
#include "gateway/errors.h"
#include "gateway/gateway.h"

namespace bulwark::gateway {

void handle_health(GatewayState&, Call&, ResponseSink& out) { out.send(json_response(200, {{"status", "ok"}})); }

void handle_ready(GatewayState& s, Call&, ResponseSink& out) {
  if (s.draining) {
    out.send(json_response(503, {{"status", "draining"}}));
    return;
  }
  const auto scanner = s.default_policy.current();
  out.send(json_response(200, {{"status", "ready"},
                               {"policy", scanner->engine().policy().name},
                               {"policy_version", s.default_policy.version()},
                               {"detectors", scanner->engine().detector_ids().size()},
                               {"upstream", s.upstream != nullptr}}));
}

namespace {
// The upstream connection pool, so that an operator can see whether connections are reused
// (reused/opened) or keep being dropped (stale, retried).
void render_pool_metrics(const UpstreamPoolStats& p, std::string& out) {
  append_metric(out, "bulwark_upstream_connections_opened_total", "counter", "Upstream connections opened.",
                p.opened);
  append_metric(out, "bulwark_upstream_connections_reused_total", "counter",
                "Upstream requests sent on a pooled connection.", p.reused);
  append_metric(out, "bulwark_upstream_connections_stale_total", "counter",
                "Pooled upstream connections found closed by the peer and discarded.", p.discarded_stale);
  append_metric(out, "bulwark_upstream_retries_total", "counter",
                "Requests retried on a new connection after a reused one failed before reaching the upstream.",
                p.retried);
  append_metric(out, "bulwark_upstream_connections_idle", "gauge", "Idle upstream connections in the pool.",
                p.idle);
}

// Detect and respond: incidents and alert deliveries, so that a failing webhook or a full
// queue is seen (and can itself be alerted on).
void render_respond_metrics(const respond::WorkerStats& w, std::string& out) {
  auto counter = [&](const char* name, const char* help, const std::atomic<uint64_t>& v) {
    append_metric(out, name, "counter", help, v.load());
  };
  counter("bulwark_incidents_opened_total", "Incidents opened (a key suspended).", w.incidents_opened);
  counter("bulwark_incidents_updated_total", "Triggers folded into an incident already open.", w.incidents_updated);
  counter("bulwark_incident_errors_total", "Incidents that could not be stored.", w.incident_errors);
  counter("bulwark_alerts_logged_total", "Lines written to the alert log.", w.alerts_logged);
  counter("bulwark_webhooks_delivered_total", "Webhook deliveries answered 2xx.", w.webhooks_delivered);
  counter("bulwark_webhook_attempts_failed_total", "Webhook attempts that failed (retried with backoff).",
          w.webhook_attempts_failed);
  counter("bulwark_webhooks_given_up_total", "Webhook deliveries given up after respond.alerts.max_attempts.",
          w.webhooks_given_up);
  counter("bulwark_respond_dropped_total", "Incidents or deliveries dropped at a full respond.alerts.queue_size.",
          w.dropped);
}

// The audit database's WAL (wal_checkpointer.h): a WAL that keeps growing means a long reader
// (an export) holds it, or checkpoints fail.
void render_checkpoint_metrics(const WalCheckpointer& c, std::string& out) {
  append_metric(out, "bulwark_audit_checkpoints_total", "counter", "WAL checkpoints of the audit database.",
                c.checkpoints());
  append_metric(out, "bulwark_audit_wal_restarts_total", "counter", "Times the audit WAL was started over.",
                c.restarts());
  append_metric(out, "bulwark_audit_wal_pages", "gauge", "Pages in the audit WAL at the last checkpoint.",
                c.wal_pages());
}

}  // namespace

void handle_metrics(GatewayState& s, Call&, ResponseSink& out) {
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = s.metrics.render();
  if (s.upstream) render_pool_metrics(s.upstream->pool_stats(), r.body);
  if (s.responder) render_respond_metrics(s.responder->stats(), r.body);
  if (s.audit && s.audit->checkpointer()) render_checkpoint_metrics(*s.audit->checkpointer(), r.body);
  out.send(std::move(r));
}

}  // namespace bulwark::gateway
