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

void handle_metrics(GatewayState& s, Call&, ResponseSink& out) {
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = s.metrics.render();
  out.send(std::move(r));
}

}  // namespace bulwark::gateway
