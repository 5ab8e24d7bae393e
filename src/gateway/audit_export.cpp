#include "gateway/audit_export.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "gateway/db.h"

namespace bulwark::gateway {

namespace {

std::string iso8601(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(((ms % 1000) + 1000) % 1000));
  return out;
}

nlohmann::json embedded(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(text) : j;
}

}  // namespace

Result<int64_t> export_audit(sqlite3* db, const AuditExportFilter& f, std::ostream& out,
                             const std::function<void(int64_t)>& progress, int64_t progress_every) {
  std::string sql =
      "SELECT id, ts_ms, request_id, key_id, tenant, app, user, route, model, status, decision, findings, scan_us, "
      "upstream_us, total_us, prompt_tokens, completion_tokens, tokens_estimated, content_sha256, content, unread FROM audit "
      "WHERE 1=1";
  if (f.since_ms) sql += " AND ts_ms >= ?1";
  if (f.until_ms) sql += " AND ts_ms < ?2";
  if (!f.tenant.empty()) sql += " AND tenant = ?3";
  sql += " ORDER BY ts_ms, id";
  auto st = prepare(db, sql.c_str());
  if (!st.ok()) return st.status();
  sqlite3_stmt* s = st->get();
  if (f.since_ms) sqlite3_bind_int64(s, 1, *f.since_ms);
  if (f.until_ms) sqlite3_bind_int64(s, 2, *f.until_ms);
  if (!f.tenant.empty()) bind_text(s, 3, f.tenant);
  auto text_or_null = [&](int col) -> nlohmann::json {
    if (sqlite3_column_type(s, col) == SQLITE_NULL) return nullptr;
    return column_text(s, col);
  };
  auto int_or_null = [&](int col) -> nlohmann::json {
    if (sqlite3_column_type(s, col) == SQLITE_NULL) return nullptr;
    return sqlite3_column_int64(s, col);
  };
  int64_t rows = 0;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    const int64_t ts = sqlite3_column_int64(s, 1);
    nlohmann::json j = {{"id", sqlite3_column_int64(s, 0)},
                        {"ts", iso8601(ts)},
                        {"ts_ms", ts},
                        {"request_id", column_text(s, 2)},
                        {"key_id", text_or_null(3)},
                        {"tenant", text_or_null(4)},
                        {"app", text_or_null(5)},
                        {"user", text_or_null(6)},
                        {"route", column_text(s, 7)},
                        {"model", text_or_null(8)},
                        {"status", sqlite3_column_int(s, 9)},
                        {"decision", column_text(s, 10)},
                        {"findings", embedded(column_text(s, 11))},
                        {"scan_us", int_or_null(12)},
                        {"upstream_us", int_or_null(13)},
                        {"total_us", int_or_null(14)},
                        {"prompt_tokens", int_or_null(15)},
                        {"completion_tokens", int_or_null(16)},
                        {"tokens_estimated", sqlite3_column_int(s, 17) != 0},
                        {"content_sha256", text_or_null(18)},
                        {"content", sqlite3_column_type(s, 19) == SQLITE_NULL ? nlohmann::json(nullptr)
                                                                              : embedded(column_text(s, 19))},
                        {"unread", embedded(column_text(s, 20))}};
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    if (!out) return internal_error("audit export: write failed");
    ++rows;
    if (progress && progress_every > 0 && rows % progress_every == 0) progress(rows);
  }
  if (rc != SQLITE_DONE) return internal_error(std::string("audit export: ") + sqlite3_errmsg(db));
  return rows;
}

}  // namespace bulwark::gateway
