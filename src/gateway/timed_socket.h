// gateway/timed_socket.h — a blocking TCP stream whose every read and write gives up after a
// timeout. Asio's synchronous operations ignore SO_RCVTIMEO/SO_SNDTIMEO: on EAGAIN they poll
// with no timeout, so a silent peer would hold the thread forever. Here reads and writes are
// direct system calls, so the socket timeouts apply. It models Asio's
// SyncReadStream/SyncWriteStream, so Beast's http::read/write and ssl::stream work on top of it.
#pragma once

#include <cstdint>
#include <boost/asio/ip/tcp.hpp>

#include "gateway/socket_io.h"

namespace bulwark::gateway {

class TimedSocket : public socket_io::ThrowingOverloads<TimedSocket> {
 public:
  using tcp = boost::asio::ip::tcp;
  using executor_type = tcp::socket::executor_type;
  using lowest_layer_type = tcp::socket::lowest_layer_type;
  using socket_io::ThrowingOverloads<TimedSocket>::read_some;
  using socket_io::ThrowingOverloads<TimedSocket>::write_some;

  // The socket stays blocking with SO_RCVTIMEO/SO_SNDTIMEO, and reads and writes are plain
  // recvmsg/sendmsg calls: one system call per read on the hot path (a non-blocking socket
  // plus poll() costs three when the reply is not there yet), and the kernel's timeout
  // surfaces as EAGAIN, which is reported as timed_out.
  TimedSocket(tcp::socket socket, uint32_t timeout_ms) : sock_(std::move(socket)) {
    boost::system::error_code ec;
    sock_.non_blocking(false, ec);
    socket_io::set_timeout(sock_.native_handle(), SO_RCVTIMEO, timeout_ms);
    socket_io::set_timeout(sock_.native_handle(), SO_SNDTIMEO, timeout_ms);
  }

  executor_type get_executor() { return sock_.get_executor(); }
  lowest_layer_type& lowest_layer() { return sock_.lowest_layer(); }
  tcp::socket& socket() { return sock_; }

  template <class Buffers>
  size_t read_some(const Buffers& b, boost::system::error_code& ec) {
    iovec iov[socket_io::kMaxIov];
    size_t n = 0;
    ec = {};
    if (socket_io::to_iovec<boost::asio::mutable_buffer>(b, iov, n) == 0) return 0;
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
      socket_io::set_error(ec);
      return 0;
    }
  }
  template <class Buffers>
  size_t write_some(const Buffers& b, boost::system::error_code& ec) {
    return socket_io::write_some(sock_.native_handle(), b, ec);
  }

 private:
  tcp::socket sock_;
};

}  // namespace bulwark::gateway
