// WAL checkpoints off the commit path: with the writer's automatic checkpoints off, the
// checkpointer keeps the WAL bounded under a stream of commits, and a reader holding an old
// snapshot (a long export) never holds a commit up for long — the WAL just grows until it ends.
#include "gateway/wal_checkpointer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "gateway/db.h"
#include "support/temp_dir.h"

namespace bulwark::gateway {
namespace {

namespace fs = std::filesystem;

class WalCheckpointerTest : public ::testing::Test {
 protected:
  // First member: removed last, after everything that holds files in it.
  bulwark::testing::TempDir dir_{"bulwark_wal"};

  void SetUp() override {
    path_ = (dir_ / "w.db").string();
    auto db = open_db(path_);
    ASSERT_TRUE(db.ok()) << db.status().message();
    writer_ = std::move(*db);
    ASSERT_TRUE(exec(writer_.get(), "PRAGMA wal_autocheckpoint=0; CREATE TABLE t (v TEXT)").ok());
  }
  void TearDown() override {
    writer_.reset();
  }
  // One transaction per row, as the audit writer commits one small batch at a time; returns the
  // longest commit in ms.
  double write_rows(int n, int pause_us = 0) {
    double longest = 0;
    const std::string row(1000, 'x');
    for (int i = 0; i < n; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      EXPECT_TRUE(exec(writer_.get(), ("INSERT INTO t VALUES ('" + row + "')").c_str()).ok());
      longest = std::max(longest, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (pause_us) std::this_thread::sleep_for(std::chrono::microseconds(pause_us));
    }
    return longest;
  }
  uintmax_t wal_bytes() const {
    std::error_code ec;
    auto n = fs::file_size(path_ + "-wal", ec);
    return ec ? 0 : n;
  }
  std::string path_;
  DbPtr writer_;
};

TEST_F(WalCheckpointerTest, KeepsTheWalBoundedUnderSteadyCommits) {
  auto cp = WalCheckpointer::start(path_, /*interval_ms=*/2, /*restart_pages=*/64);
  ASSERT_TRUE(cp.ok()) << cp.status().message();
  // 4,000 one-row transactions at up to ~10,000 a second (ten times the gateway's benchmark
  // rate): without checkpoints that is one 4 KB frame or more each, 16 MB of WAL.
  write_rows(4000, 100);
  (*cp)->stop();
  EXPECT_GT((*cp)->checkpoints(), 0u);
  EXPECT_GT((*cp)->restarts(), 0u) << "the WAL was started over at least once";
  EXPECT_LT(wal_bytes(), 4u << 20) << "bounded well below the 16 MB an unchecked WAL reaches";
}

TEST_F(WalCheckpointerTest, AReaderOfAnOldSnapshotDoesNotHoldCommitsUp) {
  auto cp = WalCheckpointer::start(path_, 2, 64);
  ASSERT_TRUE(cp.ok());
  write_rows(10);
  auto reader = open_db(path_);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(exec(reader->get(), "BEGIN; SELECT count(*) FROM t;").ok());   // holds its snapshot
  const double longest = write_rows(2000);
  EXPECT_LT(longest, 100.0) << "a commit waited on the checkpointer's RESTART";
  const uintmax_t grown = wal_bytes();
  EXPECT_GT(grown, 1u << 20) << "the WAL cannot start over while the reader lasts";
  std::this_thread::sleep_for(std::chrono::milliseconds(20));   // a checkpoint pass sees the grown WAL
  EXPECT_GT((*cp)->wal_pages(), 64) << "the growth is visible (bulwark_audit_wal_pages)";
  ASSERT_TRUE(exec(reader->get(), "COMMIT").ok());
  const uint64_t restarts = (*cp)->restarts();
  // RESTART needs a moment with no write in progress (it waits 2 ms at most): commits come with
  // gaps, as the audit writer's batches do, until it happens or 10 s pass. A tight loop of
  // commits on a loaded machine can starve it for a whole fixed-size run (seen once in CI).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((*cp)->restarts() == restarts && std::chrono::steady_clock::now() < deadline) write_rows(100, 100);
  (*cp)->stop();
  EXPECT_GT((*cp)->restarts(), restarts) << "once the reader is done the WAL starts over again";
}

}  // namespace
}  // namespace bulwark::gateway
