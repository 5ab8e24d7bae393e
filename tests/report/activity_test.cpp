// Activity is read from a database written by the gateway's own audit writer, so the report
// reads the schema the gateway really writes.
#include "report/activity.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <set>

#include "gateway/audit.h"
#include "gateway/db.h"
#include "support/temp_dir.h"

namespace bulwark::report {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kDay = 86400000;
constexpr int64_t kT0 = 1795824000000;   // 2026-11-28T00:00:00Z

class ReportActivity : public ::testing::Test {
 protected:
  // First member: removed last, after everything that holds files in it.
  bulwark::testing::TempDir dir_{"bulwark_report"};

  void SetUp() override {
    db_ = (dir_ / "audit.db").string();
  }

  static gateway::AuditRecord rec(int64_t ts, std::string key, std::string decision, std::string findings = "[]") {
    gateway::AuditRecord r;
    r.ts_ms = ts;
    r.request_id = "req-" + std::to_string(ts);
    r.key_id = std::move(key);
    r.tenant = r.key_id.empty() ? "" : "acme";
    r.route = "/v1/chat/completions";
    r.status = decision == "block" ? 400 : 200;
    r.decision = std::move(decision);
    r.findings_json = std::move(findings);
    return r;
  }

  void write(const std::vector<gateway::AuditRecord>& rows) {
    gateway::Metrics metrics;
    auto w = gateway::AuditWriter::start(db_, 100, &metrics);
    ASSERT_TRUE(w.ok()) << w.status().message();
    for (const auto& r : rows) ASSERT_TRUE((*w)->submit(r));
    (*w)->flush_and_stop();
  }

  std::string db_;
};

const std::string kAttack = R"([{"detector":"attack.heuristics","category":"prompt_attack","action":"block"}])";
const std::string kPiiAllowed = R"([{"detector":"pii.email","category":"pii","action":"allow"}])";
const std::string kTwo =
    R"([{"category":"pii","action":"redact"},{"category":"pii","action":"redact"},{"category":"secret","action":"block"}])";

TEST_F(ReportActivity, CountsPerDayCategoryAndIdentity) {
  write({rec(kT0 + 1000, "alice", "block", kAttack), rec(kT0 + 2000, "alice", "block", kAttack),
         rec(kT0 + 3000, "bob", "allow", kPiiAllowed), rec(kT0 + kDay + 5, "bob", "block", kTwo),
         rec(kT0 + kDay + 6, "", "unauthenticated"), rec(kT0 + kDay + 7, "carol", "redact", "not json")});
  auto a = read_activity(db_, std::nullopt);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->requests, 6);
  ASSERT_EQ(a->days.size(), 2u);
  EXPECT_EQ(a->days[0].day, "2026-11-28");
  EXPECT_EQ(a->days[0].decisions.at("block"), 2);
  EXPECT_EQ(a->days[0].decisions.at("allow"), 1);
  EXPECT_EQ(a->days[0].categories.at("prompt_attack"), 2);
  EXPECT_EQ(a->days[0].categories.count("pii"), 0u);   // the pii finding took no action
  EXPECT_EQ(a->days[1].day, "2026-11-29");
  EXPECT_EQ(a->days[1].categories.at("pii"), 1);       // one request, counted once per category
  EXPECT_EQ(a->days[1].categories.at("secret"), 1);
  EXPECT_EQ(a->unreadable_findings, 1);
  ASSERT_EQ(a->top_blocked.size(), 2u);
  EXPECT_EQ(a->top_blocked[0].key_id, "alice");
  EXPECT_EQ(a->top_blocked[0].blocked, 2);
  EXPECT_EQ(a->top_blocked[1].key_id, "bob");
  EXPECT_EQ(a->top_blocked[1].requests, 2);
  EXPECT_FALSE(a->incident_store);

  auto since = read_activity(db_, kT0 + kDay);
  ASSERT_TRUE(since.ok());
  EXPECT_EQ(since->requests, 3);
  EXPECT_EQ(since->days.size(), 1u);
}

// Text a model did not judge (the audit row's `unread`) counts once per request and script.
TEST_F(ReportActivity, CountsTextAModelDidNotJudgePerScript) {
  auto with_unread = [](gateway::AuditRecord r, std::string unread) {
    r.unread_json = std::move(unread);
    return r;
  };
  write({with_unread(rec(kT0 + 1, "alice", "allow"),
                     R"([{"detector":"model.harm","scripts":["Bengali"],"role":"user","index":0},)"
                     R"({"detector":"model.harm","scripts":["Bengali","Thai"],"role":"user","index":1},)"
                     R"({"detector":"model.prompt_attack","scripts":["Bengali"],"role":"user","index":1}])"),
         with_unread(rec(kT0 + 2, "bob", "allow"), R"([{"detector":"model.harm","scripts":["Bengali"]}])"),
         with_unread(rec(kT0 + 3, "bob", "allow"), "not json"), rec(kT0 + 4, "bob", "allow")});
  auto a = read_activity(db_, std::nullopt);
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_EQ(a->unread.size(), 2u);
  EXPECT_EQ(a->unread.at("Bengali").requests, 2);
  EXPECT_EQ(a->unread.at("Bengali").detectors, (std::set<std::string>{"model.harm", "model.prompt_attack"}));
  EXPECT_EQ(a->unread.at("Thai").requests, 1);
  EXPECT_EQ(a->unread.at("Thai").detectors, (std::set<std::string>{"model.harm"}));
}

// A database written before the `unread` column (and not opened by a newer gateway since) is
// read as it is: the report never changes the file.
TEST_F(ReportActivity, ReadsAnAuditTableWithoutTheUnreadColumn) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, ts_ms INTEGER NOT NULL, "
                           "request_id TEXT NOT NULL, key_id TEXT, tenant TEXT, app TEXT, user TEXT, route TEXT NOT "
                           "NULL, model TEXT, status INTEGER NOT NULL, decision TEXT NOT NULL, findings TEXT NOT NULL "
                           "DEFAULT '[]');"
                           "INSERT INTO audit (ts_ms, request_id, route, status, decision) VALUES "
                           "(1795824000000, 'r1', '/v1/moderations', 200, 'allow');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto a = read_activity(db_, std::nullopt);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->requests, 1);
  EXPECT_TRUE(a->unread.empty());
}

TEST_F(ReportActivity, ReadsOpenIncidentsWhenTheStoreExists) {
  write({rec(kT0, "alice", "block", kAttack)});
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TABLE incidents (id INTEGER PRIMARY KEY, key_id TEXT, kind TEXT, status TEXT);"
                           "INSERT INTO incidents VALUES (1,'alice','attack_burst','open'),"
                           "(2,'bob','attack_burst','resolved');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto a = read_activity(db_, std::nullopt);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_TRUE(a->incident_store);
  ASSERT_EQ(a->open_incidents.size(), 1u);
  EXPECT_EQ(a->open_incidents[0].fields[1].second, "alice");
}

TEST_F(ReportActivity, ReadsKeysAndNeverCreatesOrChangesTheFile) {
  EXPECT_EQ(read_activity((dir_ / "missing.db").string(), std::nullopt).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir_ / "missing.db"));
  {
    auto db = gateway::open_db(db_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(gateway::exec(db->get(),
                              "INSERT INTO api_keys (id, sha256, models, tools, created_at) VALUES "
                              "('scoped','aa','[\"m\"]','[]',1),('open','bb','[]','[]',1);"
                              "INSERT INTO api_keys (id, sha256, created_at, revoked_at) VALUES ('gone','cc',1,2);")
                    .ok());
  }
  auto keys = read_database_keys(db_);
  ASSERT_TRUE(keys.ok()) << keys.status().message();
  ASSERT_EQ(keys->size(), 2u);   // the revoked key is not an identity any more
  EXPECT_EQ((*keys)[0].id, "open");
  EXPECT_FALSE((*keys)[0].models_restricted);
  EXPECT_EQ((*keys)[1].id, "scoped");
  EXPECT_TRUE((*keys)[1].models_restricted);

  // A file without an audit table is refused, not modified.
  const std::string other = (dir_ / "other.db").string();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x);", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  auto size = fs::file_size(other);
  EXPECT_EQ(read_activity(other, std::nullopt).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(fs::file_size(other), size);
}

TEST(ReportSince, ParsesDurationsAndDates) {
  const int64_t now = kT0 + 12 * 3600000;
  EXPECT_EQ(parse_since("2h", now), now - 2 * 3600000);
  EXPECT_EQ(parse_since("7d", now), now - 7 * kDay);
  EXPECT_EQ(parse_since("2026-11-28", now), kT0);
  EXPECT_EQ(parse_since("2026-11-28T01:00:00Z", now), kT0 + 3600000);
  EXPECT_FALSE(parse_since("yesterday", now));
  EXPECT_FALSE(parse_since("h", now));
  EXPECT_FALSE(parse_since("2026-11-28junk", now));
  EXPECT_EQ(iso_utc(kT0), "2026-11-28T00:00:00Z");
}

}  // namespace
}  // namespace bulwark::report
