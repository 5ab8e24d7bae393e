// gateway/respond_hooks.cpp — where the gateway meets the responder (src/respond/): the refusal
// in each face's error shape before a request is served, and the observation after it.
#include "gateway/errors.h"
#include "gateway/gateway.h"

namespace bulwark::gateway {

bool respond_refuses(GatewayState& s, Call& c, Face face, ResponseSink& out) {
  // Administrators can always reach the admin routes, to resolve the incident that suspended them.
  if (!s.responder || c.req.path.rfind("/admin/", 0) == 0) return false;
  auto refusal = s.responder->check(c.identity.key_id, now_millis());
  if (!refusal) return false;
  c.audit.decision = refusal->status == 403 ? "suspended" : "throttled";
  c.audit.key_id = c.identity.key_id;
  c.audit.tenant = c.identity.tenant;
  c.audit.app = c.identity.app;
  c.audit.user = c.identity.user;
  HttpResponse r;
  if (face == Face::kAzure) {
    r = azure_error(refusal->status, refusal->status == 403 ? "IdentitySuspended" : "TooManyRequests", refusal->message);
  } else {
    r = openai_error(refusal->status, refusal->message,
                     refusal->status == 403 ? "permission_denied" : "rate_limit_exceeded", refusal->code);
  }
  r.headers.emplace_back("retry-after", std::to_string(refusal->retry_after_s));
  out.send(std::move(r));
  return true;
}

void respond_observe(GatewayState& s, const Call& c) {
  if (!s.responder) return;
  respond::Observation o;
  o.key_id = c.audit.key_id;
  o.tenant = c.audit.tenant;
  o.route = c.audit.route;
  o.request_id = c.audit.request_id;
  o.decision = c.audit.decision;
  o.findings_json = c.audit.findings_json;
  o.ts_ms = c.audit.ts_ms;
  // The identity's policy may bring its own score rules. A refused request (throttled) never
  // pinned one, so it is looked up here; the pointer keeps it alive until observe() returns.
  std::shared_ptr<const Scanner> scanner = c.pinned;
  if (!scanner && !c.identity.key_id.empty()) scanner = policy_for(s, c.identity).current();
  if (scanner && scanner->engine().policy().respond_scores) o.scores = &*scanner->engine().policy().respond_scores;
  s.responder->observe(o);
}

}  // namespace bulwark::gateway
