// tests/support/gateway_process.h — the real `bulwark serve` binary as a child process for
// integration tests: a temporary directory, a config written by the test (the listen address,
// storage.db and the env variables are filled in here), a free loopback port, a wait for
// /healthz, and SIGTERM (then SIGKILL) on stop. Also curl and SQLite helpers shared by the
// gateway integration suites.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/files.h"

namespace bulwark::testing {

int free_loopback_port();
// Runs a shell command; returns its stdout and sets *exit_code when given.
std::string run_command(const std::string& cmd, int* exit_code = nullptr);

// Writes a self-signed cert.pem and key.pem for 127.0.0.1 (with an IP SAN, so it verifies) into
// dir; "" on success, else openssl's output.
std::string make_loopback_cert(const std::filesystem::path& dir);

struct HttpReply {
  int status = 0;
  std::string headers, body;
  std::string header(const std::string& name) const;   // case-insensitive, first match, "" if none
};

class GatewayProcess {
 public:
  explicit GatewayProcess(const std::string& name);
  ~GatewayProcess();
  const std::filesystem::path& dir() const { return dir_; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::filesystem::path db_path() const { return dir_ / "bulwark.db"; }
  // "http://127.0.0.1:PORT" (https when tls is on).
  std::string base_url() const;

  // config_body: YAML without listen/storage (added here). env: extra NAME=VALUE entries.
  // Returns "" on success, else the reason (with the server log).
  std::string start(const std::string& config_body, const std::vector<std::string>& env, bool tls = false);
  // SIGTERM and wait (SIGKILL after 10 s); returns the exit status, -1 if it had to be killed.
  int stop();
  // SIGKILL and reap: a crash, nothing flushed (the durability tests restart on the same files).
  void kill_hard();

  // curl against path; extra = more curl arguments (headers, --cacert …).
  HttpReply curl(const std::string& method, const std::string& path, const std::string& body,
                 const std::string& extra = "") const;

  // Rows of an SQL query on the audit database, each row's columns joined with '|'.
  std::vector<std::string> sql(const std::string& query) const;

 private:
  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool tls_ = false;
  mutable int n_ = 0;
};

}  // namespace bulwark::testing
