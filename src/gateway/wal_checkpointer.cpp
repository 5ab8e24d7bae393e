#include "gateway/wal_checkpointer.h"

#include <iostream>

namespace bulwark::gateway {

Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::start(const std::string& path, int64_t interval_ms,
                                                                int restart_pages) {
  auto db = open_db(path);
  if (!db.ok()) return db.status();
  return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(std::move(*db), interval_ms, restart_pages));
}

WalCheckpointer::WalCheckpointer(DbPtr db, int64_t interval_ms, int restart_pages)
    : db_(std::move(db)), interval_ms_(interval_ms), restart_pages_(restart_pages) {
  // RESTART holds writers off while it waits (for the writer's transaction, for readers of an
  // older snapshot such as a running `bulwark audit export`): never long. Busy: next interval.
  sqlite3_busy_timeout(db_.get(), 2);
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() { stop(); }

void WalCheckpointer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t WalCheckpointer::checkpoints() const {
  std::lock_guard lock(mu_);
  return checkpoints_;
}

int64_t WalCheckpointer::wal_pages() const {
  std::lock_guard lock(mu_);
  return wal_pages_;
}

uint64_t WalCheckpointer::restarts() const {
  std::lock_guard lock(mu_);
  return restarts_;
}

void WalCheckpointer::run() {
  int64_t errors = 0;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [&] { return stopping_; })) return;
    }
    int wal_pages = 0, copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(db_.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_pages, &copied);
    bool restarted = false;
    if (rc == SQLITE_OK && wal_pages > restart_pages_) {
      rc = sqlite3_wal_checkpoint_v2(db_.get(), nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
      restarted = rc == SQLITE_OK;
    }
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      // Logged once in a while: a failing checkpoint only lets the WAL grow; commits go on.
      if (errors++ % 60 == 0)
        std::cerr << "bulwark serve: audit: WAL checkpoint failed: " << sqlite3_errmsg(db_.get()) << "\n";
      continue;
    }
    std::lock_guard lock(mu_);
    ++checkpoints_;
    restarts_ += restarted;
    wal_pages_ = restarted ? 0 : wal_pages;
  }
}

}  // namespace bulwark::gateway
