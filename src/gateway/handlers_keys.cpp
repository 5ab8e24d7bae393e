// gateway/handlers_keys.cpp — the admin API over API keys in SQLite (admin keys only), the same
// operations as `bulwark keys`:
//   GET  /admin/keys                      every stored key (never a hash or a plain key)
//   POST /admin/keys                      {"id","tenant","app","user","roles","models","tools","rpm","tpm"}
//                                         → 201 with the plain key, shown this once
//   PATCH /admin/keys/{id}                {"roles","models","tools","rpm","tpm"} (any of them) → 200
//                                         with the key as stored; applies from its next request
//   POST /admin/keys/{id}:revoke          → 200
//   POST /admin/keys/{id}:rotate          {"new_id","overlap_seconds"} → 201 with the new plain key
// Keys from the config file are not stored here: change them in the file. Every call leaves an
// audit row whose findings say what was done (the plain key is never in it).
#include <algorithm>
#include <optional>
#include <nlohmann/json.hpp>

#include "gateway/errors.h"
#include "gateway/gateway.h"
#include "respond/incidents.h"

namespace bulwark::gateway {

namespace {

using nlohmann::json;

json key_json(const StoredKey& k) {
  const int64_t now = now_seconds();
  std::string status = k.revoked_at ? "revoked" : (k.expires_at && *k.expires_at <= now) ? "expired" : "active";
  json j = {{"id", k.id},     {"tenant", k.tenant}, {"app", k.app},       {"user", k.user},
            {"roles", k.roles}, {"models", k.models}, {"tools", k.tools}, {"status", status},
            {"rpm", k.rpm},   {"tpm", k.tpm},       {"created_at", respond::iso8601_ms(k.created_at * 1000)}};
  j["expires_at"] = k.expires_at ? json(respond::iso8601_ms(*k.expires_at * 1000)) : json(nullptr);
  j["revoked_at"] = k.revoked_at ? json(respond::iso8601_ms(*k.revoked_at * 1000)) : json(nullptr);
  return j;
}

HttpResponse bad(const std::string& msg) { return openai_error(400, msg, "invalid_request_error", "invalid_value"); }

void record(Call& c, const std::string& action, const std::string& id, const Status& st) {
  json f = {{"admin_action", action}, {"key_id", id}, {"ok", st.ok()}};
  if (!st.ok()) f["error"] = st.message();
  c.audit.findings_json = json::array({f}).dump();
}

// Reads an optional list of strings; false (and an answer sent) when it is not one.
bool read_list(const json& body, const char* field, std::vector<std::string>& out, ResponseSink& sink) {
  if (!body.contains(field) || body[field].is_null()) return true;
  if (!body[field].is_array()) return sink.send(bad(std::string(field) + ": expected an array of strings")), false;
  for (const auto& v : body[field]) {
    if (!v.is_string()) return sink.send(bad(std::string(field) + ": expected an array of strings")), false;
    out.push_back(v.get<std::string>());
  }
  return true;
}

bool read_string(const json& body, const char* field, std::string& out, ResponseSink& sink) {
  if (!body.contains(field) || body[field].is_null()) return true;
  if (!body[field].is_string()) return sink.send(bad(std::string(field) + ": expected a string")), false;
  out = body[field].get<std::string>();
  return true;
}

// Reads an optional per-minute limit (0 = unlimited); false (and an answer sent) when it is not one.
bool read_limit(const json& body, const char* field, std::optional<uint32_t>& out, ResponseSink& sink) {
  if (!body.contains(field)) return true;
  const json& v = body[field];
  if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > 1000000000)
    return sink.send(bad(std::string(field) + ": expected an integer from 0 (unlimited) to 1000000000")), false;
  out = static_cast<uint32_t>(v.get<int64_t>());
  return true;
}

bool read_optional_list(const json& body, const char* field, std::optional<std::vector<std::string>>& out,
                        ResponseSink& sink) {
  if (!body.contains(field) || body[field].is_null()) return true;
  out.emplace();
  return read_list(body, field, *out, sink);
}

void update_key(KeyTable& table, const std::string& id, const json& body, Call& c, ResponseSink& out) {
  for (const char* f : {"id", "tenant", "app", "user", "new_id", "overlap_seconds"})
    if (body.contains(f))
      return (void)out.send(bad(std::string(f) + ": cannot be changed here; create a new key or rotate this one"));
  KeyChange change;
  if (!read_optional_list(body, "roles", change.roles, out) || !read_optional_list(body, "models", change.models, out) ||
      !read_optional_list(body, "tools", change.tools, out) || !read_limit(body, "rpm", change.rpm, out) ||
      !read_limit(body, "tpm", change.tpm, out))
    return;
  auto key = table.update(id, change);
  record(c, "key.update", id, key.status());
  if (!key.ok()) {
    const int code = key.status().code() == StatusCode::kNotFound ? 404 : 400;
    return (void)out.send(openai_error(code, key.status().message(), "invalid_request_error",
                                       code == 404 ? "not_found" : "invalid_value"));
  }
  out.send(json_response(200, key_json(*key)));
}

}  // namespace

void handle_admin_keys(GatewayState& s, Call& c, ResponseSink& out) {
  c.audit.decision = "admin";
  if (!c.identity.has_role("admin")) {
    out.send(openai_error(403, "The keys API needs an admin key.", "permission_denied", "admin_required"));
    return;
  }
  const std::string rest = c.req.path.substr(std::string("/admin/keys").size());
  json body = json::object();
  if (!c.req.body.empty()) {
    body = json::parse(c.req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return (void)out.send(bad("the body must be a JSON object"));
  }
  static const std::vector<std::string> kKnown = {"id", "tenant", "app", "user", "roles", "models", "tools",
                                                  "rpm", "tpm", "new_id", "overlap_seconds"};
  for (const auto& [k, v] : body.items())
    if (std::find(kKnown.begin(), kKnown.end(), k) == kKnown.end())
      return (void)out.send(bad("unknown field '" + k + "'"));
  std::lock_guard lock(s.db_mu);
  KeyTable table(s.db.get());
  if (rest.empty() || rest == "/") {
    if (c.req.method == "GET") {
      auto keys = table.list();
      if (!keys.ok()) return (void)out.send(openai_error(500, keys.status().message(), "server_error"));
      json data = json::array();
      for (const auto& k : *keys) data.push_back(key_json(k));
      return (void)out.send(json_response(200, {{"object", "list"}, {"data", data}}));
    }
    if (c.req.method != "POST") return (void)out.send(face_error(Face::kOpenAI, 405, "use GET or POST on /admin/keys"));
    StoredKey k;
    if (!read_string(body, "id", k.id, out) || !read_string(body, "tenant", k.tenant, out) ||
        !read_string(body, "app", k.app, out) || !read_string(body, "user", k.user, out) ||
        !read_list(body, "roles", k.roles, out) || !read_list(body, "models", k.models, out) ||
        !read_list(body, "tools", k.tools, out))
      return;
    if (k.id.empty()) return (void)out.send(bad("id: required"));
    std::optional<uint32_t> rpm, tpm;
    if (!read_limit(body, "rpm", rpm, out) || !read_limit(body, "tpm", tpm, out)) return;
    k.rpm = rpm.value_or(0);
    k.tpm = tpm.value_or(0);
    auto plain = table.create(k);
    record(c, "key.create", k.id, plain.status());
    if (!plain.ok()) return (void)out.send(openai_error(409, plain.status().message(), "invalid_request_error", "conflict"));
    json j = {{"id", k.id}, {"key", *plain}, {"note", "the key is shown only this once; it is stored as SHA-256"}};
    return (void)out.send(json_response(201, j));
  }
  if (rest[0] != '/') return (void)out.send(face_error(Face::kOpenAI, 404, "no route for " + c.req.path));
  std::string id = rest.substr(1), action;
  if (size_t colon = id.rfind(':'); colon != std::string::npos) {
    action = id.substr(colon + 1);
    id = id.substr(0, colon);
  }
  if (action.empty() && c.req.method == "PATCH") return update_key(table, id, body, c, out);
  if (c.req.method != "POST" || (action != "revoke" && action != "rotate"))
    return (void)out.send(
        face_error(Face::kOpenAI, 404, "use PATCH /admin/keys/{id}, or POST /admin/keys/{id}:revoke or :rotate"));
  if (action == "revoke") {
    Status st = table.revoke(id);
    record(c, "key.revoke", id, st);
    if (!st.ok()) return (void)out.send(openai_error(404, st.message(), "invalid_request_error", "not_found"));
    return (void)out.send(json_response(200, {{"id", id}, {"status", "revoked"}}));
  }
  std::string new_id;
  if (!read_string(body, "new_id", new_id, out)) return;
  int64_t overlap = 86400;
  if (body.contains("overlap_seconds")) {
    if (!body["overlap_seconds"].is_number_integer() || body["overlap_seconds"].get<int64_t>() < 0)
      return (void)out.send(bad("overlap_seconds: expected a non-negative integer"));
    overlap = body["overlap_seconds"].get<int64_t>();
  }
  if (new_id.empty()) new_id = id + "-" + std::to_string(now_seconds());
  auto plain = table.rotate(id, new_id, overlap);
  record(c, "key.rotate", id + " -> " + new_id, plain.status());
  if (!plain.ok()) return (void)out.send(openai_error(404, plain.status().message(), "invalid_request_error", "not_found"));
  out.send(json_response(201, {{"id", new_id}, {"key", *plain}, {"replaces", id}, {"overlap_seconds", overlap}}));
}

}  // namespace bulwark::gateway
