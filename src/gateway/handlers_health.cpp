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
}  // namespace

void handle_metrics(GatewayState& s, Call&, ResponseSink& out) {
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = s.metrics.render();
  if (s.upstream) render_pool_metrics(s.upstream->pool_stats(), r.body);
  out.send(std::move(r));
}

}  // namespace bulwark::gateway
