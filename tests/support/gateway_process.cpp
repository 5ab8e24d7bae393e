#include "support/gateway_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace bulwark::testing {

namespace fs = std::filesystem;

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

std::string run_command(const std::string& cmd, int* exit_code) {
  std::string out;
  FILE* f = ::popen(cmd.c_str(), "r");
  if (!f) {
    if (exit_code) *exit_code = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  int st = ::pclose(f);
  if (exit_code) *exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

std::string HttpReply::header(const std::string& name) const {
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  const std::string want = lower(name) + ":";
  std::istringstream in(headers);
  std::string line;
  while (std::getline(in, line)) {
    if (lower(line.substr(0, want.size())) != want) continue;
    std::string v = line.substr(want.size());
    while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    return v;
  }
  return "";
}

GatewayProcess::GatewayProcess(const std::string& name) {
  dir_ = fs::temp_directory_path() / ("bulwark-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir_);
  fs::create_directories(dir_);
}

GatewayProcess::~GatewayProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string GatewayProcess::base_url() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::string GatewayProcess::start(const std::string& config_body, const std::vector<std::string>& env, bool tls) {
  tls_ = tls;
  const std::string extra = tls ? "-k" : "";
  const std::string log = (dir_ / "serve.log").string();
  // A port is free when picked but not reserved: another test's gateway (ctest runs tests in
  // parallel) can take it first. This one then fails to bind while the other answers /healthz, and
  // the test talks to the wrong server. So a gateway counts as started only once its own log says it
  // listens on the port, and a port lost that way is picked again.
  std::string last_log;
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_loopback_port();
    const fs::path cfg = dir_ / "bulwark.yaml";
    std::ofstream(cfg) << "listen: 127.0.0.1:" << port_ << "\nstorage:\n  db: " << db_path().string() << "\n"
                       << config_body;
    pid_ = ::fork();
    if (pid_ == 0) {
      FILE* f = std::freopen(log.c_str(), "w", stdout);
      (void)f;
      dup2(fileno(stdout), 2);
      std::vector<std::string> vars = env;
      if (const char* path = std::getenv("PATH")) vars.push_back(std::string("PATH=") + path);
      std::vector<char*> envp;
      for (auto& v : vars) envp.push_back(v.data());
      envp.push_back(nullptr);
      const std::string c = cfg.string();
      const char* argv[] = {BULWARK_BINARY, "serve", "--config", c.c_str(), nullptr};
      ::execve(BULWARK_BINARY, const_cast<char**>(argv), envp.data());
      std::_Exit(127);
    }
    const std::string listening =
        std::string("listening on ") + (tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
    bool port_taken = false;
    for (int i = 0; i < 150 && !port_taken; ++i) {
      int st = 0;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        pid_ = -1;
        last_log = read_text_file(log);
        if (last_log.find("in use") == std::string::npos) return "bulwark serve exited: " + last_log;
        port_taken = true;
        break;
      }
      if (read_text_file(log).find(listening) != std::string::npos && curl("GET", "/healthz", "", extra).status == 200)
        return "";
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!port_taken) return "bulwark serve did not start: " + read_text_file(log);
  }
  return "bulwark serve: every port picked was taken first: " + last_log;
}

int GatewayProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int st = 0;
  for (int i = 0; i < 200; ++i) {
    if (::waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

void GatewayProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string make_loopback_cert(const fs::path& dir) {
  int rc = 0;
  std::string out = run_command("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
                                "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
                                    (dir / "key.pem").string() + "' -out '" + (dir / "cert.pem").string() + "' 2>&1",
                                &rc);
  return rc == 0 ? "" : "openssl failed: " + out;
}

HttpReply GatewayProcess::curl(const std::string& method, const std::string& path, const std::string& body,
                               const std::string& extra) const {
  const int n = ++n_;
  const fs::path req = dir_ / ("req" + std::to_string(n));
  const fs::path hdr = dir_ / ("hdr" + std::to_string(n));
  const fs::path out = dir_ / ("out" + std::to_string(n));
  std::string cmd = "curl -s --max-time 20 -X " + method + " -D " + hdr.string() + " -o " + out.string() +
                    " -w '%{http_code}' " + extra + " '" + base_url() + path + "'";
  if (!body.empty()) {
    std::ofstream(req, std::ios::binary) << body;
    cmd += " -H 'Content-Type: application/json' --data-binary @" + req.string();
  }
  HttpReply r;
  r.status = std::atoi(run_command(cmd).c_str());
  r.headers = read_text_file(hdr);
  r.body = read_text_file(out);
  return r;
}

std::vector<std::string> GatewayProcess::sql(const std::string& query) const {
  std::vector<std::string> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path().string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return rows;
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, query.c_str(), -1, &s, nullptr) == SQLITE_OK) {
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        if (i) row += '|';
        const unsigned char* t = sqlite3_column_text(s, i);
        row += t ? reinterpret_cast<const char*>(t) : "NULL";
      }
      rows.push_back(row);
    }
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return rows;
}

}  // namespace bulwark::testing
