// The audit writer: commit() returns only after the row is committed (visible to another
// connection), concurrent commits share transactions, a full queue or a failed transaction
// is refused rather than reported written, and audit.retention_days prunes at start.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "gateway/audit.h"
#include "gateway/db.h"
#include "support/temp_dir.h"

namespace bulwark::gateway {
namespace {

namespace fs = std::filesystem;

class AuditWriterTest : public ::testing::Test {
 protected:
  // First member: removed last, after everything that holds files in it.
  bulwark::testing::TempDir dir_{"bulwark_auditw"};

  void SetUp() override {
    path_ = (dir_ / "audit.db").string();
    auto db = open_db(path_);
    ASSERT_TRUE(db.ok());
    other_ = std::move(*db);
  }
  void TearDown() override {
    other_.reset();
  }
  static AuditRecord rec(const std::string& id, int64_t ts = 0) {
    AuditRecord r;
    r.ts_ms = ts ? ts : now_millis();
    r.request_id = id;
    r.route = "/v1/moderations";
    r.status = 200;
    return r;
  }
  // Read through a second connection, as another process would.
  int count(const std::string& where) {
    auto st = prepare(other_.get(), ("SELECT count(*) FROM audit WHERE " + where).c_str());
    EXPECT_TRUE(st.ok());
    return sqlite3_step(st->get()) == SQLITE_ROW ? sqlite3_column_int(st->get(), 0) : -1;
  }

  std::string path_;
  DbPtr other_;
};

TEST_F(AuditWriterTest, CommitReturnsOnlyOnceTheRowIsCommitted) {
  Metrics m;
  auto w = AuditWriter::start(path_, 100, &m);
  ASSERT_TRUE(w.ok()) << w.status().message();
  for (int i = 0; i < 20; ++i) {
    const std::string id = "req-" + std::to_string(i);
    ASSERT_TRUE((*w)->commit(rec(id)));
    EXPECT_EQ(count("request_id = '" + id + "'"), 1) << id;
  }
  EXPECT_EQ(m.audit_written.load(), 20u);
  std::string metrics = m.render();
  EXPECT_NE(metrics.find("bulwark_audit_commit_seconds_count 20"), std::string::npos) << metrics;
}

TEST_F(AuditWriterTest, ConcurrentCommitsAreGrouped) {
  Metrics m;
  auto w = AuditWriter::start(path_, 10000, &m);
  ASSERT_TRUE(w.ok());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i)
        if ((*w)->commit(rec("t" + std::to_string(t) + "-" + std::to_string(i)))) ok++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 400);
  EXPECT_EQ(count("1=1"), 400);
  EXPECT_EQ(m.audit_errors.load(), 0u);
}

TEST_F(AuditWriterTest, FullQueueIsRefusedAndCountedNotDropped) {
  Metrics m;
  auto w = AuditWriter::start(path_, 1, &m);
  ASSERT_TRUE(w.ok());
  // Another connection holds the write lock, so the writer is stuck on its first batch.
  ASSERT_TRUE(exec(other_.get(), "BEGIN IMMEDIATE").ok());
  std::atomic<int> first_ok{-1}, second_ok{-1};
  std::thread a([&] { first_ok = (*w)->commit(rec("first")) ? 1 : 0; });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));   // taken by the writer, now waiting
  std::thread b([&] { second_ok = (*w)->commit(rec("second")) ? 1 : 0; });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));   // queued: the queue is full
  EXPECT_FALSE((*w)->commit(rec("third")));
  EXPECT_EQ(m.audit_dropped.load(), 1u);
  ASSERT_TRUE(exec(other_.get(), "COMMIT").ok());
  a.join();
  b.join();
  EXPECT_EQ(first_ok.load(), 1);
  EXPECT_EQ(second_ok.load(), 1);
  EXPECT_EQ(count("request_id IN ('first','second')"), 2);
  EXPECT_EQ(count("request_id = 'third'"), 0);
}

TEST_F(AuditWriterTest, FailedTransactionIsNotReportedWritten) {
  Metrics m;
  auto w = AuditWriter::start(path_, 100, &m);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->commit(rec("before")));
  ASSERT_TRUE(exec(other_.get(), "DROP TABLE audit").ok());
  EXPECT_FALSE((*w)->commit(rec("after")));
  EXPECT_EQ(m.audit_errors.load(), 1u);
  EXPECT_EQ(m.audit_written.load(), 1u);
}

TEST_F(AuditWriterTest, StoppedWriterRefuses) {
  Metrics m;
  auto w = AuditWriter::start(path_, 100, &m);
  ASSERT_TRUE(w.ok());
  (*w)->flush_and_stop();
  EXPECT_FALSE((*w)->commit(rec("late")));
  EXPECT_FALSE((*w)->submit(rec("late")));
}

TEST_F(AuditWriterTest, RetentionPrunesOldRowsAtStartInSteps) {
  constexpr int64_t kDay = 86400000;
  const int64_t now = now_millis();
  ASSERT_TRUE(exec(other_.get(), "BEGIN").ok());
  auto ins = prepare(other_.get(),
                     "INSERT INTO audit (ts_ms, request_id, route, status, decision) VALUES (?1, ?2, 'r', 200, 'allow')");
  ASSERT_TRUE(ins.ok());
  // 4,500 rows older than 7 days (more than one pruning step), 10 within.
  for (int i = 0; i < 4510; ++i) {
    sqlite3_reset(ins->get());
    sqlite3_bind_int64(ins->get(), 1, i < 4500 ? now - 8 * kDay + i : now - 6 * kDay + i);
    bind_text(ins->get(), 2, "row" + std::to_string(i));
    ASSERT_EQ(sqlite3_step(ins->get()), SQLITE_DONE);
  }
  ins = StmtPtr();
  ASSERT_TRUE(exec(other_.get(), "COMMIT").ok());
  Metrics m;
  AuditOptions o;
  o.retention_days = 7;
  auto w = AuditWriter::start(path_, 100, &m, o);
  ASSERT_TRUE(w.ok());
  for (int i = 0; i < 100 && m.audit_pruned.load() < 4500; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE((*w)->commit(rec("fresh")));   // rows are still taken during and after a pass
  EXPECT_EQ(m.audit_pruned.load(), 4500u);
  EXPECT_EQ(count("1=1"), 11);
  EXPECT_EQ(count("ts_ms < " + std::to_string(now - 7 * kDay)), 0);
}

TEST_F(AuditWriterTest, SynchronousFullStartsAndCommits) {
  Metrics m;
  AuditOptions o;
  o.synchronous_full = true;
  auto w = AuditWriter::start(path_, 100, &m, o);
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_TRUE((*w)->commit(rec("full")));
  EXPECT_EQ(count("request_id = 'full'"), 1);
}

}  // namespace
}  // namespace bulwark::gateway
