// gateway/audit.h — one SQLite row per request, written by one thread behind a bounded queue.
// Durable mode (the default): commit() blocks the request thread until its row is in a
// committed transaction; the writer commits everything queued in one transaction (group commit)
// and then releases every waiter, so the cost is one SQLite commit per batch, not per request.
// Fire-and-forget mode: submit() never blocks. Either way a full queue refuses the row and counts
// it (visible in /metrics); nothing is reported as written that was not committed. The writer
// thread also applies the retention period (audit_retention.h), at start and then hourly. WAL
// checkpoints run on a thread of their own (wal_checkpointer.h), never inside a commit.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bulwark/result.h"
#include "gateway/db.h"
#include "gateway/metrics.h"
#include "gateway/wal_checkpointer.h"

namespace bulwark::gateway {

struct AuditRecord {
  int64_t ts_ms = 0;
  std::string request_id;
  std::string key_id, tenant, app, user;
  std::string route, model;
  int status = 0;
  std::string decision = "allow";     // allow | annotate | redact | block | error
  std::string findings_json = "[]";   // [{detector, category, subtype, severity, role, span}]
  std::string unread_json = "[]";     // [{detector, scripts, role, index}]: text a model did not judge
  int64_t scan_us = 0, upstream_us = -1, total_us = 0;
  int64_t prompt_tokens = -1, completion_tokens = -1;
  bool tokens_estimated = false;
  std::string content_sha256;
  std::string content;                // only when audit.store_content is on (redacted)
};

struct AuditOptions {
  bool synchronous_full = false;     // PRAGMA synchronous=FULL (fsync per commit) instead of NORMAL
  int retention_days = 0;            // 0: rows are kept forever
  int64_t prune_interval_ms = 3600 * 1000;
  int64_t commit_timeout_ms = 10000; // commit() gives up (false) after this long
  int64_t checkpoint_interval_ms = 50;   // WAL checkpoints, off the commit path (wal_checkpointer.h)
};

class AuditWriter {
 public:
  // Opens its own connection to path; the writer thread starts at once.
  static Result<std::unique_ptr<AuditWriter>> start(const std::string& path, size_t queue_size, Metrics* metrics,
                                                    AuditOptions options = {});
  ~AuditWriter();

  // Never blocks: false when the queue is full (the row is dropped and counted).
  bool submit(AuditRecord record);
  // Blocks until the row is committed: true once it is, false when the queue is full (counted in
  // audit_dropped), the writer is stopping, the transaction failed (audit_errors) or the commit
  // took longer than commit_timeout_ms (the row may still be written later).
  bool commit(AuditRecord record);
  // Writes everything queued, then stops the thread. Idempotent.
  void flush_and_stop();
  const WalCheckpointer* checkpointer() const { return checkpointer_.get(); }

 private:
  // Set by the writer thread when the row's transaction ended; read by the waiting request.
  struct Ticket {
    bool done = false, ok = false;
  };
  struct Pending {
    AuditRecord record;
    std::shared_ptr<Ticket> ticket;   // null for submit()
  };
  AuditWriter(DbPtr db, std::unique_ptr<WalCheckpointer> checkpointer, size_t queue_size, Metrics* metrics,
              AuditOptions options);
  bool enqueue(AuditRecord record, std::shared_ptr<Ticket> ticket);
  void run();
  bool write_batch(std::vector<Pending>& batch);
  void prune_step();

  DbPtr db_;
  std::unique_ptr<WalCheckpointer> checkpointer_;
  size_t capacity_;
  Metrics* metrics_;
  AuditOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;        // the writer waits for rows
  std::condition_variable done_cv_;   // committing requests wait for their ticket
  std::deque<Pending> queue_;
  bool stopping_ = false;
  // Retention: the next pass (steady clock) and, during a pass, its cut-off and running count.
  std::chrono::steady_clock::time_point next_prune_;
  int64_t prune_cutoff_ms_ = -1;      // -1: no pass running
  int64_t pruned_in_pass_ = 0;
  std::thread thread_;
};

struct AuditQuery {
  std::optional<int64_t> since_ms;
  std::string tenant, decision;
  int limit = 100;
};
// Newest first.
Result<std::vector<AuditRecord>> query_audit(sqlite3* db, const AuditQuery& q);

int64_t now_millis();

}  // namespace bulwark::gateway
