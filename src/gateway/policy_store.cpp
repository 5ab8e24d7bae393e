#include "gateway/policy_store.h"

#include "gateway/audit.h"
#include "gateway/db.h"
#include "gateway/keys.h"

namespace bulwark::gateway {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS policy_versions (
  target TEXT NOT NULL, version INTEGER NOT NULL,
  yaml TEXT NOT NULL, sha256 TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL, created_by TEXT NOT NULL, source TEXT NOT NULL,
  PRIMARY KEY (target, version)
);
CREATE TABLE IF NOT EXISTS policy_active (
  target TEXT PRIMARY KEY, version INTEGER NOT NULL,
  activated_at INTEGER NOT NULL, activated_by TEXT NOT NULL, file_sha256 TEXT NOT NULL DEFAULT ''
);
)sql";

PolicyVersion version_row(sqlite3_stmt* s, bool with_yaml) {
  PolicyVersion v;
  v.target = column_text(s, 0);
  v.version = sqlite3_column_int64(s, 1);
  if (with_yaml) v.yaml = column_text(s, 2);
  v.sha256 = column_text(s, 3);
  v.name = column_text(s, 4);
  v.created_at_ms = sqlite3_column_int64(s, 5);
  v.created_by = column_text(s, 6);
  v.source = column_text(s, 7);
  return v;
}

constexpr const char* kVersionColumns = "target, version, yaml, sha256, name, created_at, created_by, source";

}  // namespace

Status PolicyStore::ensure_schema(sqlite3* db) { return exec(db, kSchema); }

Result<PolicyVersion> PolicyStore::add(PolicyVersion v) {
  BULWARK_RETURN_IF_ERROR(exec(db_, "BEGIN IMMEDIATE"));
  auto fail = [&](Status st) -> Result<PolicyVersion> {
    (void)exec(db_, "ROLLBACK");
    return st;
  };
  auto q = prepare(db_, "SELECT COALESCE(MAX(version), 0) FROM policy_versions WHERE target = ?");
  if (!q.ok()) return fail(q.status());
  bind_text(q->get(), 1, v.target);
  if (sqlite3_step(q->get()) != SQLITE_ROW) return fail(internal_error(std::string("sqlite: ") + sqlite3_errmsg(db_)));
  v.version = sqlite3_column_int64(q->get(), 0) + 1;
  v.created_at_ms = now_millis();
  if (v.sha256.empty()) v.sha256 = sha256_hex(v.yaml);
  auto ins = prepare(db_,
                     "INSERT INTO policy_versions (target, version, yaml, sha256, name, created_at, created_by, source) "
                     "VALUES (?,?,?,?,?,?,?,?)");
  if (!ins.ok()) return fail(ins.status());
  sqlite3_stmt* s = ins->get();
  bind_text(s, 1, v.target);
  sqlite3_bind_int64(s, 2, v.version);
  bind_text(s, 3, v.yaml);
  bind_text(s, 4, v.sha256);
  bind_text(s, 5, v.name);
  sqlite3_bind_int64(s, 6, v.created_at_ms);
  bind_text(s, 7, v.created_by);
  bind_text(s, 8, v.source);
  if (Status st = step_done(db_, s); !st.ok()) return fail(st);
  BULWARK_RETURN_IF_ERROR(exec(db_, "COMMIT"));
  return v;
}

Result<std::optional<PolicyVersion>> PolicyStore::get(const std::string& target, int64_t version) {
  auto q = prepare(db_, (std::string("SELECT ") + kVersionColumns +
                         " FROM policy_versions WHERE target = ? AND version = ?").c_str());
  if (!q.ok()) return q.status();
  bind_text(q->get(), 1, target);
  sqlite3_bind_int64(q->get(), 2, version);
  if (sqlite3_step(q->get()) != SQLITE_ROW) return std::optional<PolicyVersion>();
  return std::optional<PolicyVersion>(version_row(q->get(), true));
}

Result<std::vector<PolicyVersion>> PolicyStore::list(const std::string& target, bool with_yaml) {
  auto q = prepare(db_, (std::string("SELECT ") + kVersionColumns +
                         " FROM policy_versions WHERE target = ? ORDER BY version DESC").c_str());
  if (!q.ok()) return q.status();
  bind_text(q->get(), 1, target);
  std::vector<PolicyVersion> out;
  while (sqlite3_step(q->get()) == SQLITE_ROW) out.push_back(version_row(q->get(), with_yaml));
  return out;
}

Result<std::optional<ActivePolicy>> PolicyStore::active(const std::string& target) {
  auto q = prepare(db_, "SELECT target, version, activated_at, activated_by, file_sha256 FROM policy_active WHERE target = ?");
  if (!q.ok()) return q.status();
  bind_text(q->get(), 1, target);
  if (sqlite3_step(q->get()) != SQLITE_ROW) return std::optional<ActivePolicy>();
  ActivePolicy a;
  a.target = column_text(q->get(), 0);
  a.version = sqlite3_column_int64(q->get(), 1);
  a.activated_at_ms = sqlite3_column_int64(q->get(), 2);
  a.activated_by = column_text(q->get(), 3);
  a.file_sha256 = column_text(q->get(), 4);
  return std::optional<ActivePolicy>(a);
}

Status PolicyStore::set_active(const ActivePolicy& a) {
  auto q = prepare(db_,
                   "INSERT INTO policy_active (target, version, activated_at, activated_by, file_sha256) VALUES (?,?,?,?,?) "
                   "ON CONFLICT(target) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at, "
                   "activated_by = excluded.activated_by, file_sha256 = excluded.file_sha256");
  if (!q.ok()) return q.status();
  bind_text(q->get(), 1, a.target);
  sqlite3_bind_int64(q->get(), 2, a.version);
  sqlite3_bind_int64(q->get(), 3, a.activated_at_ms ? a.activated_at_ms : now_millis());
  bind_text(q->get(), 4, a.activated_by);
  bind_text(q->get(), 5, a.file_sha256);
  return step_done(db_, q->get());
}

Result<std::optional<int64_t>> PolicyStore::previous(const std::string& target, int64_t version) {
  auto q = prepare(db_, "SELECT MAX(version) FROM policy_versions WHERE target = ? AND version < ?");
  if (!q.ok()) return q.status();
  bind_text(q->get(), 1, target);
  sqlite3_bind_int64(q->get(), 2, version);
  if (sqlite3_step(q->get()) != SQLITE_ROW || sqlite3_column_type(q->get(), 0) == SQLITE_NULL)
    return std::optional<int64_t>();
  return std::optional<int64_t>(sqlite3_column_int64(q->get(), 0));
}

}  // namespace bulwark::gateway
