#include "gateway/upstream_pool.h"

#include <sys/socket.h>

namespace bulwark::gateway {

bool UpstreamConnection::usable() const {
  if (buffer.size() != 0) return false;
  char c;
  const int fd = const_cast<TimedSocket&>(io).socket().native_handle();
  ssize_t n = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
  // -1/EAGAIN: open and quiet. 0: the peer closed. Data or any other error: not reusable
  // (for TLS, a pending record such as close_notify cannot be told apart cheaply).
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

std::unique_ptr<UpstreamConnection> ConnectionPool::acquire() {
  std::vector<std::unique_ptr<UpstreamConnection>> dead;   // closed outside the lock
  std::unique_ptr<UpstreamConnection> out;
  {
    std::lock_guard lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    while (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      if (now - c->idle_since < idle_timeout_ && c->usable()) {
        out = std::move(c);
        break;
      }
      discarded_stale++;
      dead.push_back(std::move(c));
    }
  }
  if (out) reused++;
  return out;
}

void ConnectionPool::release(std::unique_ptr<UpstreamConnection> c) {
  std::vector<std::unique_ptr<UpstreamConnection>> dead;
  c->idle_since = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  // The oldest connections sit at the front; with LIFO reuse they are the ones that expire.
  size_t expired = 0;
  while (expired < idle_.size() && c->idle_since - idle_[expired]->idle_since >= idle_timeout_) ++expired;
  for (size_t i = 0; i < expired; ++i) dead.push_back(std::move(idle_[i]));
  idle_.erase(idle_.begin(), idle_.begin() + static_cast<std::ptrdiff_t>(expired));
  if (idle_.size() < max_idle_) idle_.push_back(std::move(c));
  else dead.push_back(std::move(c));
  // `dead` is destroyed after the lock is released (declared before the guard).
}

size_t ConnectionPool::idle() const {
  std::lock_guard lock(mu_);
  return idle_.size();
}

}  // namespace bulwark::gateway
