#include "report/activity.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "gateway/db.h"

namespace bulwark::report {

namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtCloser {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtCloser>;

// Read-only: a report must never change the evidence it reads (and never creates a file).
Result<Db> open_read_only(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return not_found("audit database '" + path + "' does not exist");
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK)
    return invalid_argument("cannot open '" + path + "': " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(raw, 2000);
  return db;
}

Result<Stmt> prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
    return invalid_argument(std::string("audit database: ") + sqlite3_errmsg(db));
  return Stmt(s);
}

std::string text(sqlite3_stmt* s, int col) {
  const unsigned char* t = sqlite3_column_text(s, col);
  return t ? reinterpret_cast<const char*>(t) : "";
}

Result<bool> has_table(sqlite3* db, const char* name) {
  auto st = prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  if (!st.ok()) return st.status();
  sqlite3_bind_text(st->get(), 1, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st->get());
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return invalid_argument(std::string("audit database: ") + sqlite3_errmsg(db));
  return rc == SQLITE_ROW;
}

std::string day_of(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// The categories of findings that took an action (a request counts once per category).
std::set<std::string> acted_categories(const std::string& findings, bool& unreadable) {
  std::set<std::string> out;
  auto j = nlohmann::json::parse(findings, nullptr, false);
  if (j.is_discarded() || !j.is_array()) {
    unreadable = true;
    return out;
  }
  for (const auto& f : j) {
    if (!f.is_object()) continue;
    auto cat = f.find("category");
    auto act = f.find("action");
    if (cat == f.end() || !cat->is_string()) continue;
    if (act != f.end() && act->is_string() && act->get<std::string>() == "allow") continue;
    out.insert(cat->get<std::string>());
  }
  return out;
}

// Adds one request's unread text (the audit row's `unread` JSON) to `out`, once per script.
void add_unread(const std::string& unread, std::map<std::string, UnreadActivity>& out) {
  auto j = nlohmann::json::parse(unread, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return;
  std::map<std::string, std::set<std::string>> scripts;
  for (const auto& u : j) {
    if (!u.is_object()) continue;
    auto det = u.find("detector");
    auto sc = u.find("scripts");
    if (det == u.end() || !det->is_string() || sc == u.end() || !sc->is_array()) continue;
    for (const auto& s : *sc)
      if (s.is_string()) scripts[s.get<std::string>()].insert(det->get<std::string>());
  }
  for (auto& [script, detectors] : scripts) {
    UnreadActivity& a = out[script];
    ++a.requests;
    a.detectors.insert(detectors.begin(), detectors.end());
  }
}

Status read_incidents(sqlite3* db, Activity& a) {
  const bool has_status = gateway::has_column(db, "incidents", "status");
  // Another component owns this table; read whatever columns it has, open ones only.
  auto st = prepare(db, has_status ? "SELECT * FROM incidents WHERE status = 'open' ORDER BY rowid DESC LIMIT 50"
                                   : "SELECT * FROM incidents ORDER BY rowid DESC LIMIT 50");
  if (!st.ok()) return st.status();
  while (sqlite3_step(st->get()) == SQLITE_ROW) {
    Incident inc;
    for (int c = 0; c < sqlite3_column_count(st->get()); ++c)
      inc.fields.emplace_back(sqlite3_column_name(st->get(), c), text(st->get(), c));
    a.open_incidents.push_back(std::move(inc));
  }
  return {};
}

}  // namespace

Result<Activity> read_activity(const std::string& db_path, std::optional<int64_t> since_ms, size_t top_n) {
  auto db = open_read_only(db_path);
  if (!db.ok()) return db.status();
  auto audit = has_table(db->get(), "audit");
  if (!audit.ok()) return audit.status();
  if (!*audit) return invalid_argument("'" + db_path + "' has no audit table (not a Bulwark gateway database)");

  Activity a;
  a.db_path = db_path;
  a.since_ms = since_ms;
  // Databases written before the `unread` column read it as empty (the gateway adds it on start).
  const std::string unread_col = gateway::has_column(db->get(), "audit", "unread") ? "unread" : "'[]'";
  auto st = prepare(db->get(),
                    ("SELECT ts_ms, decision, findings, COALESCE(key_id,''), COALESCE(tenant,''), COALESCE(app,''), "
                     "COALESCE(user,''), " + unread_col + " FROM audit WHERE ts_ms >= ? ORDER BY ts_ms").c_str());
  if (!st.ok()) return st.status();
  sqlite3_bind_int64(st->get(), 1, since_ms.value_or(INT64_MIN));
  std::map<std::string, DayActivity> days;
  std::map<std::string, IdentityActivity> ids;
  int rc;
  while ((rc = sqlite3_step(st->get())) == SQLITE_ROW) {
    const int64_t ts = sqlite3_column_int64(st->get(), 0);
    const std::string decision = text(st->get(), 1);
    if (a.requests == 0) a.first_ms = ts;
    a.last_ms = ts;
    ++a.requests;
    ++a.decisions[decision];
    DayActivity& d = days[day_of(ts)];
    ++d.decisions[decision];
    bool bad = false;
    for (const auto& c : acted_categories(text(st->get(), 2), bad)) {
      ++d.categories[c];
      ++a.categories[c];
    }
    a.unreadable_findings += bad ? 1 : 0;
    add_unread(text(st->get(), 7), a.unread);
    const std::string key = text(st->get(), 3);
    if (key.empty()) continue;   // unauthenticated requests have no identity
    IdentityActivity& id = ids[key];
    id.key_id = key;
    id.tenant = text(st->get(), 4);
    id.app = text(st->get(), 5);
    id.user = text(st->get(), 6);
    ++id.requests;
    id.blocked += decision == "block" ? 1 : 0;
  }
  if (rc != SQLITE_DONE) return invalid_argument("audit database: " + std::string(sqlite3_errmsg(db->get())));
  for (auto& [day, d] : days) {
    d.day = day;
    a.days.push_back(std::move(d));
  }
  for (auto& [key, id] : ids)
    if (id.blocked > 0) a.top_blocked.push_back(std::move(id));
  std::stable_sort(a.top_blocked.begin(), a.top_blocked.end(),
                   [](const IdentityActivity& x, const IdentityActivity& y) { return x.blocked > y.blocked; });
  if (a.top_blocked.size() > top_n) a.top_blocked.resize(top_n);

  auto incidents = has_table(db->get(), "incidents");
  if (!incidents.ok()) return incidents.status();
  a.incident_store = *incidents;
  if (a.incident_store) BULWARK_RETURN_IF_ERROR(read_incidents(db->get(), a));
  return a;
}

Result<std::vector<KeyFacts>> read_database_keys(const std::string& db_path) {
  auto db = open_read_only(db_path);
  if (!db.ok()) return db.status();
  auto has = has_table(db->get(), "api_keys");
  if (!has.ok()) return has.status();
  std::vector<KeyFacts> out;
  if (!*has) return out;
  auto st = prepare(db->get(),
                    "SELECT id, models, tools FROM api_keys WHERE revoked_at IS NULL AND (expires_at IS NULL OR "
                    "expires_at > ?) ORDER BY id");
  if (!st.ok()) return st.status();
  const int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  sqlite3_bind_int64(st->get(), 1, now_s);
  auto non_empty_list = [](const std::string& s) {
    auto j = nlohmann::json::parse(s, nullptr, false);
    return !j.is_discarded() && j.is_array() && !j.empty();
  };
  while (sqlite3_step(st->get()) == SQLITE_ROW)
    out.push_back({text(st->get(), 0), "database", non_empty_list(text(st->get(), 1)),
                   non_empty_list(text(st->get(), 2)), 0});
  return out;
}

std::optional<int64_t> parse_since(const std::string& s, int64_t now_ms) {
  if (s.empty()) return std::nullopt;
  const char unit = s.back();
  if (unit == 's' || unit == 'm' || unit == 'h' || unit == 'd') {
    char* end = nullptr;
    long long n = std::strtoll(s.c_str(), &end, 10);
    if (end == s.c_str() + s.size() - 1 && end != s.c_str() && n >= 0) {
      int64_t mult = unit == 's' ? 1000 : unit == 'm' ? 60000 : unit == 'h' ? 3600000 : 86400000;
      return now_ms - n * mult;
    }
  }
  std::tm tm{};
  const char* rest = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) {
    tm = {};
    rest = strptime(s.c_str(), "%Y-%m-%d", &tm);
  }
  if (rest == nullptr || (*rest != '\0' && std::string(rest) != "Z")) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

std::string iso_utc(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace bulwark::report
