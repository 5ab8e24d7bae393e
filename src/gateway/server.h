// gateway/server.h — the HTTP/1.1 listener: one thread accepts, one thread per connection
// (bounded by limits.max_connections) reads requests with keep-alive and hands them to the
// Gateway. Blocking I/O with socket timeouts keeps each connection's code linear; upstream
// calls block only their own connection.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "bulwark/result.h"
#include "gateway/gateway.h"

namespace bulwark::gateway {

class Server {
 public:
  Server(Gateway& gateway, const GatewayConfig& config);
  ~Server();
  // Binds and starts accepting. The bound port is port() (useful with port 0).
  Status start();
  uint16_t port() const { return port_; }
  // Stops accepting, closes idle connections, waits up to drain_timeout_ms for in-flight
  // requests. Returns the number of connections still open when it gave up.
  int drain();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint16_t port_ = 0;
};

// Blocks SIGTERM/SIGINT/SIGHUP in the calling thread (call before any thread starts, so that every
// thread inherits the mask) and waits for one of them (SIGHUP: reload the policies). A second signal while draining stays
// pending and is ignored.
void block_shutdown_signals();
int wait_for_shutdown_signal();

}  // namespace bulwark::gateway
