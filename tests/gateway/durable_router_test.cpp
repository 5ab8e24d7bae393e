// Durable audit through Gateway::handle in-process: when the response reaches the connection,
// its audit row is already committed; a full audit queue answers 503 in the face's error
// shape instead of an unlogged 200; `audit.durable: false` keeps the old fire-and-forget path.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "gateway/gateway.h"
#include "support/fake_upstream.h"
#include "support/temp_dir.h"

namespace bulwark::gateway {
namespace {

namespace fs = std::filesystem;

// Records the answer and, at the moment it is sent, whether its audit row is in the file.
class ProbeSink : public ResponseSink {
 public:
  explicit ProbeSink(const std::string& db_path) : db_path_(db_path) {}
  bool send(HttpResponse r) override {
    started_ = true;
    status = r.status;
    body = r.body;
    for (const auto& [k, v] : r.headers)
      if (k == "x-request-id") request_id = v;
    row_at_ack = rows_for(request_id);
    return true;
  }
  bool begin_stream(int, const std::string&, Headers) override { return false; }
  bool write(std::string_view) override { return false; }
  bool end_stream() override { return false; }
  bool started() const override { return started_; }

  int rows_for(const std::string& id) const {
    // Read-only, without the schema statements: a reader never waits for the writer (WAL).
    sqlite3* raw = nullptr;
    sqlite3_open_v2(db_path_.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    DbPtr db(raw);
    auto st = prepare(db.get(), "SELECT count(*) FROM audit WHERE request_id = ?1");
    if (!st.ok()) return -1;
    bind_text(st->get(), 1, id);
    return sqlite3_step(st->get()) == SQLITE_ROW ? sqlite3_column_int(st->get(), 0) : -1;
  }

  int status = 0;
  std::string body, request_id;
  int row_at_ack = -1;

 private:
  std::string db_path_;
  bool started_ = false;
};

// A streamed answer: the text passes through at once, but `data: [DONE]` and the end of the
// stream arrive only after the row is committed. Counts chat rows at each step.
class StreamProbe : public ResponseSink {
 public:
  explicit StreamProbe(const std::string& db_path) : db_path_(db_path) {}
  bool send(HttpResponse r) override {
    started_ = true;
    status = r.status;
    return true;
  }
  bool begin_stream(int st, const std::string&, Headers) override {
    started_ = true;
    status = st;
    return true;
  }
  bool write(std::string_view d) override {
    const int rows = chat_rows();
    if (d.find("[DONE]") != std::string_view::npos) rows_at_done = rows;
    else if (rows_before_done < 0) rows_before_done = rows;
    body.append(d);
    return true;
  }
  bool end_stream() override {
    rows_at_end = chat_rows();
    return true;
  }
  bool started() const override { return started_; }
  int chat_rows() const {
    sqlite3* raw = nullptr;
    sqlite3_open_v2(db_path_.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    DbPtr db(raw);
    auto st = prepare(db.get(), "SELECT count(*) FROM audit WHERE route = '/v1/chat/completions'");
    if (!st.ok()) return -1;
    return sqlite3_step(st->get()) == SQLITE_ROW ? sqlite3_column_int(st->get(), 0) : -1;
  }
  int status = 0, rows_before_done = -1, rows_at_done = -1, rows_at_end = -1;
  std::string body;

 private:
  std::string db_path_;
  bool started_ = false;
};

class DurableRouterTest : public ::testing::Test {
 protected:
  // First member: removed last, after everything that holds files in it.
  bulwark::testing::TempDir dir_{"bulwark_durable"};

  void SetUp() override {
    db_ = (dir_ / "g.db").string();
  }
  void TearDown() override {
    if (gw_) gw_->shutdown();
    gw_.reset();
  }
  void start(bool durable, size_t queue_size = 1000, const std::string& upstream = "") {
    GatewayConfig c;
    c.upstream.url = upstream;
    c.auth_required = false;
    c.db_path = db_;
    c.audit_durable = durable;
    c.audit_queue_size = queue_size;
    auto g = Gateway::create(c);
    ASSERT_TRUE(g.ok()) << g.status().message();
    gw_ = std::move(*g);
  }
  static HttpRequest moderation(const std::string& body, const std::string& path = "/v1/moderations") {
    HttpRequest r;
    r.method = "POST";
    r.path = r.target = path;
    r.body = body;
    r.headers["content-type"] = "application/json";
    return r;
  }

  std::string db_;
  std::unique_ptr<Gateway> gw_;
};

TEST_F(DurableRouterTest, RowIsCommittedBeforeTheAnswerIsSent) {
  start(true);
  for (const char* body : {R"({"input":"hello"})", R"({"input": )", R"({"input":"mail bob@example.com"})"}) {
    auto req = moderation(body);
    ProbeSink sink(db_);
    gw_->handle(req, sink);
    EXPECT_TRUE(sink.status == 200 || sink.status == 400) << sink.status << " " << sink.body;
    ASSERT_FALSE(sink.request_id.empty());
    EXPECT_EQ(sink.row_at_ack, 1) << body;
  }
  // Unaudited routes are answered at once and leave no row.
  HttpRequest health;
  health.method = "GET";
  health.path = health.target = "/healthz";
  ProbeSink h(db_);
  gw_->handle(health, h);
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.row_at_ack, 0);
}

TEST_F(DurableRouterTest, FullQueueAnswers503InTheFaceShape) {
  start(true, 1);
  auto lock = open_db(db_);
  ASSERT_TRUE(lock.ok());
  ASSERT_TRUE(exec(lock->get(), "BEGIN IMMEDIATE").ok());   // the writer is stuck on its first batch
  ProbeSink a(db_), b(db_), c(db_), z(db_);
  auto req = moderation(R"({"input":"hello"})");
  std::thread ta([&] { gw_->handle(req, a); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::thread tb([&] { gw_->handle(req, b); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  gw_->handle(req, c);   // the queue (1) is full: refused at once
  auto azure = moderation(R"({"text":"hello"})", "/contentsafety/text:analyze");
  azure.query["api-version"] = "2024-09-01";
  gw_->handle(azure, z);
  ASSERT_TRUE(exec(lock->get(), "COMMIT").ok());
  ta.join();
  tb.join();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(c.status, 503);
  auto j = nlohmann::json::parse(c.body, nullptr, false);
  EXPECT_EQ(j["error"]["type"], "server_error") << c.body;
  EXPECT_EQ(j["error"]["code"], "audit_unavailable") << c.body;
  EXPECT_EQ(z.status, 503);
  auto jz = nlohmann::json::parse(z.body, nullptr, false);
  EXPECT_EQ(jz["error"]["code"], "ServiceUnavailable") << z.body;
  EXPECT_EQ(c.rows_for(c.request_id), 0);
  EXPECT_EQ(a.rows_for(a.request_id), 1);
  EXPECT_EQ(gw_->state().metrics.audit_dropped.load(), 2u);
  const std::string metrics = gw_->state().metrics.render();
  EXPECT_NE(metrics.find("bulwark_audit_dropped_total 2"), std::string::npos);
  EXPECT_NE(metrics.find("status=\"503\""), std::string::npos) << metrics;
}

TEST_F(DurableRouterTest, StreamIsFinishedOnlyAfterTheCommit) {
  testing::FakeUpstream up;
  ASSERT_TRUE(up.start());
  up.set_reply("one two three four");
  up.set_chunk_chars(4);
  start(true, 1000, "http://127.0.0.1:" + std::to_string(up.port()) + "/v1");
  HttpRequest req = moderation(R"({"model":"m","stream":true,"messages":[{"role":"user","content":"count"}]})",
                               "/v1/chat/completions");
  StreamProbe sink(db_);
  gw_->handle(req, sink);
  EXPECT_EQ(sink.status, 200);
  EXPECT_NE(sink.body.find("data: [DONE]"), std::string::npos) << sink.body;
  EXPECT_EQ(sink.rows_before_done, 0);   // text is not held back
  EXPECT_EQ(sink.rows_at_done, 1);
  EXPECT_EQ(sink.rows_at_end, 1);
}

TEST_F(DurableRouterTest, FireAndForgetWhenNotDurable) {
  start(false);
  auto req = moderation(R"({"input":"hello"})");
  ProbeSink sink(db_);
  gw_->handle(req, sink);
  EXPECT_EQ(sink.status, 200);
  gw_->shutdown();   // flushes the queue
  EXPECT_EQ(sink.rows_for(sink.request_id), 1);
}

}  // namespace
}  // namespace bulwark::gateway
