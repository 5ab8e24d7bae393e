// gateway/client_socket.h — the listener's side of a connection: a blocking TCP stream whose
// reads give up at a deadline (not per read: a slowloris client sending one byte every few
// seconds must not extend it) and whose writes give up after a fixed per-write timeout.
// Asio's synchronous reads ignore SO_RCVTIMEO (on EAGAIN they poll without a timeout), so, as
// in timed_socket.h, reads and writes are direct system calls. It models Asio's
// SyncReadStream/SyncWriteStream, so Beast's http::read/write and ssl::stream work on top.
//
// Cost: the kernel timeout is only re-armed (one setsockopt) when the armed value would
// overshoot the deadline by more than kSlackMs, or after it fired early. A keep-alive loop
// that alternates the idle deadline (set before the wait) with a header deadline that is
// rarely read under (the whole request usually arrives in the first read) makes no extra call.
#pragma once

#include <chrono>
#include <cstdint>
#include <boost/asio/ip/tcp.hpp>

#include "gateway/socket_io.h"

namespace bulwark::gateway {

class ClientSocket : public socket_io::ThrowingOverloads<ClientSocket> {
 public:
  using tcp = boost::asio::ip::tcp;
  using executor_type = tcp::socket::executor_type;
  using lowest_layer_type = tcp::socket::lowest_layer_type;
  using clock = std::chrono::steady_clock;
  using socket_io::ThrowingOverloads<ClientSocket>::read_some;
  using socket_io::ThrowingOverloads<ClientSocket>::write_some;
  static constexpr uint32_t kSlackMs = 20;

  // write_timeout_ms: each write wait; reads have no deadline until read_within().
  ClientSocket(tcp::socket& socket, uint32_t write_timeout_ms) : sock_(socket) {
    boost::system::error_code ec;
    sock_.non_blocking(false, ec);
    socket_io::set_timeout(sock_.native_handle(), SO_SNDTIMEO, write_timeout_ms == 0 ? 1 : write_timeout_ms);
    armed_ms_ = 0;   // SO_RCVTIMEO 0 = no timeout (the accept default)
  }

  // Reads from now on fail with timed_out once ms have passed.
  void read_within(uint32_t ms) {
    deadline_ = clock::now() + std::chrono::milliseconds(ms);
    has_deadline_ = true;
  }
  // True when the last failed read failed because the deadline passed.
  bool deadline_passed() const { return timed_out_; }

  executor_type get_executor() { return sock_.get_executor(); }
  lowest_layer_type& lowest_layer() { return sock_.lowest_layer(); }
  tcp::socket& socket() { return sock_; }

  template <class Buffers>
  size_t read_some(const Buffers& b, boost::system::error_code& ec) {
    iovec iov[socket_io::kMaxIov];
    size_t n = 0;
    ec = {};
    timed_out_ = false;
    if (socket_io::to_iovec<boost::asio::mutable_buffer>(b, iov, n) == 0) return 0;
    msghdr m{};
    m.msg_iov = iov;
    m.msg_iovlen = n;
    for (;;) {
      if (has_deadline_) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline_ - clock::now()).count();
        if (left <= 0) {
          timed_out_ = true;
          ec = boost::asio::error::timed_out;
          return 0;
        }
        // 0 armed means "wait forever": always re-arm then.
        if (armed_ms_ == 0 || armed_ms_ > static_cast<uint64_t>(left) + kSlackMs) arm(static_cast<uint32_t>(left));
      }
      ssize_t r = ::recvmsg(sock_.native_handle(), &m, 0);
      if (r > 0) return static_cast<size_t>(r);
      if (r == 0) {
        ec = boost::asio::error::eof;
        return 0;
      }
      if (errno == EINTR) continue;
      if ((errno == EAGAIN || errno == EWOULDBLOCK) && has_deadline_) {
        armed_ms_ = UINT32_MAX;   // fired before the deadline (armed for an earlier, shorter one): re-arm
        continue;
      }
      socket_io::set_error(ec);
      return 0;
    }
  }
  template <class Buffers>
  size_t write_some(const Buffers& b, boost::system::error_code& ec) {
    return socket_io::write_some(sock_.native_handle(), b, ec);
  }

 private:
  void arm(uint32_t ms) {
    socket_io::set_timeout(sock_.native_handle(), SO_RCVTIMEO, ms);
    armed_ms_ = ms;
  }

  tcp::socket& sock_;
  clock::time_point deadline_{};
  bool has_deadline_ = false;
  bool timed_out_ = false;
  uint64_t armed_ms_ = 0;
};

}  // namespace bulwark::gateway
