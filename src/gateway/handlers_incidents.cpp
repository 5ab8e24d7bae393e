// gateway/handlers_incidents.cpp — the admin API over incidents (admin keys only):
//   GET  /admin/incidents[?status=open&key_id=K&tenant=T&limit=N]
//   GET  /admin/incidents/{id}
//   POST /admin/incidents/{id}:ack | /admin/incidents/{id}:resolve   (resolve lifts the suspension)
#include <nlohmann/json.hpp>

#include "gateway/errors.h"
#include "gateway/gateway.h"
#include "respond/incidents.h"

namespace bulwark::gateway {

namespace {

using nlohmann::json;

HttpResponse status_error(const Status& st) {
  if (st.code() == StatusCode::kNotFound) return openai_error(404, st.message(), "invalid_request_error", "not_found");
  if (st.code() == StatusCode::kInvalidArgument)
    return openai_error(409, st.message(), "invalid_request_error", "invalid_transition");
  return openai_error(500, st.message(), "server_error");
}

}  // namespace

void handle_admin_incidents(GatewayState& s, Call& c, ResponseSink& out) {
  c.audit.decision = "admin";
  if (!c.identity.has_role("admin")) {
    out.send(openai_error(403, "The incidents API needs an admin key.", "permission_denied", "admin_required"));
    return;
  }
  const std::string rest = c.req.path.substr(std::string("/admin/incidents").size());
  std::lock_guard lock(s.db_mu);
  sqlite3* db = s.db.get();
  if (Status st = respond::IncidentTable::ensure_schema(db); !st.ok()) return (void)out.send(status_error(st));
  respond::IncidentTable table(db);
  if (rest.empty() || rest == "/") {
    if (c.req.method != "GET") return (void)out.send(face_error(Face::kOpenAI, 405, "use GET on /admin/incidents"));
    respond::IncidentFilter f;
    if (auto* v = c.req.query_param("status")) f.status = *v;
    if (auto* v = c.req.query_param("key_id")) f.key_id = *v;
    if (auto* v = c.req.query_param("tenant")) f.tenant = *v;
    if (auto* v = c.req.query_param("limit")) f.limit = std::atoi(v->c_str());
    auto rows = table.list(f);
    if (!rows.ok()) return (void)out.send(status_error(rows.status()));
    json data = json::array();
    for (const auto& i : *rows) data.push_back(respond::incident_json(i));
    out.send(json_response(200, {{"object", "list"}, {"data", data}}));
    return;
  }
  if (rest[0] != '/') return (void)out.send(face_error(Face::kOpenAI, 404, "no route for " + c.req.path));
  std::string id = rest.substr(1);
  std::string action;
  if (size_t colon = id.find(':'); colon != std::string::npos) {
    action = id.substr(colon + 1);
    id = id.substr(0, colon);
  }
  if (action.empty()) {
    if (c.req.method != "GET") return (void)out.send(face_error(Face::kOpenAI, 405, "use GET to read an incident"));
    auto i = table.get(id);
    if (!i.ok()) return (void)out.send(status_error(i.status()));
    if (!*i) return (void)out.send(openai_error(404, "no incident " + id, "invalid_request_error", "not_found"));
    out.send(json_response(200, respond::incident_json(**i)));
    return;
  }
  if (c.req.method != "POST") return (void)out.send(face_error(Face::kOpenAI, 405, "use POST for :" + action));
  if (action != "ack" && action != "resolve")
    return (void)out.send(openai_error(404, "unknown action :" + action + " (expected :ack or :resolve)",
                                       "invalid_request_error", "not_found"));
  auto r = table.transition(id, action == "ack" ? "acknowledged" : "resolved", now_millis());
  if (!r.ok()) return (void)out.send(status_error(r.status()));
  if (action == "resolve" && s.responder) s.responder->lift(r->key_id);
  out.send(json_response(200, respond::incident_json(*r)));
}

}  // namespace bulwark::gateway
