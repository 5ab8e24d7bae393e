// gateway/db.h — the gateway's SQLite file: WAL mode, schema for keys, audit rows and
// blocklists. One connection per user (the writer thread, the key store, the CLI).
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "bulwark/result.h"

namespace bulwark::gateway {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, SqliteCloser>;

struct StmtCloser {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtCloser>;

// Opens (creating the parent directory and the schema when missing).
Result<DbPtr> open_db(const std::string& path);
Result<StmtPtr> prepare(sqlite3* db, const char* sql);
Status exec(sqlite3* db, const char* sql);

// Schema migration: adds the columns newer versions expect to tables an older version created.
Status add_missing_columns(sqlite3* db);
bool has_column(sqlite3* db, const std::string& table, const std::string& column);

// Steps a statement that returns no rows; the SQLite message on failure.
Status step_done(sqlite3* db, sqlite3_stmt* s);

// Binds a copy of v as TEXT ("" stays an empty string, not NULL).
void bind_text(sqlite3_stmt* s, int index, const std::string& v);

// Column text, "" for NULL.
std::string column_text(sqlite3_stmt* s, int col);

}  // namespace bulwark::gateway
