// gateway/blocklists.cpp — blocklist storage and matching, and the Azure management routes
// under /contentsafety/text/blocklists.
#include "gateway/blocklists.h"

#include <openssl/rand.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdio>

#include "gateway/api_version.h"
#include "gateway/errors.h"
#include "gateway/gateway.h"
#include "gateway/holdback.h"

namespace bulwark::gateway {

using nlohmann::json;

namespace {

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string new_uuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) std::abort();
  b[6] = (b[6] & 0x0F) | 0x40;
  b[8] = (b[8] & 0x3F) | 0x80;
  char s[37];
  std::snprintf(s, sizeof s, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
                b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return s;
}

bool list_exists(sqlite3* db, const std::string& name, std::string* description = nullptr) {
  auto st = prepare(db, "SELECT description FROM blocklists WHERE name = ?");
  if (!st.ok()) return false;
  bind_text(st->get(), 1, name);
  if (sqlite3_step(st->get()) != SQLITE_ROW) return false;
  if (description) *description = column_text(st->get(), 0);
  return true;
}

json item_json(sqlite3_stmt* s) {
  return {{"blocklistItemId", column_text(s, 0)},
          {"description", column_text(s, 2)},
          {"text", column_text(s, 1)},
          {"isRegex", sqlite3_column_int(s, 3) != 0}};
}

HttpResponse bad(const std::string& m) { return azure_error(400, "InvalidRequestBody", m); }
HttpResponse missing(const std::string& name) {
  return azure_error(404, "ResourceNotFound", "The blocklist '" + name + "' does not exist.");
}

}  // namespace

bool valid_blocklist_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '~' || c == '-';
  });
}

Result<std::vector<BlocklistMatch>> match_blocklists(sqlite3* db, const std::vector<std::string>& names,
                                                     const std::string& text) {
  std::vector<BlocklistMatch> out;
  const std::string folded = lower_ascii(text);
  for (const auto& name : names) {
    if (!list_exists(db, name)) return not_found("The blocklist '" + name + "' does not exist.");
    auto st = prepare(db, "SELECT id, text, is_regex FROM blocklist_items WHERE blocklist = ? ORDER BY rowid");
    if (!st.ok()) return st.status();
    bind_text(st->get(), 1, name);
    while (sqlite3_step(st->get()) == SQLITE_ROW) {
      std::string id = column_text(st->get(), 0), item = column_text(st->get(), 1);
      bool hit;
      if (sqlite3_column_int(st->get(), 2)) {
        RE2::Options opt;
        opt.set_case_sensitive(false);
        opt.set_log_errors(false);
        RE2 re(item, opt);
        hit = re.ok() && RE2::PartialMatch(text, re);
      } else {
        // Word-bounded, case-insensitive: "ass" must not match "class".
        const std::string needle = lower_ascii(item);
        hit = false;
        for (size_t pos = folded.find(needle); !needle.empty() && pos != std::string::npos;
             pos = folded.find(needle, pos + 1)) {
          auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
          bool left = pos == 0 || !word(folded[pos - 1]) || !word(needle.front());
          size_t end = pos + needle.size();
          bool right = end >= folded.size() || !word(folded[end]) || !word(needle.back());
          if (left && right) {
            hit = true;
            break;
          }
        }
      }
      if (hit) out.push_back({name, id, item});
    }
  }
  return out;
}

void handle_blocklists(GatewayState& s, Call& c, ResponseSink& out) {
  if (auto err = check_api_version(c.req)) return (void)out.send(std::move(*err));
  c.audit.decision = "admin";
  // Reading lists is open to every key (analyze calls name them); changing them is
  // administration: admin keys only, unless the gateway runs without keys at all.
  if (c.req.method != "GET" && s.config.auth_required && !c.identity.has_role("admin"))
    return (void)out.send(azure_error(403, "Forbidden", "Changing blocklists needs an admin key."));
  std::lock_guard lock(s.db_mu);
  sqlite3* db = s.db.get();
  const std::string prefix = "/contentsafety/text/blocklists";
  std::string rest = c.req.path.substr(prefix.size());
  const std::string& m = c.req.method;
  if (rest.empty() || rest == "/") {
    if (m != "GET") return (void)out.send(azure_error(405, "InvalidRequestBody", "Method not allowed."));
    json value = json::array();
    auto st = prepare(db, "SELECT name, description FROM blocklists ORDER BY name");
    if (!st.ok()) return (void)out.send(azure_error(500, "InternalError", st.status().message()));
    while (sqlite3_step(st->get()) == SQLITE_ROW)
      value.push_back({{"blocklistName", column_text(st->get(), 0)}, {"description", column_text(st->get(), 1)}});
    return (void)out.send(json_response(200, {{"value", value}}));
  }
  rest.erase(0, 1);   // leading '/'
  std::string name = rest, action, sub;
  if (size_t colon = rest.find(':'); colon != std::string::npos) {
    name = rest.substr(0, colon);
    action = rest.substr(colon + 1);
  } else if (size_t slash = rest.find('/'); slash != std::string::npos) {
    name = rest.substr(0, slash);
    sub = rest.substr(slash + 1);
  }
  name = url_decode(name);
  if (!valid_blocklist_name(name))
    return (void)out.send(azure_error(400, "InvalidResourceName",
                                      "Blocklist names are 1-64 characters of 0-9, A-Z, a-z, '.', '_', '~' and '-'."));
  json body;
  if (m == "PATCH" || m == "POST") {
    body = json::parse(c.req.body.empty() ? "{}" : c.req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) return (void)out.send(bad("The request body is not a JSON object."));
  }
  if (action.empty() && sub.empty()) {
    if (m == "GET") {
      std::string desc;
      if (!list_exists(db, name, &desc)) return (void)out.send(missing(name));
      return (void)out.send(json_response(200, {{"blocklistName", name}, {"description", desc}}));
    }
    if (m == "PATCH") {
      std::string desc;
      if (body.contains("description")) {
        if (!body["description"].is_string()) return (void)out.send(bad("The field 'description' must be a string."));
        desc = body["description"].get<std::string>();
        if (count_code_points(desc) > 1024) return (void)out.send(bad("The description is longer than 1024 characters."));
      }
      bool existed = list_exists(db, name);
      auto st = prepare(db, existed ? "UPDATE blocklists SET description = ?2 WHERE name = ?1"
                                    : "INSERT INTO blocklists (name, description) VALUES (?1, ?2)");
      if (!st.ok()) return (void)out.send(azure_error(500, "InternalError", st.status().message()));
      bind_text(st->get(), 1, name);
      bind_text(st->get(), 2, desc);
      if (sqlite3_step(st->get()) != SQLITE_DONE)
        return (void)out.send(azure_error(500, "InternalError", sqlite3_errmsg(db)));
      return (void)out.send(json_response(existed ? 200 : 201, {{"blocklistName", name}, {"description", desc}}));
    }
    if (m == "DELETE") {
      auto st = prepare(db, "DELETE FROM blocklists WHERE name = ?");
      if (!st.ok()) return (void)out.send(azure_error(500, "InternalError", st.status().message()));
      bind_text(st->get(), 1, name);
      (void)sqlite3_step(st->get());
      HttpResponse r;
      r.status = 204;
      return (void)out.send(std::move(r));
    }
    return (void)out.send(azure_error(405, "InvalidRequestBody", "Method not allowed."));
  }
  if (!list_exists(db, name)) return (void)out.send(missing(name));
  if (action == "addOrUpdateBlocklistItems" && m == "POST") {
    if (!body.contains("blocklistItems") || !body["blocklistItems"].is_array() || body["blocklistItems"].empty())
      return (void)out.send(bad("The field 'blocklistItems' is required and must be a non-empty array."));
    if (body["blocklistItems"].size() > 100) return (void)out.send(bad("At most 100 blocklist items per request."));
    json items = json::array();
    for (const auto& it : body["blocklistItems"]) {
      if (!it.is_object() || !it.contains("text") || !it["text"].is_string())
        return (void)out.send(bad("Every blocklist item needs a string 'text'."));
      std::string text = it["text"].get<std::string>();
      if (text.empty() || count_code_points(text) > 128)
        return (void)out.send(bad("Blocklist item text must be 1-128 characters."));
      std::string desc = it.contains("description") && it["description"].is_string() ? it["description"].get<std::string>() : "";
      bool regex = it.contains("isRegex") && it["isRegex"].is_boolean() && it["isRegex"].get<bool>();
      if (regex) {
        RE2::Options opt;
        opt.set_log_errors(false);
        if (!RE2(text, opt).ok()) return (void)out.send(bad("Blocklist item '" + text + "' is not a valid regex."));
      }
      std::string id = it.contains("blocklistItemId") && it["blocklistItemId"].is_string()
                           ? it["blocklistItemId"].get<std::string>()
                           : new_uuid();
      auto st = prepare(db,
                        "INSERT INTO blocklist_items (id, blocklist, text, description, is_regex) VALUES (?,?,?,?,?) "
                        "ON CONFLICT(id) DO UPDATE SET text = excluded.text, description = excluded.description, "
                        "is_regex = excluded.is_regex");
      if (!st.ok()) return (void)out.send(azure_error(500, "InternalError", st.status().message()));
      bind_text(st->get(), 1, id);
      bind_text(st->get(), 2, name);
      bind_text(st->get(), 3, text);
      bind_text(st->get(), 4, desc);
      sqlite3_bind_int(st->get(), 5, regex ? 1 : 0);
      if (sqlite3_step(st->get()) != SQLITE_DONE)
        return (void)out.send(azure_error(500, "InternalError", sqlite3_errmsg(db)));
      items.push_back({{"blocklistItemId", id}, {"description", desc}, {"text", text}, {"isRegex", regex}});
    }
    return (void)out.send(json_response(200, {{"blocklistItems", items}}));
  }
  if (action == "removeBlocklistItems" && m == "POST") {
    if (!body.contains("blocklistItemIds") || !body["blocklistItemIds"].is_array())
      return (void)out.send(bad("The field 'blocklistItemIds' is required and must be an array."));
    for (const auto& id : body["blocklistItemIds"]) {
      if (!id.is_string()) return (void)out.send(bad("'blocklistItemIds' must contain strings."));
      auto st = prepare(db, "DELETE FROM blocklist_items WHERE blocklist = ? AND id = ?");
      if (!st.ok()) return (void)out.send(azure_error(500, "InternalError", st.status().message()));
      bind_text(st->get(), 1, name);
      bind_text(st->get(), 2, id.get<std::string>());
      (void)sqlite3_step(st->get());
    }
    HttpResponse r;
    r.status = 204;
    return (void)out.send(std::move(r));
  }
  if (action.empty() && m == "GET" && (sub == "blocklistItems" || sub.rfind("blocklistItems/", 0) == 0)) {
    std::string item_id = sub.size() > 15 ? url_decode(sub.substr(15)) : "";
    auto st = prepare(db, item_id.empty()
                              ? "SELECT id, text, description, is_regex FROM blocklist_items WHERE blocklist = ?1 ORDER BY rowid"
                              : "SELECT id, text, description, is_regex FROM blocklist_items WHERE blocklist = ?1 AND id = ?2");
    if (!st.ok()) return (void)out.send(azure_error(500, "InternalError", st.status().message()));
    bind_text(st->get(), 1, name);
    if (!item_id.empty()) bind_text(st->get(), 2, item_id);
    json value = json::array();
    while (sqlite3_step(st->get()) == SQLITE_ROW) value.push_back(item_json(st->get()));
    if (!item_id.empty()) {
      if (value.empty())
        return (void)out.send(azure_error(404, "ResourceNotFound", "The blocklist item '" + item_id + "' does not exist."));
      return (void)out.send(json_response(200, value[0]));
    }
    return (void)out.send(json_response(200, {{"value", value}}));
  }
  out.send(azure_error(404, "ResourceNotFound", "No such blocklist operation: " + m + " " + c.req.path));
}

}  // namespace bulwark::gateway
