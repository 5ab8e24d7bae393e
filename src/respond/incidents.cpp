#include "respond/incidents.h"

#include <openssl/rand.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "gateway/db.h"

namespace bulwark::respond {

using gateway::bind_text;
using gateway::column_text;
using gateway::exec;
using gateway::prepare;
using gateway::step_done;

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS incidents (
  id TEXT PRIMARY KEY,
  opened_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  key_id TEXT NOT NULL, tenant TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','acknowledged','resolved')),
  score REAL NOT NULL DEFAULT 0, threshold REAL NOT NULL DEFAULT 0,
  suspended_until INTEGER NOT NULL DEFAULT 0, triggers INTEGER NOT NULL DEFAULT 1,
  evidence TEXT NOT NULL DEFAULT '{}',
  acknowledged_at INTEGER, resolved_at INTEGER
);
CREATE INDEX IF NOT EXISTS incidents_key_kind ON incidents(key_id, kind, status);
CREATE INDEX IF NOT EXISTS incidents_opened ON incidents(opened_at);
)sql";

constexpr const char* kColumns =
    "id, opened_at, updated_at, key_id, tenant, kind, status, score, threshold, suspended_until, triggers, evidence";

// Evidence keeps the newest events only, so a long-running incident stays a readable size.
constexpr size_t kMaxEvidenceEvents = 200;

Incident row(sqlite3_stmt* s) {
  Incident i;
  i.id = column_text(s, 0);
  i.opened_at_ms = sqlite3_column_int64(s, 1);
  i.updated_at_ms = sqlite3_column_int64(s, 2);
  i.key_id = column_text(s, 3);
  i.tenant = column_text(s, 4);
  i.kind = column_text(s, 5);
  i.status = column_text(s, 6);
  i.score = sqlite3_column_double(s, 7);
  i.threshold = sqlite3_column_double(s, 8);
  i.suspended_until_ms = sqlite3_column_int64(s, 9);
  i.triggers = sqlite3_column_int64(s, 10);
  i.evidence_json = column_text(s, 11);
  return i;
}

// Appends the events of `add` to `base` (by request id, no duplicates), keeping the newest.
std::string merge_evidence(const std::string& base, const std::string& add) {
  auto b = nlohmann::json::parse(base, nullptr, false);
  auto a = nlohmann::json::parse(add, nullptr, false);
  if (!b.is_object()) b = nlohmann::json::object();
  if (!a.is_object()) return b.dump();
  auto& events = b["events"];
  if (!events.is_array()) events = nlohmann::json::array();
  for (const auto& e : a.value("events", nlohmann::json::array())) {
    bool seen = false;
    for (const auto& x : events) seen = seen || x.value("request_id", "") == e.value("request_id", "?");
    if (!seen) events.push_back(e);
  }
  if (events.size() > kMaxEvidenceEvents) events.erase(events.begin(), events.end() - kMaxEvidenceEvents);
  for (auto it = a.begin(); it != a.end(); ++it)
    if (it.key() != "events") b[it.key()] = it.value();
  return b.dump();
}

}  // namespace

std::string new_incident_id() {
  unsigned char r[8];
  if (RAND_bytes(r, sizeof r) != 1) {
    uint64_t t = static_cast<uint64_t>(std::time(nullptr)) ^ reinterpret_cast<uintptr_t>(&r);
    for (int i = 0; i < 8; ++i) r[i] = static_cast<unsigned char>(t >> (8 * i));
  }
  static const char* hex = "0123456789abcdef";
  std::string id = "inc_";
  for (unsigned char c : r) {
    id.push_back(hex[c >> 4]);
    id.push_back(hex[c & 15]);
  }
  return id;
}

std::string iso8601_ms(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

Status IncidentTable::ensure_schema(sqlite3* db) { return exec(db, kSchema); }

Result<std::pair<Incident, bool>> IncidentTable::open_or_append(const Incident& p) {
  BULWARK_RETURN_IF_ERROR(exec(db_, "BEGIN IMMEDIATE"));
  auto fail = [&](Status st) -> Result<std::pair<Incident, bool>> {
    (void)exec(db_, "ROLLBACK");
    return st;
  };
  const std::string find = std::string("SELECT ") + kColumns +
                           " FROM incidents WHERE key_id = ? AND kind = ? AND status != 'resolved' "
                           "ORDER BY opened_at DESC LIMIT 1";
  auto q = prepare(db_, find.c_str());
  if (!q.ok()) return fail(q.status());
  bind_text(q->get(), 1, p.key_id);
  bind_text(q->get(), 2, p.kind);
  std::optional<Incident> existing;
  if (sqlite3_step(q->get()) == SQLITE_ROW) existing = row(q->get());
  Incident out = p;
  bool fresh = !existing;
  if (existing) {
    out = *existing;
    out.updated_at_ms = p.updated_at_ms;
    out.score = std::max(out.score, p.score);
    out.suspended_until_ms = std::max(out.suspended_until_ms, p.suspended_until_ms);
    out.triggers += 1;
    out.evidence_json = merge_evidence(existing->evidence_json, p.evidence_json);
    auto u = prepare(db_,
                     "UPDATE incidents SET updated_at = ?, score = ?, suspended_until = ?, triggers = ?, evidence = ? "
                     "WHERE id = ?");
    if (!u.ok()) return fail(u.status());
    sqlite3_bind_int64(u->get(), 1, out.updated_at_ms);
    sqlite3_bind_double(u->get(), 2, out.score);
    sqlite3_bind_int64(u->get(), 3, out.suspended_until_ms);
    sqlite3_bind_int64(u->get(), 4, out.triggers);
    bind_text(u->get(), 5, out.evidence_json);
    bind_text(u->get(), 6, out.id);
    if (Status st = step_done(db_, u->get()); !st.ok()) return fail(st);
  } else {
    if (out.id.empty()) out.id = new_incident_id();
    out.status = "open";
    auto ins = prepare(db_,
                       "INSERT INTO incidents (id, opened_at, updated_at, key_id, tenant, kind, status, score, "
                       "threshold, suspended_until, triggers, evidence) VALUES (?,?,?,?,?,?,'open',?,?,?,1,?)");
    if (!ins.ok()) return fail(ins.status());
    sqlite3_stmt* s = ins->get();
    bind_text(s, 1, out.id);
    sqlite3_bind_int64(s, 2, out.opened_at_ms);
    sqlite3_bind_int64(s, 3, out.updated_at_ms);
    bind_text(s, 4, out.key_id);
    bind_text(s, 5, out.tenant);
    bind_text(s, 6, out.kind);
    sqlite3_bind_double(s, 7, out.score);
    sqlite3_bind_double(s, 8, out.threshold);
    sqlite3_bind_int64(s, 9, out.suspended_until_ms);
    bind_text(s, 10, out.evidence_json);
    if (Status st = step_done(db_, s); !st.ok()) return fail(st);
  }
  BULWARK_RETURN_IF_ERROR(exec(db_, "COMMIT"));
  return std::make_pair(out, fresh);
}

Result<std::vector<Incident>> IncidentTable::list(const IncidentFilter& f) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM incidents WHERE 1=1";
  if (!f.status.empty()) sql += " AND status = ?1";
  if (!f.key_id.empty()) sql += " AND key_id = ?2";
  if (!f.tenant.empty()) sql += " AND tenant = ?3";
  sql += " ORDER BY opened_at DESC, id LIMIT ?4";
  auto q = prepare(db_, sql.c_str());
  if (!q.ok()) return q.status();
  if (!f.status.empty()) bind_text(q->get(), 1, f.status);
  if (!f.key_id.empty()) bind_text(q->get(), 2, f.key_id);
  if (!f.tenant.empty()) bind_text(q->get(), 3, f.tenant);
  sqlite3_bind_int(q->get(), 4, f.limit > 0 ? f.limit : 100);
  std::vector<Incident> out;
  while (sqlite3_step(q->get()) == SQLITE_ROW) out.push_back(row(q->get()));
  return out;
}

Result<std::optional<Incident>> IncidentTable::get(const std::string& id) {
  const std::string sql = std::string("SELECT ") + kColumns + " FROM incidents WHERE id = ?";
  auto q = prepare(db_, sql.c_str());
  if (!q.ok()) return q.status();
  bind_text(q->get(), 1, id);
  if (sqlite3_step(q->get()) == SQLITE_ROW) return std::optional<Incident>(row(q->get()));
  return std::optional<Incident>();
}

Result<Incident> IncidentTable::transition(const std::string& id, const std::string& to, int64_t now_ms) {
  if (to != "acknowledged" && to != "resolved") return invalid_argument("status must be acknowledged or resolved");
  auto cur = get(id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return not_found("no incident " + id);
  Incident i = **cur;
  if (i.status == "resolved") return invalid_argument("incident " + id + " is already resolved");
  if (i.status == to) return i;   // acknowledging twice is harmless
  const char* sql = to == "acknowledged"
                        ? "UPDATE incidents SET status = 'acknowledged', acknowledged_at = ?1, updated_at = ?1 WHERE id = ?2"
                        : "UPDATE incidents SET status = 'resolved', resolved_at = ?1, updated_at = ?1, "
                          "suspended_until = MIN(suspended_until, ?1) WHERE id = ?2";
  auto u = prepare(db_, sql);
  if (!u.ok()) return u.status();
  sqlite3_bind_int64(u->get(), 1, now_ms);
  bind_text(u->get(), 2, id);
  BULWARK_RETURN_IF_ERROR(step_done(db_, u->get()));
  i.status = to;
  i.updated_at_ms = now_ms;
  if (to == "resolved" && i.suspended_until_ms > now_ms) i.suspended_until_ms = now_ms;
  return i;
}

Result<std::vector<Incident>> IncidentTable::active_suspensions(int64_t now_ms) {
  const std::string sql = std::string("SELECT ") + kColumns +
                          " FROM incidents WHERE status != 'resolved' AND suspended_until > ? ORDER BY opened_at";
  auto q = prepare(db_, sql.c_str());
  if (!q.ok()) return q.status();
  sqlite3_bind_int64(q->get(), 1, now_ms);
  std::vector<Incident> out;
  while (sqlite3_step(q->get()) == SQLITE_ROW) out.push_back(row(q->get()));
  return out;
}

nlohmann::json incident_json(const Incident& i) {
  nlohmann::json ev = nlohmann::json::parse(i.evidence_json, nullptr, false);
  return {{"id", i.id},
          {"opened_at", iso8601_ms(i.opened_at_ms)},
          {"updated_at", iso8601_ms(i.updated_at_ms)},
          {"key_id", i.key_id},
          {"tenant", i.tenant},
          {"kind", i.kind},
          {"status", i.status},
          {"score", i.score},
          {"threshold", i.threshold},
          {"triggers", i.triggers},
          {"suspended_until",
           i.suspended_until_ms > 0 ? nlohmann::json(iso8601_ms(i.suspended_until_ms)) : nlohmann::json(nullptr)},
          {"evidence", ev.is_discarded() ? nlohmann::json::object() : ev}};
}

}  // namespace bulwark::respond
