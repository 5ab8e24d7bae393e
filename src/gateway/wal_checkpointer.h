// gateway/wal_checkpointer.h — WAL checkpoints off the audit commit path. SQLite's automatic
// checkpoint runs inside the COMMIT that crosses wal_autocheckpoint pages and fsyncs there: a
// durable request waiting for that commit waited 2–10 ms, which was the gateway's p99 at 1,000
// requests/s (4.7 ms). The audit writer turns automatic checkpoints off on its connection; this
// thread runs PASSIVE checkpoints on a connection of its own every interval instead. PASSIVE
// never waits for the writer, which keeps appending meanwhile — so under steady load the WAL is
// never fully copied at the moment a write starts and SQLite never starts it over. Once it holds
// more than restart_pages, one RESTART checkpoint holds the writer off while it copies the few
// frames the last PASSIVE pass left and syncs (1–3 ms here), and the next write starts the WAL
// from its beginning: a short pause every few seconds under load instead of a long one several
// times a second. The WAL file keeps the size it reached (about restart_pages pages) until the
// last connection closes; RESTART does not truncate, which is what made TRUNCATE pause ~9 ms.
// RESTART waits at most 2 ms for the writer or for readers of an older snapshot (a running
// export), then gives up until the next interval, so a reader never holds commits up for long;
// the WAL only grows while such a reader lasts.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "bulwark/result.h"
#include "gateway/db.h"

namespace bulwark::gateway {

class WalCheckpointer {
 public:
  static Result<std::unique_ptr<WalCheckpointer>> start(const std::string& path, int64_t interval_ms,
                                                        int restart_pages = 16384);   // 64 MB of 4 KB pages
  ~WalCheckpointer();
  void stop();   // idempotent; the last checkpoint happens when SQLite closes the last connection
  uint64_t checkpoints() const;
  uint64_t restarts() const;   // RESTART checkpoints done (the WAL started over)
  int64_t wal_pages() const;   // pages in the WAL at the last checkpoint

 private:
  WalCheckpointer(DbPtr db, int64_t interval_ms, int restart_pages);
  void run();

  DbPtr db_;
  const int64_t interval_ms_;
  const int restart_pages_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  uint64_t checkpoints_ = 0, restarts_ = 0;
  int64_t wal_pages_ = 0;
  std::thread thread_;
};

}  // namespace bulwark::gateway
