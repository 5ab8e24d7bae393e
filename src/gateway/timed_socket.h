// gateway/timed_socket.h — a blocking TCP stream whose every read and write gives up after a
// timeout. Asio's synchronous operations ignore SO_RCVTIMEO/SO_SNDTIMEO: on EAGAIN they poll
// with no timeout, so a silent peer would hold the thread forever. Here the socket is put in
// non-blocking mode and each wait is a poll() bounded by the timeout. It models Asio's
// SyncReadStream/SyncWriteStream, so Beast's http::read/write and ssl::stream work on top of it.
#pragma once

#include <poll.h>

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

  TimedSocket(tcp::socket socket, uint32_t timeout_ms) : sock_(std::move(socket)), timeout_ms_(timeout_ms) {
    boost::system::error_code ec;
    sock_.non_blocking(true, ec);
  }

  executor_type get_executor() { return sock_.get_executor(); }
  lowest_layer_type& lowest_layer() { return sock_.lowest_layer(); }
  tcp::socket& socket() { return sock_; }

  template <class Buffers>
  size_t read_some(const Buffers& b, boost::system::error_code& ec) {
    for (;;) {
      size_t n = sock_.read_some(b, ec);
      if (ec != boost::asio::error::would_block && ec != boost::asio::error::try_again) return n;
      if (!wait(POLLIN, ec)) return 0;
    }
  }
  template <class Buffers>
  size_t write_some(const Buffers& b, boost::system::error_code& ec) {
    for (;;) {
      size_t n = sock_.write_some(b, ec);
      if (ec != boost::asio::error::would_block && ec != boost::asio::error::try_again) return n;
      if (!wait(POLLOUT, ec)) return 0;
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
  bool wait(short events, boost::system::error_code& ec) {
    pollfd p{sock_.native_handle(), events, 0};
    int r;
    do r = ::poll(&p, 1, static_cast<int>(timeout_ms_));
    while (r < 0 && errno == EINTR);
    if (r == 0) {
      ec = boost::asio::error::timed_out;
      return false;
    }
    if (r < 0) {
      ec.assign(errno, boost::system::system_category());
      return false;
    }
    ec = {};
    return true;
  }

  tcp::socket sock_;
  uint32_t timeout_ms_;
};

}  // namespace bulwark::gateway
