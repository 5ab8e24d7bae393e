// Listener time limits and keys with limits in SQLite, through the real binary: a request
// header or body that trickles in past its timeout gets 408 and the connection closes; a
// fresh or keep-alive connection that sends nothing is closed without an answer (plain and
// TLS); a stream outlasting every read timeout is unaffected; connections over
// limits.max_connections get 503; a key made by `bulwark keys create --rpm 2 --models ...`
// gets 429 on its third call and the model refusal for another model.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "support/fake_upstream.h"
#include "support/gateway_process.h"

namespace {

using nlohmann::json;
using bulwark::testing::GatewayProcess;
using bulwark::testing::run_command;
using Clock = std::chrono::steady_clock;

const char* kShortTimeouts = "limits:\n  header_timeout_ms: 800\n  idle_timeout_ms: 800\n  body_timeout_ms: 800\n";

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{10, 0};   // the test's own bound: no read waits longer
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

void send_all(int fd, const std::string& s) { (void)::send(fd, s.data(), s.size(), MSG_NOSIGNAL); }

// Everything the server sends until it closes (or the 10 s bound passes); *closed tells which.
std::string read_until_close(int fd, bool* closed) {
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      out.append(buf, static_cast<size_t>(n));
      continue;
    }
    *closed = n == 0 || errno == ECONNRESET;
    return out;
  }
}

std::string body_of(const std::string& reply) {
  size_t p = reply.find("\r\n\r\n");
  return p == std::string::npos ? "" : reply.substr(p + 4);
}

TEST(GatewayLimits, ReadTimeoutsFireOnPlainHttp) {
  bulwark::testing::FakeUpstream upstream;
  ASSERT_TRUE(upstream.start());
  GatewayProcess gw("limits");
  ASSERT_EQ(gw.start(kShortTimeouts, {"BULWARK_MASTER_KEY=lim-master", "BULWARK_UPSTREAM_URL=http://127.0.0.1:" +
                                                                          std::to_string(upstream.port()) + "/v1"}),
            "");

  {  // Slowloris: one header byte every 100 ms never completes the header: 408 within the limit.
    int fd = connect_to(gw.port());
    ASSERT_GE(fd, 0);
    const auto t0 = Clock::now();
    send_all(fd, "POST /v1/moderations HTTP/1.1\r\nHost: x\r\n");
    std::thread trickle([fd] {
      for (int i = 0; i < 40; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (::send(fd, "X", 1, MSG_NOSIGNAL) != 1) return;
      }
    });
    bool closed = false;
    std::string reply = read_until_close(fd, &closed);
    const double took = seconds_since(t0);
    ::shutdown(fd, SHUT_RDWR);
    trickle.join();
    ::close(fd);
    EXPECT_TRUE(closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
    json err = json::parse(body_of(reply), nullptr, false);
    EXPECT_EQ(err["error"]["type"], "invalid_request_error") << reply;
    EXPECT_GE(took, 0.7);
    EXPECT_LT(took, 3.0) << "the trickle kept extending the header timeout";
  }
  {  // A body that stops short of its Content-Length: 408 in the OpenAI shape.
    int fd = connect_to(gw.port());
    ASSERT_GE(fd, 0);
    const auto t0 = Clock::now();
    send_all(fd, "POST /v1/moderations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer lim-master\r\n"
                 "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"input\":");
    bool closed = false;
    std::string reply = read_until_close(fd, &closed);
    ::close(fd);
    EXPECT_TRUE(closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
    EXPECT_NE(body_of(reply).find("request body not received"), std::string::npos) << reply;
    EXPECT_LT(seconds_since(t0), 3.0);
  }
  {  // A fresh connection that sends nothing is closed without an answer.
    int fd = connect_to(gw.port());
    ASSERT_GE(fd, 0);
    const auto t0 = Clock::now();
    bool closed = false;
    std::string reply = read_until_close(fd, &closed);
    ::close(fd);
    EXPECT_TRUE(closed);
    EXPECT_EQ(reply, "");
    EXPECT_LT(seconds_since(t0), 3.0);
  }
  {  // Keep-alive: a request is answered, then the idle connection is closed silently.
    int fd = connect_to(gw.port());
    ASSERT_GE(fd, 0);
    send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto t0 = Clock::now();
    bool closed = false;
    std::string reply = read_until_close(fd, &closed);
    ::close(fd);
    EXPECT_TRUE(closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
    EXPECT_EQ(reply.find("HTTP/1.1", 1), std::string::npos) << "only the one answer: " << reply;
    EXPECT_GE(seconds_since(t0), 0.7);
    EXPECT_LT(seconds_since(t0), 3.0);
  }
  // Two requests 300 ms apart on one connection: the idle wait is per request, not cumulative
  // with the header timeout, and normal requests are unaffected.
  int rc = 0;
  std::string two = run_command("curl -s --max-time 20 -H 'Authorization: Bearer lim-master' -d '{\"input\":\"hi\"}' " +
                                    gw.base_url() + "/v1/moderations -w '%{num_connects}\\n' --next -s --max-time 20 " +
                                    "-H 'Authorization: Bearer lim-master' -d '{\"input\":\"hi\"}' " + gw.base_url() +
                                    "/v1/moderations -w '%{num_connects}\\n'",
                                &rc);
  EXPECT_EQ(rc, 0) << two;
  EXPECT_NE(two.find("}0\n"), std::string::npos) << "the second request reused the connection: " << two;

  // A stream that lasts ~2 s, well past every read timeout, completes.
  upstream.set_reply("one two three four five six seven eight nine ten eleven twelve");
  upstream.set_chunk_chars(4);
  upstream.set_chunk_delay_ms(130);
  auto stream = gw.curl("POST", "/v1/chat/completions",
                        R"({"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"count"}]})",
                        "-H 'Authorization: Bearer lim-master'");
  EXPECT_EQ(stream.status, 200) << stream.body;
  EXPECT_NE(stream.body.find("data: [DONE]"), std::string::npos) << stream.body;
  upstream.set_chunk_delay_ms(0);

  auto metrics = gw.curl("GET", "/metrics", "", "-H 'Authorization: Bearer lim-master'");
  EXPECT_NE(metrics.body.find("bulwark_requests_timed_out_total 2"), std::string::npos) << metrics.body;
  EXPECT_EQ(gw.stop(), 0);
}

// Reads over TLS until the server closes (or the socket's 10 s bound).
std::string tls_read_until_close(SSL* ssl, bool* closed) {
  std::string out;
  char buf[4096];
  for (;;) {
    int n = SSL_read(ssl, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<size_t>(n));
      continue;
    }
    int e = SSL_get_error(ssl, n);
    // The server closes without close_notify, which OpenSSL 3 reports as SSL_ERROR_SSL
    // ("unexpected eof"); only EAGAIN means the test's own 10 s bound passed instead.
    *closed = e == SSL_ERROR_ZERO_RETURN || e == SSL_ERROR_SSL ||
              (e == SSL_ERROR_SYSCALL && errno != EAGAIN && errno != EWOULDBLOCK);
    return out;
  }
}

TEST(GatewayLimits, ReadTimeoutsFireOnTls) {
  GatewayProcess gw("limits-tls");
  ASSERT_EQ(bulwark::testing::make_loopback_cert(gw.dir()), "");
  const std::string config = std::string(kShortTimeouts) + "tls:\n  cert_file: " + (gw.dir() / "cert.pem").string() +
                             "\n  key_file: " + (gw.dir() / "key.pem").string() + "\n";
  ASSERT_EQ(gw.start(config, {"BULWARK_MASTER_KEY=tls-master"}, /*tls=*/true), "");

  {  // No handshake at all: closed within the header timeout.
    int fd = connect_to(gw.port());
    ASSERT_GE(fd, 0);
    const auto t0 = Clock::now();
    send_all(fd, std::string("\x16\x03\x01", 3));   // the start of a ClientHello, then nothing
    bool closed = false;
    read_until_close(fd, &closed);
    ::close(fd);
    EXPECT_TRUE(closed);
    EXPECT_LT(seconds_since(t0), 3.0);
  }
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  ASSERT_NE(ctx, nullptr);
  auto tls_connect = [&](SSL** out) {
    int fd = connect_to(gw.port());
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    *out = ssl;
    return fd >= 0 && SSL_connect(ssl) == 1 ? fd : -1;
  };
  {  // Keep-alive over TLS: answered, then closed when idle.
    SSL* ssl = nullptr;
    int fd = tls_connect(&ssl);
    ASSERT_GE(fd, 0);
    const std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    SSL_write(ssl, req.data(), static_cast<int>(req.size()));
    const auto t0 = Clock::now();
    bool closed = false;
    std::string reply = tls_read_until_close(ssl, &closed);
    EXPECT_TRUE(closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
    EXPECT_GE(seconds_since(t0), 0.7);
    EXPECT_LT(seconds_since(t0), 3.0);
    SSL_free(ssl);
    ::close(fd);
  }
  {  // A partial header over TLS: 408.
    SSL* ssl = nullptr;
    int fd = tls_connect(&ssl);
    ASSERT_GE(fd, 0);
    const std::string part = "POST /v1/moderations HTTP/1.1\r\nHost: x\r\n";
    SSL_write(ssl, part.data(), static_cast<int>(part.size()));
    const auto t0 = Clock::now();
    bool closed = false;
    std::string reply = tls_read_until_close(ssl, &closed);
    EXPECT_TRUE(closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
    EXPECT_LT(seconds_since(t0), 3.0);
    SSL_free(ssl);
    ::close(fd);
  }
  SSL_CTX_free(ctx);
  EXPECT_EQ(gw.curl("GET", "/healthz", "", "-k").status, 200);
  EXPECT_EQ(gw.stop(), 0);
}

TEST(GatewayLimits, ConnectionsOverTheLimitGet503) {
  GatewayProcess gw("limits-conn");
  ASSERT_EQ(gw.start("limits:\n  max_connections: 2\n", {"BULWARK_MASTER_KEY=conn-master"}), "");
  int held[2] = {connect_to(gw.port()), connect_to(gw.port())};
  ASSERT_GE(held[0], 0);
  ASSERT_GE(held[1], 0);
  // Wait until both are accepted and counted: a third connection is then turned away. A
  // connection a client has already closed (the start-up /healthz probe's, or this loop's)
  // counts until its server thread sees the close, so on a loaded machine a held one can be
  // refused instead: a refused one has its 503 to read at once (a held one nothing), and is
  // opened again.
  auto refused = [](int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  };
  // Both were accepted before the probe (the backlog is first in, first out), so a probe turned
  // away while neither was refused means both are counted.
  bool counted = false;
  for (int i = 0; i < 100 && !counted; ++i) {
    for (int& fd : held)
      if (refused(fd)) {
        ::close(fd);
        fd = connect_to(gw.port());
        ASSERT_GE(fd, 0);
      }
    counted = gw.curl("GET", "/healthz", "", "").status == 503 && !refused(held[0]) && !refused(held[1]);
    if (!counted) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(counted) << "the two held connections were never counted";
  const int a = held[0], b = held[1];
  int c = connect_to(gw.port());
  ASSERT_GE(c, 0);
  bool closed = false;
  std::string reply = read_until_close(c, &closed);
  ::close(c);
  EXPECT_TRUE(closed);
  EXPECT_EQ(reply.rfind("HTTP/1.1 503", 0), 0u) << reply;
  EXPECT_NE(body_of(reply).find("too many connections"), std::string::npos) << reply;
  // The held connections still work; once they close, new ones are accepted again.
  send_all(a, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  reply = read_until_close(a, &closed);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  ::close(a);
  ::close(b);
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = gw.curl("GET", "/healthz", "", "").status;
  }
  EXPECT_EQ(status, 200);
  EXPECT_EQ(gw.stop(), 0);
}

TEST(GatewayLimits, SqliteKeysCarryRateAndModelLimits) {
  bulwark::testing::FakeUpstream upstream;
  ASSERT_TRUE(upstream.start());
  GatewayProcess gw("limits-keys");
  const std::string db = gw.db_path().string();
  int rc = 0;
  std::string key = run_command(std::string(BULWARK_BINARY) + " keys --db " + db +
                                    " create --id lim --tenant t --models gpt-test --tools search --rpm 2 --tpm 10000 2>/dev/null",
                                &rc);
  ASSERT_EQ(rc, 0);
  while (!key.empty() && (key.back() == '\n' || key.back() == ' ')) key.pop_back();
  ASSERT_EQ(key.rfind("bwk_", 0), 0u) << key;
  std::string bad = run_command(std::string(BULWARK_BINARY) + " keys --db " + db + " create --id x --rpm many 2>&1", &rc);
  EXPECT_NE(rc, 0);
  EXPECT_NE(bad.find("--rpm"), std::string::npos) << bad;
  std::string list = run_command(std::string(BULWARK_BINARY) + " keys --db " + db + " list");
  EXPECT_NE(list.find("\trpm\ttpm\t"), std::string::npos) << list;
  EXPECT_NE(list.find("lim\tt\t\t\t*\tgpt-test\tsearch\t2\t10000\t"), std::string::npos) << list;

  ASSERT_EQ(gw.start("", {"BULWARK_MASTER_KEY=keys-master",
                          "BULWARK_UPSTREAM_URL=http://127.0.0.1:" + std::to_string(upstream.port()) + "/v1"}),
            "");
  const std::string auth = "-H 'Authorization: Bearer " + key + "'";
  auto refused = gw.curl("POST", "/v1/chat/completions",
                         R"({"model":"gpt-other","messages":[{"role":"user","content":"hi"}]})", auth);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(json::parse(refused.body, nullptr, false)["error"]["code"], "model_not_allowed") << refused.body;
  auto second = gw.curl("POST", "/v1/chat/completions",
                        R"({"model":"gpt-test","messages":[{"role":"user","content":"hi"}]})", auth);
  EXPECT_EQ(second.status, 200) << second.body;
  auto third = gw.curl("POST", "/v1/chat/completions",
                       R"({"model":"gpt-test","messages":[{"role":"user","content":"hi"}]})", auth);
  EXPECT_EQ(third.status, 429) << third.body;
  EXPECT_EQ(json::parse(third.body, nullptr, false)["error"]["code"], "rate_limit_exceeded") << third.body;
  // Other keys are not affected.
  EXPECT_EQ(gw.curl("POST", "/v1/moderations", R"({"input":"x"})", "-H 'Authorization: Bearer keys-master'").status, 200);
  EXPECT_EQ(gw.stop(), 0);
}

}  // namespace
