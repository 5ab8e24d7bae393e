// gateway/handlers_policies.cpp — the admin API over policy versions (admin keys only):
//   GET  /admin/policies                              every target and its live version
//   POST /admin/policies:reload                       re-read the config's policy files (like SIGHUP)
//   GET  /admin/policies/{target}                     the live version, with its YAML
//   PUT  /admin/policies/{target}                     a new version (YAML body): validated, stored, live
//   GET  /admin/policies/{target}/versions[/{n}]      stored versions (one with its YAML)
//   POST /admin/policies/{target}:rollback            the version before the live one goes live
//   POST /admin/policies/{target}:activate?version=N  a stored version goes live
// {target} is "default" or a binding of the config's policies[] ("tenant=acme,app=bot").
// Every call leaves an audit row (decision "admin"); its findings column says what changed.
#include <nlohmann/json.hpp>

#include "gateway/errors.h"
#include "gateway/gateway.h"
#include "gateway/policy_store.h"
#include "respond/incidents.h"

namespace bulwark::gateway {

namespace {

using nlohmann::json;

constexpr size_t kMaxPolicyBytes = 1 << 20;

json version_json(const PolicyVersion& v, bool with_yaml) {
  json j = {{"target", v.target},       {"version", v.version},
            {"name", v.name},           {"sha256", v.sha256},
            {"created_at", respond::iso8601_ms(v.created_at_ms)},
            {"created_by", v.created_by}, {"source", v.source}};
  if (with_yaml) j["yaml"] = v.yaml;
  return j;
}

HttpResponse error_for(const Status& st) {
  switch (st.code()) {
    case StatusCode::kNotFound: return openai_error(404, st.message(), "invalid_request_error", "not_found");
    case StatusCode::kInvalidPolicy: return openai_error(400, st.message(), "invalid_request_error", "invalid_policy");
    case StatusCode::kInvalidArgument: return openai_error(409, st.message(), "invalid_request_error", "conflict");
    default: return openai_error(500, st.message(), "server_error");
  }
}

// What the audit row says the call did.
void record(Call& c, const std::string& action, const std::string& target, int64_t version, const Status& st) {
  json f = {{"admin_action", action}, {"target", target}, {"ok", st.ok()}};
  if (version > 0) f["version"] = version;
  if (!st.ok()) f["error"] = st.message();
  c.audit.findings_json = json::array({f}).dump();
}

void list_targets(GatewayState& s, ResponseSink& out) {
  json data = json::array();
  std::lock_guard change(s.policy_mu);
  std::lock_guard db_lock(s.db_mu);
  PolicyStore store(s.db.get());
  auto add = [&](const ScanPolicy& p) {
    auto a = store.active(p.target);
    json j = {{"target", p.target},   {"tenant", p.tenant}, {"app", p.app},
              {"version", p.version()}, {"name", p.current()->engine().policy().name},
              {"file", p.file.empty() ? json(nullptr) : json(p.file)}};
    if (a.ok() && *a) {
      j["activated_at"] = respond::iso8601_ms((*a)->activated_at_ms);
      j["activated_by"] = (*a)->activated_by;
    }
    data.push_back(std::move(j));
  };
  add(s.default_policy);
  for (const auto& b : s.bindings) add(b);
  out.send(json_response(200, {{"object", "list"}, {"data", data}}));
}

}  // namespace

void handle_admin_policies(GatewayState& s, Call& c, ResponseSink& out) {
  c.audit.decision = "admin";
  if (!c.identity.has_role("admin")) {
    out.send(openai_error(403, "The policies API needs an admin key.", "permission_denied", "admin_required"));
    return;
  }
  {
    std::lock_guard db_lock(s.db_mu);
    if (Status st = PolicyStore::ensure_schema(s.db.get()); !st.ok()) return (void)out.send(error_for(st));
  }
  std::string rest = c.req.path.substr(std::string("/admin/policies").size());
  if (rest.empty() || rest == "/") {
    if (c.req.method != "GET") return (void)out.send(face_error(Face::kOpenAI, 405, "use GET on /admin/policies"));
    return list_targets(s, out);
  }
  if (rest == ":reload") {
    if (c.req.method != "POST") return (void)out.send(face_error(Face::kOpenAI, 405, "use POST for :reload"));
    auto r = reload_policies(s);
    record(c, "policy.reload", "*", 0, r.status());
    if (!r.ok()) {
      return (void)out.send(openai_error(400, r.status().message(), "invalid_request_error",
                                         r.status().code() == StatusCode::kInvalidPolicy ? "invalid_policy" : "reload_failed"));
    }
    return (void)out.send(json_response(200, {{"status", "ok"}, {"message", *r}}));
  }
  if (rest[0] != '/') return (void)out.send(face_error(Face::kOpenAI, 404, "no route for " + c.req.path));
  rest = rest.substr(1);
  // {target}[:verb] or {target}/versions[/{n}]
  std::string target = rest, sub, verb;
  if (size_t slash = rest.find('/'); slash != std::string::npos) {
    target = rest.substr(0, slash);
    sub = rest.substr(slash + 1);
  }
  for (const char* v : {":rollback", ":activate"}) {
    const std::string_view sv(v);
    if (target.size() > sv.size() && target.compare(target.size() - sv.size(), sv.size(), sv) == 0) {
      verb = std::string(sv.substr(1));
      target.resize(target.size() - sv.size());
    }
  }
  ScanPolicy* p = find_policy_target(s, target);
  if (!p)
    return (void)out.send(openai_error(404, "no policy target '" + target + "' (GET /admin/policies lists them)",
                                       "invalid_request_error", "not_found"));
  const std::string actor = c.identity.key_id.empty() ? "anonymous" : c.identity.key_id;

  if (!verb.empty()) {
    if (c.req.method != "POST" || !sub.empty()) return (void)out.send(face_error(Face::kOpenAI, 405, "use POST on /admin/policies/" + target + ":" + verb));
    int64_t want = 0;
    if (verb == "activate") {
      const std::string* n = c.req.query_param("version");
      if (!n || n->empty() || n->find_first_not_of("0123456789") != std::string::npos || n->size() > 12 || std::stoll(*n) == 0)
        return (void)out.send(openai_error(400, ":activate needs ?version=N (a stored version number)", "invalid_request_error", "invalid_value"));
      want = std::stoll(*n);
    }
    auto r = activate_policy(s, *p, want, actor);
    record(c, "policy." + verb, target, r.ok() ? *r : want, r.status());
    if (!r.ok()) return (void)out.send(error_for(r.status()));
    return (void)out.send(json_response(200, {{"target", target}, {"version", *r}, {"status", "active"}}));
  }

  if (sub.empty()) {
    if (c.req.method == "GET") {
      std::lock_guard db_lock(s.db_mu);
      PolicyStore store(s.db.get());
      const int64_t live = p->version();
      if (live == 0)
        return (void)out.send(json_response(200, {{"target", target}, {"version", 0}, {"name", p->current()->engine().policy().name},
                                                  {"source", "built-in"}, {"yaml", nullptr}}));
      auto v = store.get(target, live);
      if (!v.ok()) return (void)out.send(error_for(v.status()));
      if (!*v) return (void)out.send(openai_error(500, "live version is not stored", "server_error"));
      return (void)out.send(json_response(200, version_json(**v, true)));
    }
    if (c.req.method != "PUT" && c.req.method != "POST")
      return (void)out.send(face_error(Face::kOpenAI, 405, "use GET or PUT on /admin/policies/" + target));
    if (c.req.body.empty())
      return (void)out.send(openai_error(400, "the body must be the policy YAML", "invalid_request_error", "invalid_value"));
    if (c.req.body.size() > kMaxPolicyBytes)
      return (void)out.send(openai_error(413, "a policy is at most 1 MiB", "invalid_request_error", "too_large"));
    auto r = install_policy(s, *p, c.req.body, actor, "api");
    record(c, "policy.upload", target, r.ok() ? *r : 0, r.status());
    if (!r.ok()) {
      Status st = r.status();
      if (st.code() == StatusCode::kInvalidArgument || st.code() == StatusCode::kNotFound)
        st = Status(StatusCode::kInvalidPolicy, st.message());
      return (void)out.send(error_for(st));
    }
    return (void)out.send(json_response(201, {{"target", target}, {"version", *r}, {"status", "active"},
                                              {"name", p->current()->engine().policy().name}}));
  }

  if (sub.rfind("versions", 0) != 0) return (void)out.send(face_error(Face::kOpenAI, 404, "no route for " + c.req.path));
  if (c.req.method != "GET") return (void)out.send(face_error(Face::kOpenAI, 405, "use GET on policy versions"));
  std::lock_guard db_lock(s.db_mu);
  PolicyStore store(s.db.get());
  if (sub == "versions" || sub == "versions/") {
    auto vs = store.list(target);
    if (!vs.ok()) return (void)out.send(error_for(vs.status()));
    json data = json::array();
    for (const auto& v : *vs) {
      json j = version_json(v, false);
      j["active"] = v.version == p->version();
      data.push_back(std::move(j));
    }
    return (void)out.send(json_response(200, {{"object", "list"}, {"data", data}}));
  }
  const std::string n = sub.substr(std::string("versions/").size());
  if (n.empty() || n.size() > 12 || n.find_first_not_of("0123456789") != std::string::npos)
    return (void)out.send(openai_error(404, "no version '" + n + "'", "invalid_request_error", "not_found"));
  auto v = store.get(target, std::stoll(n));
  if (!v.ok()) return (void)out.send(error_for(v.status()));
  if (!*v) return (void)out.send(openai_error(404, "policy " + target + " has no version " + n, "invalid_request_error", "not_found"));
  json j = version_json(**v, true);
  j["active"] = (*v)->version == p->version();
  out.send(json_response(200, j));
}

}  // namespace bulwark::gateway
