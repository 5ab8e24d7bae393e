#include "gateway/audit.h"

#include <chrono>

namespace bulwark::gateway {

int64_t now_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::unique_ptr<AuditWriter>> AuditWriter::start(const std::string& path, size_t queue_size,
                                                        Metrics* metrics) {
  auto db = open_db(path);
  if (!db.ok()) return db.status();
  return std::unique_ptr<AuditWriter>(new AuditWriter(std::move(*db), queue_size, metrics));
}

AuditWriter::AuditWriter(DbPtr db, size_t queue_size, Metrics* metrics)
    : db_(std::move(db)), capacity_(queue_size), metrics_(metrics) {
  thread_ = std::thread([this] { run(); });
}

AuditWriter::~AuditWriter() { flush_and_stop(); }

bool AuditWriter::submit(AuditRecord record) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= capacity_) {
      if (metrics_) metrics_->audit_dropped++;
      return false;
    }
    queue_.push_back(std::move(record));
    if (metrics_) metrics_->audit_queue_depth = static_cast<int64_t>(queue_.size());
  }
  cv_.notify_one();
  return true;
}

void AuditWriter::flush_and_stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void AuditWriter::run() {
  std::vector<AuditRecord> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < 512) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    write_batch(batch);
    {
      std::lock_guard lock(mu_);
      if (metrics_) metrics_->audit_queue_depth = static_cast<int64_t>(queue_.size());
    }
    batch.clear();
  }
}

void AuditWriter::write_batch(std::vector<AuditRecord>& batch) {
  sqlite3* db = db_.get();
  auto fail = [&] {
    if (metrics_) metrics_->audit_errors += batch.size();
  };
  if (!exec(db, "BEGIN").ok()) return fail();
  auto st = prepare(db,
                    "INSERT INTO audit (ts_ms, request_id, key_id, tenant, app, user, route, model, status, "
                    "decision, findings, scan_us, upstream_us, total_us, prompt_tokens, completion_tokens, "
                    "tokens_estimated, content_sha256, content) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!st.ok()) {
    (void)exec(db, "ROLLBACK");
    return fail();
  }
  sqlite3_stmt* s = st->get();
  auto text = [&](int i, const std::string& v) {
    if (v.empty()) sqlite3_bind_null(s, i);
    else sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  };
  auto opt_int = [&](int i, int64_t v) {
    if (v < 0) sqlite3_bind_null(s, i);
    else sqlite3_bind_int64(s, i, v);
  };
  for (const auto& r : batch) {
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, r.ts_ms);
    sqlite3_bind_text(s, 2, r.request_id.data(), static_cast<int>(r.request_id.size()), SQLITE_STATIC);
    text(3, r.key_id);
    text(4, r.tenant);
    text(5, r.app);
    text(6, r.user);
    sqlite3_bind_text(s, 7, r.route.data(), static_cast<int>(r.route.size()), SQLITE_STATIC);
    text(8, r.model);
    sqlite3_bind_int(s, 9, r.status);
    sqlite3_bind_text(s, 10, r.decision.data(), static_cast<int>(r.decision.size()), SQLITE_STATIC);
    sqlite3_bind_text(s, 11, r.findings_json.data(), static_cast<int>(r.findings_json.size()), SQLITE_STATIC);
    sqlite3_bind_int64(s, 12, r.scan_us);
    opt_int(13, r.upstream_us);
    sqlite3_bind_int64(s, 14, r.total_us);
    opt_int(15, r.prompt_tokens);
    opt_int(16, r.completion_tokens);
    sqlite3_bind_int(s, 17, r.tokens_estimated ? 1 : 0);
    text(18, r.content_sha256);
    text(19, r.content);
    if (sqlite3_step(s) != SQLITE_DONE) {
      st = StmtPtr();
      (void)exec(db, "ROLLBACK");
      return fail();
    }
  }
  st->reset();
  if (!exec(db, "COMMIT").ok()) {
    (void)exec(db, "ROLLBACK");
    return fail();
  }
  if (metrics_) metrics_->audit_written += batch.size();
}

Result<std::vector<AuditRecord>> query_audit(sqlite3* db, const AuditQuery& q) {
  std::string sql =
      "SELECT ts_ms, request_id, key_id, tenant, app, user, route, model, status, decision, findings, scan_us, "
      "upstream_us, total_us, prompt_tokens, completion_tokens, tokens_estimated, content_sha256 FROM audit "
      "WHERE 1=1";
  if (q.since_ms) sql += " AND ts_ms >= ?1";
  if (!q.tenant.empty()) sql += " AND tenant = ?2";
  if (!q.decision.empty()) sql += " AND decision = ?3";
  sql += " ORDER BY id DESC LIMIT ?4";
  auto st = prepare(db, sql.c_str());
  if (!st.ok()) return st.status();
  sqlite3_stmt* s = st->get();
  if (q.since_ms) sqlite3_bind_int64(s, 1, *q.since_ms);
  if (!q.tenant.empty()) sqlite3_bind_text(s, 2, q.tenant.c_str(), -1, SQLITE_TRANSIENT);
  if (!q.decision.empty()) sqlite3_bind_text(s, 3, q.decision.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(s, 4, q.limit);
  std::vector<AuditRecord> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    AuditRecord r;
    r.ts_ms = sqlite3_column_int64(s, 0);
    r.request_id = column_text(s, 1);
    r.key_id = column_text(s, 2);
    r.tenant = column_text(s, 3);
    r.app = column_text(s, 4);
    r.user = column_text(s, 5);
    r.route = column_text(s, 6);
    r.model = column_text(s, 7);
    r.status = sqlite3_column_int(s, 8);
    r.decision = column_text(s, 9);
    r.findings_json = column_text(s, 10);
    r.scan_us = sqlite3_column_int64(s, 11);
    r.upstream_us = sqlite3_column_type(s, 12) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 12);
    r.total_us = sqlite3_column_int64(s, 13);
    r.prompt_tokens = sqlite3_column_type(s, 14) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 14);
    r.completion_tokens = sqlite3_column_type(s, 15) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 15);
    r.tokens_estimated = sqlite3_column_int(s, 16) != 0;
    r.content_sha256 = column_text(s, 17);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace bulwark::gateway
