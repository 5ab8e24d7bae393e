// Integration test of the upstream client through the real `bulwark serve` binary: kept-alive
// upstream connections are reused (the fake upstream counts accepted connections), stale ones
// are replaced, a POST that may have reached the upstream is never sent twice while a GET is
// retried, and https upstreams work with certificate verification (a self-signed certificate
// made at test time by the openssl CLI).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "support/fake_upstream.h"
#include "support/gateway_process.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using bulwark::testing::FakeUpstream;

// Shared helpers (tests/support/gateway_process.h).
int free_port() { return bulwark::testing::free_loopback_port(); }
std::string slurp(const fs::path& p) { return bulwark::testing::read_text_file(p); }
std::string run(const std::string& cmd) { return bulwark::testing::run_command(cmd); }

constexpr const char* kKey = "pool-master-key";

struct Reply {
  int status = 0;
  std::string body;
};

// One `bulwark serve` process with its own directory and config.
class Served {
 public:
  Served(const fs::path& dir, const std::string& upstream_url, const std::string& upstream_extra) : dir_(dir) {
    port_ = free_port();
    std::ofstream(dir_ / "bulwark.yaml") << "listen: 127.0.0.1:" << port_ << "\nupstream:\n  url: " << upstream_url
                                         << "\n" << (upstream_extra.find("timeout_ms:") == std::string::npos ? "  timeout_ms: 5000\n" : "")
                                         << upstream_extra << "storage:\n  db: "
                                         << (dir_ / "bulwark.db").string() << "\n";
    std::fflush(nullptr);   // the child must not flush our buffered output a second time
    pid_ = ::fork();
    if (pid_ == 0) {
      std::string cfg = (dir_ / "bulwark.yaml").string();
      std::string log = (dir_ / "serve.log").string();
      FILE* f = std::freopen(log.c_str(), "w", stdout);
      (void)f;
      dup2(fileno(stdout), 2);
      std::string master = std::string("BULWARK_MASTER_KEY=") + kKey;
      char* envp[] = {master.data(), nullptr};
      const char* argv[] = {BULWARK_BINARY, "serve", "--config", cfg.c_str(), nullptr};
      ::execve(BULWARK_BINARY, const_cast<char**>(argv), envp);
      std::_Exit(127);
    }
    for (int i = 0; i < 150; ++i) {
      if (call("GET", "/healthz", "").status == 200) {
        ready_ = true;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ~Served() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  bool ready() const { return ready_; }
  std::string log() const { return slurp(dir_ / "serve.log"); }

  Reply call(const std::string& method, const std::string& path, const std::string& body) {
    const fs::path req = dir_ / "req.json", out = dir_ / "out.txt";
    std::string cmd = "curl -s -N --max-time 20 -X " + method + " -o " + out.string() + " -w '%{http_code}' -H 'Authorization: Bearer " +
                      kKey + "' 'http://127.0.0.1:" + std::to_string(port_) + path + "'";
    if (!body.empty()) {
      std::ofstream(req, std::ios::binary) << body;
      cmd += " -H 'Content-Type: application/json' --data-binary @" + req.string();
    }
    Reply r;
    r.status = std::atoi(run(cmd).c_str());
    r.body = slurp(out);
    return r;
  }
  Reply chat(bool stream = false) {
    return call("POST", "/v1/chat/completions",
                std::string(R"({"model":"gpt-test","stream":)") + (stream ? "true" : "false") +
                    R"(,"messages":[{"role":"user","content":"Say hello"}]})");
  }

 private:
  fs::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool ready_ = false;
};

class GatewayUpstreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bulwark-gwup-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string http_url(const FakeUpstream& u) const { return "http://127.0.0.1:" + std::to_string(u.port()) + "/v1"; }
  fs::path dir_;
};

TEST_F(GatewayUpstreamTest, SequentialRequestsReuseOneUpstreamConnection) {
  FakeUpstream up;
  up.set_keep_alive(true);
  ASSERT_TRUE(up.start());
  Served gw(dir_, http_url(up), "");
  ASSERT_TRUE(gw.ready()) << gw.log();
  for (int i = 0; i < 20; ++i) {
    Reply r = gw.chat();
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body)["choices"][0]["message"]["content"], "Hello from the fake upstream.");
  }
  for (int i = 0; i < 5; ++i) {
    Reply r = gw.chat(true);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("data: [DONE]"), std::string::npos) << r.body;
  }
  EXPECT_EQ(up.requests(), 25);
  EXPECT_EQ(up.accepted(), 1) << "every request after the first should reuse the kept-alive connection";
  // The pool is visible to operators in /metrics.
  Reply m = gw.call("GET", "/metrics", "");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("bulwark_upstream_connections_opened_total 1\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("bulwark_upstream_connections_reused_total 24\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("bulwark_upstream_connections_stale_total 0\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("bulwark_upstream_connections_idle 1\n"), std::string::npos) << m.body;
}

TEST_F(GatewayUpstreamTest, ConnectionCloseUpstreamGetsANewConnectionEachTime) {
  FakeUpstream up;   // default mode: Connection: close after every response
  ASSERT_TRUE(up.start());
  Served gw(dir_, http_url(up), "");
  ASSERT_TRUE(gw.ready()) << gw.log();
  for (int i = 0; i < 4; ++i) ASSERT_EQ(gw.chat().status, 200);
  EXPECT_EQ(up.accepted(), 4);
}

TEST_F(GatewayUpstreamTest, ConnectionClosedByTheUpstreamWhileIdleIsReplaced) {
  FakeUpstream up;
  up.set_keep_alive(true, /*idle_close_ms=*/150);
  ASSERT_TRUE(up.start());
  Served gw(dir_, http_url(up), "");
  ASSERT_TRUE(gw.ready()) << gw.log();
  ASSERT_EQ(gw.chat().status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));   // the upstream closes the idle connection
  Reply r = gw.chat();
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(up.requests(), 2);   // the closed connection was noticed before sending, not retried after
  EXPECT_EQ(up.accepted(), 2);
}

TEST_F(GatewayUpstreamTest, IdleTimeoutClosesPooledConnectionsOnOurSide) {
  FakeUpstream up;
  up.set_keep_alive(true, 10000);
  ASSERT_TRUE(up.start());
  Served gw(dir_, http_url(up), "  idle_timeout_ms: 2000\n");
  ASSERT_TRUE(gw.ready()) << gw.log();
  ASSERT_EQ(gw.chat().status, 200);
  ASSERT_EQ(gw.chat().status, 200);
  EXPECT_EQ(up.accepted(), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  ASSERT_EQ(gw.chat().status, 200);
  EXPECT_EQ(up.accepted(), 2);
}

TEST_F(GatewayUpstreamTest, PostThatMayHaveReachedTheUpstreamIsNotRetried) {
  FakeUpstream up;
  up.set_keep_alive(true);
  ASSERT_TRUE(up.start());
  Served gw(dir_, http_url(up), "");
  ASSERT_TRUE(gw.ready()) << gw.log();
  ASSERT_EQ(gw.chat().status, 200);   // leaves one pooled connection
  up.drop_next_requests(1);           // the upstream reads the next request and closes without replying
  Reply r = gw.chat();
  EXPECT_EQ(r.status, 502) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "upstream_error");
  EXPECT_EQ(up.requests(), 2) << "a chat completion must never be sent upstream twice";
  EXPECT_EQ(gw.chat().status, 200);   // the next request opens a new connection
  EXPECT_EQ(up.requests(), 3);
}

TEST_F(GatewayUpstreamTest, GetIsRetriedOnANewConnectionAfterAStaleOne) {
  FakeUpstream up;
  up.set_keep_alive(true);
  ASSERT_TRUE(up.start());
  Served gw(dir_, http_url(up), "");
  ASSERT_TRUE(gw.ready()) << gw.log();
  ASSERT_EQ(gw.chat().status, 200);
  up.drop_next_requests(1);
  Reply r = gw.call("GET", "/v1/models", "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("gpt-other"), std::string::npos) << r.body;   // the list came from the upstream
  EXPECT_EQ(up.requests(), 3);   // chat, the dropped GET, the retried GET
  EXPECT_EQ(up.accepted(), 2);
}

TEST_F(GatewayUpstreamTest, SilentUpstreamTimesOut) {
  // A listening socket that never accepts: the kernel completes the handshake and takes the
  // request, and no answer ever comes.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  Served gw(dir_, "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/v1", "  timeout_ms: 800\n");
  ASSERT_TRUE(gw.ready()) << gw.log();
  const auto t0 = std::chrono::steady_clock::now();
  Reply r = gw.chat();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.status, 502) << r.body;
  EXPECT_NE(r.body.find("timed out"), std::string::npos) << r.body;
  EXPECT_LT(s, 10.0);
  ::close(fd);
}

class GatewayHttpsUpstreamTest : public GatewayUpstreamTest {
 protected:
  void SetUp() override {
    GatewayUpstreamTest::SetUp();
    cert_ = dir_ / "cert.pem";
    key_ = dir_ / "key.pem";
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -addext "
                            "subjectAltName=DNS:localhost -keyout " + key_.string() + " -out " + cert_.string() +
                            " >/dev/null 2>&1 && echo ok";
    ASSERT_EQ(run(cmd), "ok\n") << "openssl CLI could not make a test certificate";
    ASSERT_TRUE(up_.enable_tls(cert_.string(), key_.string()));
    up_.set_keep_alive(true);
    ASSERT_TRUE(up_.start());
  }
  std::string https_url(const std::string& host) const {
    return "https://" + host + ":" + std::to_string(up_.port()) + "/v1";
  }
  fs::path cert_, key_;
  FakeUpstream up_;
};

TEST_F(GatewayHttpsUpstreamTest, TrustedCertificateWorksAndConnectionsAreReused) {
  Served gw(dir_, https_url("localhost"), "  ca_file: " + cert_.string() + "\n");
  ASSERT_TRUE(gw.ready()) << gw.log();
  for (int i = 0; i < 5; ++i) {
    Reply r = gw.chat();
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body)["choices"][0]["message"]["content"], "Hello from the fake upstream.");
  }
  Reply s = gw.chat(true);
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_NE(s.body.find("data: [DONE]"), std::string::npos) << s.body;
  EXPECT_EQ(up_.requests(), 6);
  EXPECT_EQ(up_.accepted(), 1);
}

TEST_F(GatewayHttpsUpstreamTest, UntrustedCertificateIsRefusedByDefault) {
  Served gw(dir_, https_url("localhost"), "");   // system store only: the self-signed cert is unknown
  ASSERT_TRUE(gw.ready()) << gw.log();
  Reply r = gw.chat();
  EXPECT_EQ(r.status, 502) << r.body;
  EXPECT_NE(r.body.find("certificate"), std::string::npos) << r.body;
  EXPECT_EQ(up_.requests(), 0);
}

TEST_F(GatewayHttpsUpstreamTest, CertificateForAnotherNameIsRefused) {
  // Trusted CA, but the certificate names localhost and the URL says 127.0.0.1.
  Served gw(dir_, https_url("127.0.0.1"), "  ca_file: " + cert_.string() + "\n");
  ASSERT_TRUE(gw.ready()) << gw.log();
  Reply r = gw.chat();
  EXPECT_EQ(r.status, 502) << r.body;
  EXPECT_EQ(up_.requests(), 0);
}

TEST_F(GatewayHttpsUpstreamTest, MissingCaFileIsAStartupError) {
  std::ofstream(dir_ / "bad.yaml") << "listen: 127.0.0.1:" << free_port() << "\nupstream:\n  url: " << https_url("localhost")
                                   << "\n  ca_file: " << (dir_ / "nope.pem").string() << "\nstorage:\n  db: "
                                   << (dir_ / "bad.db").string() << "\n";
  const std::string err = run("BULWARK_MASTER_KEY=k timeout 20 " + std::string(BULWARK_BINARY) + " serve --config " +
                              (dir_ / "bad.yaml").string() + " 2>&1; echo rc=$?");
  EXPECT_NE(err.find("ca_file"), std::string::npos) << err;
  EXPECT_EQ(err.find("rc=0"), std::string::npos) << err;
}

}  // namespace
