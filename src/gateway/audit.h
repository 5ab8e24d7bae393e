// gateway/audit.h — one SQLite row per request, written by one thread behind a bounded queue.
// A full queue drops the row and counts it (visible in /metrics); nothing is reported as
// written that was not committed.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bulwark/result.h"
#include "gateway/db.h"
#include "gateway/metrics.h"

namespace bulwark::gateway {

struct AuditRecord {
  int64_t ts_ms = 0;
  std::string request_id;
  std::string key_id, tenant, app, user;
  std::string route, model;
  int status = 0;
  std::string decision = "allow";     // allow | annotate | redact | block | error
  std::string findings_json = "[]";   // [{detector, category, subtype, severity, role, span}]
  int64_t scan_us = 0, upstream_us = -1, total_us = 0;
  int64_t prompt_tokens = -1, completion_tokens = -1;
  bool tokens_estimated = false;
  std::string content_sha256;
  std::string content;                // only when audit.store_content is on (redacted)
};

class AuditWriter {
 public:
  // Opens its own connection to path; the writer thread starts at once.
  static Result<std::unique_ptr<AuditWriter>> start(const std::string& path, size_t queue_size, Metrics* metrics);
  ~AuditWriter();

  // Never blocks: false when the queue is full (the row is dropped and counted).
  bool submit(AuditRecord record);
  // Writes everything queued, then stops the thread. Idempotent.
  void flush_and_stop();

 private:
  AuditWriter(DbPtr db, size_t queue_size, Metrics* metrics);
  void run();
  void write_batch(std::vector<AuditRecord>& batch);

  DbPtr db_;
  size_t capacity_;
  Metrics* metrics_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<AuditRecord> queue_;
  bool stopping_ = false;
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
