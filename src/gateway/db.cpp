#include "gateway/db.h"

#include <filesystem>

namespace bulwark::gateway {

namespace {
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  tenant TEXT NOT NULL DEFAULT '', app TEXT NOT NULL DEFAULT '', user TEXT NOT NULL DEFAULT '',
  roles TEXT NOT NULL DEFAULT '[]', models TEXT NOT NULL DEFAULT '[]', tools TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER,
  rpm INTEGER NOT NULL DEFAULT 0, tpm INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts_ms INTEGER NOT NULL, request_id TEXT NOT NULL,
  key_id TEXT, tenant TEXT, app TEXT, user TEXT,
  route TEXT NOT NULL, model TEXT, status INTEGER NOT NULL, decision TEXT NOT NULL,
  findings TEXT NOT NULL DEFAULT '[]',
  scan_us INTEGER, upstream_us INTEGER, total_us INTEGER,
  prompt_tokens INTEGER, completion_tokens INTEGER, tokens_estimated INTEGER NOT NULL DEFAULT 0,
  content_sha256 TEXT, content TEXT,
  unread TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS audit_tenant_ts ON audit(tenant, ts_ms);
CREATE INDEX IF NOT EXISTS audit_ts ON audit(ts_ms);
CREATE TABLE IF NOT EXISTS blocklists (
  name TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS blocklist_items (
  id TEXT PRIMARY KEY, blocklist TEXT NOT NULL REFERENCES blocklists(name) ON DELETE CASCADE,
  text TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', is_regex INTEGER NOT NULL DEFAULT 0
);
)sql";

// Columns added after a table's first version. CREATE TABLE IF NOT EXISTS leaves an older
// table as it was, so each is added with ALTER TABLE when missing (existing rows get the default).
struct AddedColumn {
  const char *table, *column, *decl;
};
constexpr AddedColumn kAddedColumns[] = {
    {"api_keys", "rpm", "INTEGER NOT NULL DEFAULT 0"},
    {"api_keys", "tpm", "INTEGER NOT NULL DEFAULT 0"},
    {"audit", "unread", "TEXT NOT NULL DEFAULT '[]'"},
};
}  // namespace

Status exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return internal_error("sqlite: " + msg);
  }
  return Status::Ok();
}

Result<StmtPtr> prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
    return internal_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
  return StmtPtr(s);
}

std::string column_text(sqlite3_stmt* s, int col) {
  const unsigned char* t = sqlite3_column_text(s, col);
  return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s, col)) : std::string();
}

bool has_column(sqlite3* db, const std::string& table, const std::string& column) {
  auto st = prepare(db, ("PRAGMA table_info(" + table + ")").c_str());
  if (!st.ok()) return false;
  while (sqlite3_step(st->get()) == SQLITE_ROW)
    if (column_text(st->get(), 1) == column) return true;
  return false;
}

Status add_missing_columns(sqlite3* db) {
  for (const auto& c : kAddedColumns) {
    if (has_column(db, c.table, c.column)) continue;
    Status st = exec(db, (std::string("ALTER TABLE ") + c.table + " ADD COLUMN " + c.column + " " + c.decl).c_str());
    // Another process (serve and the CLI open the same file) may have added it first.
    if (!st.ok() && !has_column(db, c.table, c.column)) return st;
  }
  return Status::Ok();
}

Result<DbPtr> open_db(const std::string& path) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK)
    return internal_error(path + ": cannot open database: " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(db.get(), 5000);
  BULWARK_RETURN_IF_ERROR(exec(db.get(), "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
  Status st = exec(db.get(), kSchema);
  if (st.ok()) st = add_missing_columns(db.get());
  if (!st.ok()) return internal_error(path + ": " + st.message());
  return db;
}

void bind_text(sqlite3_stmt* s, int index, const std::string& v) {
  sqlite3_bind_text(s, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

Status step_done(sqlite3* db, sqlite3_stmt* s) {
  if (sqlite3_step(s) != SQLITE_DONE) return internal_error(std::string("sqlite: ") + sqlite3_errmsg(db));
  return Status::Ok();
}

}  // namespace bulwark::gateway
