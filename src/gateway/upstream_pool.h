// gateway/upstream_pool.h — kept-alive connections to one upstream (plain TCP or TLS), reused
// across requests. The pool is bounded (idle connections beyond max_idle are closed), drops
// connections idle longer than idle_timeout_ms (shorter than common server keep-alive
// timeouts, e.g. uvicorn's 5 s, so that the server rarely closes one under us), and checks
// each connection before handing it out: one the peer has closed (FIN or RST already
// arrived) or that holds unexpected bytes is discarded instead of reused.
#pragma once

#include <atomic>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "gateway/timed_socket.h"

namespace bulwark::gateway {

struct UpstreamConnection {
  TimedSocket io;
  std::unique_ptr<boost::asio::ssl::stream<TimedSocket&>> tls;   // null for http
  boost::beast::flat_buffer buffer;                               // read-ahead between responses
  std::chrono::steady_clock::time_point idle_since;
  uint32_t requests = 0;   // requests sent on this connection so far

  explicit UpstreamConnection(TimedSocket s) : io(std::move(s)) {}
  // True when the peer has not closed it and nothing unread is waiting (non-blocking peek).
  bool usable() const;
};

class ConnectionPool {
 public:
  ConnectionPool(size_t max_idle, uint32_t idle_timeout_ms) : max_idle_(max_idle), idle_timeout_(idle_timeout_ms) {}
  // The most recently used live idle connection, or null.
  std::unique_ptr<UpstreamConnection> acquire();
  // Back to the pool after a complete response on a keep-alive connection.
  void release(std::unique_ptr<UpstreamConnection> c);
  size_t idle() const;

  std::atomic<uint64_t> opened{0}, reused{0}, discarded_stale{0}, retried{0};

 private:
  const size_t max_idle_;
  const std::chrono::milliseconds idle_timeout_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<UpstreamConnection>> idle_;   // oldest first; taken from the back
};

}  // namespace bulwark::gateway
