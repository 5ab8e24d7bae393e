#include "gateway/audit.h"

#include <chrono>
#include <iostream>

#include "gateway/audit_retention.h"

namespace bulwark::gateway {

int64_t now_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::unique_ptr<AuditWriter>> AuditWriter::start(const std::string& path, size_t queue_size,
                                                        Metrics* metrics, AuditOptions options) {
  auto db = open_db(path);
  if (!db.ok()) return db.status();
  // WAL + NORMAL: a commit is in the WAL file (the OS page cache) before COMMIT returns, so it
  // survives the process being killed; only an OS crash or power cut can lose the last commits.
  // FULL adds an fsync per commit (per batch, thanks to group commit) for those too.
  if (options.synchronous_full) BULWARK_RETURN_IF_ERROR(exec(db->get(), "PRAGMA synchronous=FULL"));
  // No checkpoint inside a commit: the checkpointer thread does them (wal_checkpointer.h).
  BULWARK_RETURN_IF_ERROR(exec(db->get(), "PRAGMA wal_autocheckpoint=0"));
  auto checkpointer = WalCheckpointer::start(path, options.checkpoint_interval_ms);
  if (!checkpointer.ok()) return checkpointer.status();
  return std::unique_ptr<AuditWriter>(
      new AuditWriter(std::move(*db), std::move(*checkpointer), queue_size, metrics, options));
}

AuditWriter::AuditWriter(DbPtr db, std::unique_ptr<WalCheckpointer> checkpointer, size_t queue_size,
                         Metrics* metrics, AuditOptions options)
    : db_(std::move(db)),
      checkpointer_(std::move(checkpointer)),
      capacity_(queue_size),
      metrics_(metrics),
      options_(options),
      next_prune_(std::chrono::steady_clock::now()) {
  thread_ = std::thread([this] { run(); });
}

AuditWriter::~AuditWriter() { flush_and_stop(); }

bool AuditWriter::enqueue(AuditRecord record, std::shared_ptr<Ticket> ticket) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= capacity_) {
      if (metrics_) metrics_->audit_dropped++;
      return false;
    }
    queue_.push_back({std::move(record), std::move(ticket)});
    if (metrics_) metrics_->audit_queue_depth = static_cast<int64_t>(queue_.size());
  }
  cv_.notify_one();
  return true;
}

bool AuditWriter::submit(AuditRecord record) { return enqueue(std::move(record), nullptr); }

bool AuditWriter::commit(AuditRecord record) {
  auto ticket = std::make_shared<Ticket>();
  const auto t0 = std::chrono::steady_clock::now();
  if (!enqueue(std::move(record), ticket)) return false;
  std::unique_lock lock(mu_);
  // The ticket is shared, so a request that gives up leaves nothing dangling for the writer.
  const bool done = done_cv_.wait_for(lock, std::chrono::milliseconds(options_.commit_timeout_ms),
                                      [&] { return ticket->done; });
  if (metrics_)
    metrics_->audit_commit_seconds.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return done && ticket->ok;
}

void AuditWriter::flush_and_stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  if (checkpointer_) checkpointer_->stop();
}

void AuditWriter::run() {
  std::vector<Pending> batch;
  const bool retention = options_.retention_days > 0;
  for (;;) {
    bool prune = false;
    {
      std::unique_lock lock(mu_);
      auto prune_due = [&] { return retention && std::chrono::steady_clock::now() >= next_prune_; };
      auto ready = [&] { return stopping_ || !queue_.empty() || prune_due(); };
      if (retention) cv_.wait_until(lock, next_prune_, ready);
      else cv_.wait(lock, ready);
      if (queue_.empty() && stopping_) return;
      // Group commit: everything queued goes into one transaction.
      while (!queue_.empty()) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      prune = batch.empty() && prune_due();
    }
    if (prune) {
      prune_step();   // rows first: a pass goes on in small steps between batches
      continue;
    }
    const bool ok = write_batch(batch);
    {
      std::lock_guard lock(mu_);
      for (auto& p : batch)
        if (p.ticket) {
          p.ticket->done = true;
          p.ticket->ok = ok;
        }
      if (metrics_) metrics_->audit_queue_depth = static_cast<int64_t>(queue_.size());
    }
    done_cv_.notify_all();
    batch.clear();
  }
}

void AuditWriter::prune_step() {
  constexpr int64_t kStep = 2000;   // rows per transaction: a pass never holds up commits for long
  if (prune_cutoff_ms_ < 0) {
    prune_cutoff_ms_ = now_millis() - static_cast<int64_t>(options_.retention_days) * 86400000;
    pruned_in_pass_ = 0;
  }
  auto n = prune_audit(db_.get(), prune_cutoff_ms_, kStep);
  if (n.ok()) {
    pruned_in_pass_ += *n;
    if (metrics_) metrics_->audit_pruned += static_cast<uint64_t>(*n);
    if (*n == kStep) return;   // more to delete: next step after any queued rows
  } else {
    std::cerr << "bulwark serve: audit retention: " << n.status().message() << "\n";
  }
  if (pruned_in_pass_ > 0)
    std::cerr << "bulwark serve: audit retention: deleted " << pruned_in_pass_ << " rows older than "
              << options_.retention_days << " days\n";
  prune_cutoff_ms_ = -1;
  std::lock_guard lock(mu_);
  next_prune_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.prune_interval_ms);
}

bool AuditWriter::write_batch(std::vector<Pending>& batch) {
  sqlite3* db = db_.get();
  auto fail = [&] {
    if (metrics_) metrics_->audit_errors += batch.size();
    return false;
  };
  if (!exec(db, "BEGIN").ok()) return fail();
  auto st = prepare(db,
                    "INSERT INTO audit (ts_ms, request_id, key_id, tenant, app, user, route, model, status, "
                    "decision, findings, scan_us, upstream_us, total_us, prompt_tokens, completion_tokens, "
                    "tokens_estimated, content_sha256, content, unread) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
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
  for (const auto& p : batch) {
    const AuditRecord& r = p.record;
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
    sqlite3_bind_text(s, 20, r.unread_json.data(), static_cast<int>(r.unread_json.size()), SQLITE_STATIC);
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
  return true;
}

Result<std::vector<AuditRecord>> query_audit(sqlite3* db, const AuditQuery& q) {
  std::string sql =
      "SELECT ts_ms, request_id, key_id, tenant, app, user, route, model, status, decision, findings, scan_us, "
      "upstream_us, total_us, prompt_tokens, completion_tokens, tokens_estimated, content_sha256, unread FROM audit "
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
    r.unread_json = column_text(s, 18);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace bulwark::gateway
