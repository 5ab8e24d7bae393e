#include "gateway/server.h"

#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <iostream>
#include <system_error>

#include "gateway/client_socket.h"
#include "gateway/errors.h"

namespace bulwark::gateway {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

void set_timeouts(int fd, uint32_t recv_ms, uint32_t send_ms) {
  timeval r{static_cast<time_t>(recv_ms / 1000), static_cast<suseconds_t>((recv_ms % 1000) * 1000)};
  timeval s{static_cast<time_t>(send_ms / 1000), static_cast<suseconds_t>((send_ms % 1000) * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &r, sizeof r);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &s, sizeof s);
}

// Writes a handler's answer onto the connection: whole responses or chunked streams. Stream is
// the TCP socket or the TLS stream over it.
template <class Stream>
class SocketSink : public ResponseSink {
 public:
  SocketSink(Stream& sock, bool keep_alive, unsigned version)
      : sock_(sock), keep_alive_(keep_alive), version_(version) {}

  bool send(HttpResponse r) override {
    if (started_) return false;
    started_ = true;
    http::response<http::string_body> res{static_cast<http::status>(r.status), version_};
    res.set(http::field::server, "bulwark");
    if (r.status != 204) res.set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res.set(k, v);
    res.keep_alive(keep_alive_);
    res.body() = std::move(r.body);
    res.prepare_payload();
    beast::error_code ec;
    http::write(sock_, res, ec);
    failed_ = static_cast<bool>(ec);
    return !failed_;
  }

  bool begin_stream(int status, const std::string& content_type, Headers headers) override {
    if (started_) return false;
    started_ = true;
    streaming_ = true;
    http::response<http::empty_body> res{static_cast<http::status>(status), version_};
    res.set(http::field::server, "bulwark");
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, "no-cache");
    for (const auto& [k, v] : headers) res.set(k, v);
    res.keep_alive(keep_alive_);
    res.chunked(true);
    http::response_serializer<http::empty_body> sr{res};
    beast::error_code ec;
    http::write_header(sock_, sr, ec);
    failed_ = static_cast<bool>(ec);
    return !failed_;
  }

  bool write(std::string_view data) override {
    if (!streaming_ || failed_ || ended_) return false;
    if (data.empty()) return true;
    beast::error_code ec;
    net::write(sock_, http::make_chunk(net::const_buffer(data.data(), data.size())), ec);
    failed_ = static_cast<bool>(ec);
    return !failed_;
  }

  bool end_stream() override {
    if (!streaming_ || failed_ || ended_) return false;
    ended_ = true;
    beast::error_code ec;
    net::write(sock_, http::make_chunk_last(), ec);
    failed_ = static_cast<bool>(ec);
    return !failed_;
  }

  bool started() const override { return started_; }
  bool healthy() const { return !failed_ && (!streaming_ || ended_); }

 private:
  Stream& sock_;
  bool keep_alive_;
  unsigned version_;
  bool started_ = false, streaming_ = false, ended_ = false, failed_ = false;
};

HttpRequest to_request(const http::request<http::string_body>& r) {
  HttpRequest req;
  req.method = std::string(r.method_string());
  req.target = std::string(r.target());
  size_t q = req.target.find('?');
  req.path = req.target.substr(0, q);
  if (q != std::string::npos) req.query = parse_query(std::string_view(req.target).substr(q + 1));
  for (const auto& f : r) {
    std::string name(f.name_string());
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    req.headers[name] = std::string(f.value());
  }
  req.body = r.body();
  return req;
}

Face face_for_target(std::string_view target) {
  return target.rfind("/contentsafety", 0) == 0 ? Face::kAzure : Face::kOpenAI;
}

template <class Stream>
void write_plain(Stream& sock, HttpResponse r) {
  SocketSink<Stream> sink(sock, false, 11);
  sink.send(std::move(r));
}

}  // namespace

struct Server::Impl {
  Gateway& gateway;
  GatewayConfig config;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::thread accept_thread;
  std::mutex mu;
  std::condition_variable cv;
  struct Conn {
    int fd;
    bool idle;
  };
  std::map<uint64_t, Conn> conns;
  uint64_t next_id = 0;
  bool draining = false;
  std::unique_ptr<net::ssl::context> tls;   // set when tls.cert_file is configured

  Impl(Gateway& g, const GatewayConfig& c) : gateway(g), config(c) {}

  void accept_loop() {
    for (;;) {
      beast::error_code ec;
      tcp::socket sock(ioc);
      acceptor.accept(sock, ec);
      {
        std::lock_guard lock(mu);
        if (draining) return;
      }
      if (ec) {
        if (ec == net::error::bad_descriptor || ec == net::error::invalid_argument) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));   // EMFILE and friends
        continue;
      }
      uint64_t id;
      {
        std::lock_guard lock(mu);
        if (conns.size() >= config.limits.max_connections) {
          gateway.state().metrics.connections_rejected++;
          set_timeouts(sock.native_handle(), 1000, 1000);
          // A TLS client could not read a plain answer: it only sees the connection close.
          if (!tls) write_plain(sock, face_error(Face::kOpenAI, 503, "too many connections"));
          continue;
        }
        id = ++next_id;
        conns[id] = {sock.native_handle(), true};
      }
      gateway.state().metrics.connections_active++;
      try {
        std::thread([this, id, s = std::move(sock)]() mutable { session(id, std::move(s)); }).detach();
      } catch (const std::system_error&) {   // no thread for it: refuse this connection, keep accepting
        gateway.state().metrics.connections_active--;
        gateway.state().metrics.connections_rejected++;
        std::lock_guard lock(mu);
        conns.erase(id);
      }
    }
  }

  // True when the connection may read its next request (not draining).
  bool set_idle(uint64_t id, bool idle) {
    std::lock_guard lock(mu);
    conns[id].idle = idle;
    return !(idle && draining);
  }

  void session(uint64_t id, tcp::socket sock) {
    try {
      ClientSocket client(sock, config.limits.request_timeout_ms);
      // A fresh connection's first request (and the TLS handshake before it) must arrive within
      // the header timeout, counted from the accept.
      client.read_within(config.limits.header_timeout_ms);
      if (tls) {
        net::ssl::stream<ClientSocket&> stream(client, *tls);
        beast::error_code ec;
        stream.handshake(net::ssl::stream_base::server, ec);
        if (!ec) serve(id, stream, client);
        // No TLS close_notify exchange: it would wait for the peer; closing the socket suffices.
      } else {
        serve(id, client, client);
      }
    } catch (const std::exception& e) {
      std::cerr << "bulwark serve: connection error: " << e.what() << "\n";
    } catch (...) {
    }
    beast::error_code ec;
    sock.shutdown(tcp::socket::shutdown_both, ec);
    sock.close(ec);
    gateway.state().metrics.connections_active--;
    // Last touch of shared state, under the lock: drain() may destroy the server as soon as
    // it sees no connections, so nothing may follow the unlock.
    std::lock_guard lock(mu);
    conns.erase(id);
    cv.notify_all();
  }

  template <class Stream>
  void serve(uint64_t id, Stream& sock, ClientSocket& client) {
    const auto& L = config.limits;
    beast::error_code nd;
    client.socket().set_option(tcp::no_delay(true), nd);   // responses and SSE chunks leave at once
    beast::flat_buffer buffer;
    for (bool first = true;; first = false) {
      if (!set_idle(id, true)) return;
      beast::error_code ec;
      if (buffer.size() == 0) {
        // Waiting for the next request: a keep-alive connection idle past idle_timeout_ms (a
        // fresh one past header_timeout_ms, set by session()) closes without an answer.
        if (!first) client.read_within(L.idle_timeout_ms);
        size_t n = sock.read_some(buffer.prepare(beast::read_size(buffer, 65536)), ec);
        buffer.commit(n);
        if (ec) return;
      }
      // The rest of the header is due header_timeout_ms after its first bytes.
      if (!first) client.read_within(L.header_timeout_ms);
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<uint32_t>(std::min<size_t>(L.max_header_bytes, UINT32_MAX)));
      parser.body_limit(L.max_body_bytes);
      http::read_header(sock, buffer, parser, ec);
      if (!set_idle(id, false) && !ec) { /* a request arrived as draining began: answer it */ }
      if (ec && client.deadline_passed()) {
        gateway.state().metrics.requests_timed_out++;
        write_plain(sock, face_error(Face::kOpenAI, 408, "request header not received within " +
                                                             std::to_string(L.header_timeout_ms) + " ms"));
        return;
      }
      if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
          ec == net::error::would_block || ec == net::error::try_again || ec == net::error::timed_out)
        return;
      if (ec == http::error::body_limit) {   // Content-Length over the limit, seen with the header
        const auto tgt = parser.get().target();
        write_plain(sock, face_error(face_for_target(std::string_view(tgt.data(), tgt.size())), 413,
                                     "request body exceeds the limit of " + std::to_string(L.max_body_bytes) + " bytes"));
        return;
      }
      if (ec == http::error::header_limit) {
        write_plain(sock, face_error(Face::kOpenAI, 431, "request header fields too large"));
        return;
      }
      if (ec) {
        if (buffer.size() > 0 || parser.got_some())
          write_plain(sock, face_error(Face::kOpenAI, 400, "malformed HTTP request: " + ec.message()));
        return;
      }
      const auto tgt = parser.get().target();
      const Face face = face_for_target(std::string_view(tgt.data(), tgt.size()));
      if (auto len = parser.content_length(); len && *len > L.max_body_bytes) {
        write_plain(sock, face_error(face, 413, "request body exceeds the limit of " + std::to_string(L.max_body_bytes) + " bytes"));
        return;
      }
      if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
        http::response<http::empty_body> cont{http::status::continue_, 11};
        http::write(sock, cont, ec);
        if (ec) return;
      }
      client.read_within(L.body_timeout_ms);
      http::read(sock, buffer, parser, ec);
      if (ec && client.deadline_passed()) {
        gateway.state().metrics.requests_timed_out++;
        write_plain(sock, face_error(face, 408, "request body not received within " + std::to_string(L.body_timeout_ms) + " ms"));
        return;
      }
      if (ec == http::error::body_limit) {
        write_plain(sock, face_error(face, 413, "request body exceeds the limit of " + std::to_string(L.max_body_bytes) + " bytes"));
        return;
      }
      if (ec) {
        if (ec != http::error::end_of_stream && ec != net::error::would_block && ec != net::error::try_again)
          write_plain(sock, face_error(face, 400, "malformed HTTP request: " + ec.message()));
        return;
      }
      const auto& msg = parser.get();
      bool keep_alive = msg.keep_alive();
      {
        std::lock_guard lock(mu);
        if (draining) keep_alive = false;
      }
      HttpRequest req = to_request(msg);
      SocketSink<Stream> sink(sock, keep_alive, msg.version());
      gateway.handle(req, sink);
      if (!keep_alive || !sink.healthy()) return;
    }
  }
};

Server::Server(Gateway& gateway, const GatewayConfig& config) : impl_(std::make_unique<Impl>(gateway, config)) {}

Server::~Server() {
  if (impl_->accept_thread.joinable()) drain();
}

Status Server::start() {
  beast::error_code ec;
  const auto& T = impl_->config.tls;
  if (!T.cert_file.empty()) {
    auto ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                     net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 |
                     net::ssl::context::single_dh_use, ec);
    if (!ec) ctx->use_certificate_chain_file(T.cert_file, ec);
    if (ec) return invalid_argument("tls.cert_file: " + T.cert_file + ": " + ec.message());
    ctx->use_private_key_file(T.key_file, net::ssl::context::pem, ec);
    if (ec) return invalid_argument("tls.key_file: " + T.key_file + ": " + ec.message());
    impl_->tls = std::move(ctx);
  }
  auto addr = net::ip::make_address(impl_->config.listen_host, ec);
  if (ec) return invalid_argument("listen: bad address '" + impl_->config.listen_host + "': " + ec.message());
  tcp::endpoint ep(addr, impl_->config.listen_port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return Status(StatusCode::kUnavailable, "listen on " + impl_->config.listen_host + ":" +
                                                std::to_string(impl_->config.listen_port) + ": " + ec.message());
  port_ = a.local_endpoint().port();
  impl_->accept_thread = std::thread([this] { impl_->accept_loop(); });
  return Status::Ok();
}

int Server::drain() {
  auto& I = *impl_;
  {
    std::lock_guard lock(I.mu);
    if (I.draining && !I.accept_thread.joinable()) return static_cast<int>(I.conns.size());
    I.draining = true;
    // Wake idle keep-alive connections so that they close now; busy ones finish their request.
    for (const auto& [id, c] : I.conns)
      if (c.idle) ::shutdown(c.fd, SHUT_RD);
  }
  I.gateway.state().draining = true;
  ::shutdown(I.acceptor.native_handle(), SHUT_RDWR);   // wakes the blocked accept()
  if (I.accept_thread.joinable()) I.accept_thread.join();
  beast::error_code ec;
  I.acceptor.close(ec);
  std::unique_lock lock(I.mu);
  I.cv.wait_for(lock, std::chrono::milliseconds(I.config.limits.drain_timeout_ms), [&] { return I.conns.empty(); });
  return static_cast<int>(I.conns.size());
}

void block_shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);   // a client that hangs up must not kill the process
}

int wait_for_shutdown_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

}  // namespace bulwark::gateway
