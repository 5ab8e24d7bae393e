// `bulwark audit export` and `prune` underneath: JSON lines in time order with filters and
// progress; deletion of old rows in bounded steps.
#include "gateway/audit_export.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gateway/audit.h"
#include "gateway/audit_retention.h"
#include "gateway/db.h"
#include "support/temp_dir.h"

namespace bulwark::gateway {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kT0 = 1795824000000;   // 2026-11-28T00:00:00Z

class AuditExportTest : public ::testing::Test {
 protected:
  // First member: removed last, after everything that holds files in it.
  bulwark::testing::TempDir dir_{"bulwark_auditx"};

  void SetUp() override {
    auto db = open_db((dir_ / "a.db").string());
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
    Metrics m;
    auto w = AuditWriter::start((dir_ / "a.db").string(), 1000, &m);
    ASSERT_TRUE(w.ok());
    // Written newest first, so that the export's ordering is its own.
    for (int i = 99; i >= 0; --i) {
      AuditRecord r;
      r.ts_ms = kT0 + i * 1000;
      r.request_id = "req-" + std::to_string(i);
      r.tenant = i % 2 ? "odd" : "even";
      r.route = "/v1/moderations";
      r.status = 200;
      r.findings_json = i == 7 ? R"([{"detector":"pii.email","category":"pii"}])" : "[]";
      r.content = i == 7 ? R"([{"role":"user","text":"mail <EMAIL_1>"}])" : "";
      r.upstream_us = i == 7 ? 1234 : -1;
      if (i == 7) r.unread_json = R"([{"detector":"model.harm","scripts":["Bengali"],"role":"user","index":0}])";
      ASSERT_TRUE((*w)->commit(r));
    }
  }
  void TearDown() override {
    db_.reset();
  }
  std::vector<nlohmann::json> lines(const std::string& text) {
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      out.push_back(nlohmann::json::parse(line, nullptr, false));
      EXPECT_TRUE(out.back().is_object()) << line;
    }
    return out;
  }
  DbPtr db_;
};

TEST_F(AuditExportTest, EveryRowOldestFirstWithEmbeddedJson) {
  std::ostringstream out;
  std::vector<int64_t> progress;
  auto n = export_audit(db_.get(), {}, out, [&](int64_t k) { progress.push_back(k); }, 30);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(*n, 100);
  EXPECT_EQ(progress, (std::vector<int64_t>{30, 60, 90}));
  auto rows = lines(out.str());
  ASSERT_EQ(rows.size(), 100u);
  EXPECT_EQ(rows[0]["request_id"], "req-0");
  EXPECT_EQ(rows[0]["ts"], "2026-11-28T00:00:00.000Z");
  EXPECT_EQ(rows[99]["request_id"], "req-99");
  EXPECT_TRUE(rows[0]["upstream_us"].is_null());
  EXPECT_TRUE(rows[0]["content"].is_null());
  EXPECT_EQ(rows[7]["findings"][0]["detector"], "pii.email");
  EXPECT_EQ(rows[7]["content"][0]["text"], "mail <EMAIL_1>");
  EXPECT_EQ(rows[7]["upstream_us"], 1234);
  EXPECT_EQ(rows[7]["tenant"], "odd");
  EXPECT_EQ(rows[7]["unread"][0]["scripts"][0], "Bengali");
  EXPECT_EQ(rows[0]["unread"], nlohmann::json::array());
}

// A database made before the `unread` column gets it when the gateway (or the CLI) opens it;
// its rows read as "nothing unread", and new rows carry their own.
TEST(AuditSchema, AnOlderAuditTableGetsTheUnreadColumn) {
  bulwark::testing::TempDir dir{"bulwark_auditold"};
  const std::string path = (dir / "old.db").string();
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    DbPtr db(raw);
    ASSERT_TRUE(exec(db.get(),
                     "CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, ts_ms INTEGER NOT NULL, request_id "
                     "TEXT NOT NULL, key_id TEXT, tenant TEXT, app TEXT, user TEXT, route TEXT NOT NULL, model TEXT, "
                     "status INTEGER NOT NULL, decision TEXT NOT NULL, findings TEXT NOT NULL DEFAULT '[]', scan_us "
                     "INTEGER, upstream_us INTEGER, total_us INTEGER, prompt_tokens INTEGER, completion_tokens "
                     "INTEGER, tokens_estimated INTEGER NOT NULL DEFAULT 0, content_sha256 TEXT, content TEXT);"
                     "INSERT INTO audit (ts_ms, request_id, route, status, decision) VALUES (1, 'old', '/x', 200, "
                     "'allow');")
                    .ok());
  }
  auto db = open_db(path);
  ASSERT_TRUE(db.ok()) << db.status().message();
  EXPECT_TRUE(has_column(db->get(), "audit", "unread"));
  Metrics m;
  auto w = AuditWriter::start(path, 10, &m);
  ASSERT_TRUE(w.ok());
  AuditRecord r;
  r.ts_ms = 2;
  r.request_id = "new";
  r.route = "/v1/moderations";
  r.unread_json = R"([{"detector":"model.harm","scripts":["Thai"]}])";
  ASSERT_TRUE((*w)->commit(r));
  (*w)->flush_and_stop();
  std::ostringstream out;
  ASSERT_TRUE(export_audit(db->get(), {}, out).ok());
  std::istringstream in(out.str());
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  EXPECT_EQ(nlohmann::json::parse(first)["unread"], nlohmann::json::array()) << first;
  EXPECT_EQ(nlohmann::json::parse(second)["unread"][0]["scripts"][0], "Thai") << second;
}

TEST_F(AuditExportTest, SinceUntilAndTenantFilters) {
  std::ostringstream out;
  AuditExportFilter f;
  f.since_ms = kT0 + 10 * 1000;
  f.until_ms = kT0 + 20 * 1000;   // exclusive
  f.tenant = "even";
  auto n = export_audit(db_.get(), f, out);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 5);
  auto rows = lines(out.str());
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows.front()["request_id"], "req-10");
  EXPECT_EQ(rows.back()["request_id"], "req-18");
}

TEST_F(AuditExportTest, PruneDeletesOnlyOlderRowsInSteps) {
  auto one = prune_audit(db_.get(), kT0 + 50 * 1000, 20);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(*one, 20);   // bounded by the step
  auto rest = prune_audit_all(db_.get(), kT0 + 50 * 1000, 7);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(*rest, 30);
  std::ostringstream out;
  auto n = export_audit(db_.get(), {}, out);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 50);
  EXPECT_EQ(lines(out.str()).front()["request_id"], "req-50");
  auto none = prune_audit_all(db_.get(), kT0, 7);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
}

}  // namespace
}  // namespace bulwark::gateway
