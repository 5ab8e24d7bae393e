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
  auto line = [&](const char* name, const char* type, const char* help, uint64_t v) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
           std::to_string(v) + "\n";
  };
  line("bulwark_upstream_connections_opened_total", "counter", "Upstream connections opened.", p.opened);
  line("bulwark_upstream_connections_reused_total", "counter", "Upstream requests sent on a pooled connection.",
       p.reused);
  line("bulwark_upstream_connections_stale_total", "counter",
       "Pooled upstream connections found closed by the peer and discarded.", p.discarded_stale);
  line("bulwark_upstream_retries_total", "counter",
       "Requests retried on a new connection after a reused one failed before reaching the upstream.", p.retried);
  line("bulwark_upstream_connections_idle", "gauge", "Idle upstream connections in the pool.", p.idle);
}
// Detect and respond: incidents and alert deliveries, so that a failing webhook or a full
// queue is seen (and can itself be alerted on).
void render_respond_metrics(const respond::WorkerStats& w, std::string& out) {
  auto line = [&](const char* name, const char* help, uint64_t v) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " +
           std::to_string(v) + "\n";
  };
  line("bulwark_incidents_opened_total", "Incidents opened (a key suspended).", w.incidents_opened.load());
  line("bulwark_incidents_updated_total", "Triggers folded into an incident already open.", w.incidents_updated.load());
  line("bulwark_incident_errors_total", "Incidents that could not be stored.", w.incident_errors.load());
  line("bulwark_alerts_logged_total", "Lines written to the alert log.", w.alerts_logged.load());
  line("bulwark_webhooks_delivered_total", "Webhook deliveries answered 2xx.", w.webhooks_delivered.load());
  line("bulwark_webhook_attempts_failed_total", "Webhook attempts that failed (retried with backoff).",
       w.webhook_attempts_failed.load());
  line("bulwark_webhooks_given_up_total", "Webhook deliveries given up after respond.alerts.max_attempts.",
       w.webhooks_given_up.load());
  line("bulwark_respond_dropped_total", "Incidents or deliveries dropped at a full respond.alerts.queue_size.",
       w.dropped.load());
}

// The audit database's WAL (wal_checkpointer.h): a WAL that keeps growing means a long reader
// (an export) holds it, or checkpoints fail.
void render_checkpoint_metrics(const WalCheckpointer& c, std::string& out) {
  out += "# HELP bulwark_audit_checkpoints_total WAL checkpoints of the audit database.\n"
         "# TYPE bulwark_audit_checkpoints_total counter\nbulwark_audit_checkpoints_total " +
         std::to_string(c.checkpoints()) + "\n";
  out += "# HELP bulwark_audit_wal_restarts_total Times the audit WAL was started over.\n"
         "# TYPE bulwark_audit_wal_restarts_total counter\nbulwark_audit_wal_restarts_total " +
         std::to_string(c.restarts()) + "\n";
  out += "# HELP bulwark_audit_wal_pages Pages in the audit WAL at the last checkpoint.\n"
         "# TYPE bulwark_audit_wal_pages gauge\nbulwark_audit_wal_pages " + std::to_string(c.wal_pages()) + "\n";
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
