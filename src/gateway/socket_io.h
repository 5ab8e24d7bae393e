// gateway/socket_io.h — what the gateway's two blocking streams (timed_socket.h towards the
// upstream, client_socket.h on the listener) share: Asio buffer sequences as iovecs, the
// sendmsg loop, the kernel timeouts and the error mapping (EAGAIN from SO_RCVTIMEO/SO_SNDTIMEO
// is a timeout). Direct system calls, because Asio's synchronous operations ignore those
// socket timeouts.
#pragma once

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstdint>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

namespace bulwark::gateway::socket_io {

constexpr size_t kMaxIov = 16;

// Fills iov from an Asio buffer sequence (empty buffers skipped); returns the total size.
template <class Buffer, class Buffers>
size_t to_iovec(const Buffers& b, iovec (&iov)[kMaxIov], size_t& n) {
  size_t total = 0;
  n = 0;
  for (auto it = boost::asio::buffer_sequence_begin(b); it != boost::asio::buffer_sequence_end(b) && n < kMaxIov; ++it) {
    Buffer buf(*it);
    if (buf.size() == 0) continue;
    iov[n++] = {const_cast<void*>(static_cast<const void*>(buf.data())), buf.size()};
    total += buf.size();
  }
  return total;
}

inline void set_error(boost::system::error_code& ec) {
  if (errno == EAGAIN || errno == EWOULDBLOCK) ec = boost::asio::error::timed_out;
  else ec.assign(errno, boost::system::system_category());
}

// SO_RCVTIMEO / SO_SNDTIMEO in milliseconds (0 = wait forever).
inline void set_timeout(int fd, int opt, uint32_t ms) {
  timeval tv{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
  setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof tv);
}

// One sendmsg of the whole sequence (MSG_NOSIGNAL: a peer that hung up is an error, not SIGPIPE).
template <class Buffers>
size_t write_some(int fd, const Buffers& b, boost::system::error_code& ec) {
  iovec iov[kMaxIov];
  size_t n = 0;
  ec = {};
  if (to_iovec<boost::asio::const_buffer>(b, iov, n) == 0) return 0;
  msghdr m{};
  m.msg_iov = iov;
  m.msg_iovlen = n;
  for (;;) {
    ssize_t r = ::sendmsg(fd, &m, MSG_NOSIGNAL);
    if (r >= 0) return static_cast<size_t>(r);
    if (errno == EINTR) continue;
    set_error(ec);
    return 0;
  }
}

// The throwing overloads Asio's SyncReadStream/SyncWriteStream also require, for a stream that
// has the error_code ones.
template <class Derived>
struct ThrowingOverloads {
  template <class Buffers>
  size_t read_some(const Buffers& b) {
    boost::system::error_code ec;
    size_t n = static_cast<Derived*>(this)->read_some(b, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }
  template <class Buffers>
  size_t write_some(const Buffers& b) {
    boost::system::error_code ec;
    size_t n = static_cast<Derived*>(this)->write_some(b, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }
};

}  // namespace bulwark::gateway::socket_io
