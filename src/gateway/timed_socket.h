// gateway/timed_socket.h — a blocking TCP stream whose every read and write gives up after a
// timeout. Asio's synchronous operations ignore SO_RCVTIMEO/SO_SNDTIMEO: on EAGAIN they poll
// with no timeout, so a silent peer would hold the thread forever. Here reads and writes are
// direct system calls, so the socket timeouts apply. It models Asio's
// SyncReadStream/SyncWriteStream, so Beast's http::read/write and ssl::stream work on top of it.
#pragma once

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstdint>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/system_error.hpp>

namespace bulwark::gateway {

class TimedSocket {
 public:
  using tcp = boost::asio::ip::tcp;
  using executor_type = tcp::socket::executor_type;
  using lowest_layer_type = tcp::socket::lowest_layer_type;

  // The socket stays blocking with SO_RCVTIMEO/SO_SNDTIMEO, and reads and writes are plain
  // recvmsg/sendmsg calls: one system call per read on the hot path (a non-blocking socket
  // plus poll() costs three when the reply is not there yet), and the kernel's timeout
  // surfaces as EAGAIN, which is reported as timed_out.
  TimedSocket(tcp::socket socket, uint32_t timeout_ms) : sock_(std::move(socket)) {
    boost::system::error_code ec;
    sock_.non_blocking(false, ec);
    timeval tv{static_cast<time_t>(timeout_ms / 1000), static_cast<suseconds_t>((timeout_ms % 1000) * 1000)};
    setsockopt(sock_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(sock_.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }

  executor_type get_executor() { return sock_.get_executor(); }
  lowest_layer_type& lowest_layer() { return sock_.lowest_layer(); }
  tcp::socket& socket() { return sock_; }

  template <class Buffers>
  size_t read_some(const Buffers& b, boost::system::error_code& ec) {
    iovec iov[16];
    size_t n = 0, total = 0;
    for (auto it = boost::asio::buffer_sequence_begin(b); it != boost::asio::buffer_sequence_end(b) && n < 16; ++it) {
      boost::asio::mutable_buffer mb(*it);
      if (mb.size() == 0) continue;
      iov[n++] = {mb.data(), mb.size()};
      total += mb.size();
    }
    ec = {};
    if (total == 0) return 0;
    msghdr m{};
    m.msg_iov = iov;
    m.msg_iovlen = n;
    for (;;) {
      ssize_t r = ::recvmsg(sock_.native_handle(), &m, 0);
      if (r > 0) return static_cast<size_t>(r);
      if (r == 0) {
        ec = boost::asio::error::eof;
        return 0;
      }
      if (errno == EINTR) continue;
      set_error(ec);
      return 0;
    }
  }
  template <class Buffers>
  size_t write_some(const Buffers& b, boost::system::error_code& ec) {
    iovec iov[16];
    size_t n = 0, total = 0;
    for (auto it = boost::asio::buffer_sequence_begin(b); it != boost::asio::buffer_sequence_end(b) && n < 16; ++it) {
      boost::asio::const_buffer cb(*it);
      if (cb.size() == 0) continue;
      iov[n++] = {const_cast<void*>(cb.data()), cb.size()};
      total += cb.size();
    }
    ec = {};
    if (total == 0) return 0;
    msghdr m{};
    m.msg_iov = iov;
    m.msg_iovlen = n;
    for (;;) {
      ssize_t r = ::sendmsg(sock_.native_handle(), &m, MSG_NOSIGNAL);
      if (r >= 0) return static_cast<size_t>(r);
      if (errno == EINTR) continue;
      set_error(ec);
      return 0;
    }
  }
  template <class Buffers>
  size_t read_some(const Buffers& b) {
    boost::system::error_code ec;
    size_t n = read_some(b, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }
  template <class Buffers>
  size_t write_some(const Buffers& b) {
    boost::system::error_code ec;
    size_t n = write_some(b, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

 private:
  static void set_error(boost::system::error_code& ec) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) ec = boost::asio::error::timed_out;
    else ec.assign(errno, boost::system::system_category());
  }

  tcp::socket sock_;
};

}  // namespace bulwark::gateway
