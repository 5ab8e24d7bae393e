#include "gateway/upstream.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "gateway/upstream_pool.h"

namespace bulwark::gateway {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
namespace ssl = net::ssl;

Result<ParsedUrl> parse_url(const std::string& url) {
  ParsedUrl u;
  size_t p = url.find("://");
  if (p == std::string::npos) return invalid_argument("upstream URL '" + url + "' has no scheme");
  u.scheme = url.substr(0, p);
  std::string rest = url.substr(p + 3);
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  u.base_path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!u.base_path.empty() && u.base_path.back() == '/') u.base_path.pop_back();
  u.port = u.scheme == "https" ? "443" : "80";
  const size_t close = authority.find(']');
  if (!authority.empty() && authority.front() == '[') {   // "[v6]" or "[v6]:port"; the host keeps its brackets
    if (close == std::string::npos) return invalid_argument("URL '" + url + "' has an unclosed IPv6 host");
    u.host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return invalid_argument("URL '" + url + "' has a bad IPv6 host");
      u.port = authority.substr(close + 2);
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string::npos) {
    u.host = authority.substr(0, colon);
    u.port = authority.substr(colon + 1);
  } else {
    u.host = authority;
  }
  if (u.host.empty() || u.host == "[]") return invalid_argument("upstream URL '" + url + "' has no host");
  if (u.port.empty() || u.port.find_first_not_of("0123456789") != std::string::npos)
    return invalid_argument("URL '" + url + "' has a bad port");
  return u;
}

struct UpstreamClient::Impl {
  net::io_context ioc;   // never run: only owns the sockets' executor for synchronous I/O
  std::unique_ptr<ssl::context> tls;
  ConnectionPool pool;
  Impl(size_t max_idle, uint32_t idle_ms) : pool(max_idle, idle_ms) {}
};

UpstreamClient::UpstreamClient(UpstreamConfig config)
    : config_(std::move(config)),
      impl_(std::make_unique<Impl>(config_.max_idle_connections, config_.idle_timeout_ms)) {
  const std::string base = config_.azure_endpoint.empty() ? config_.url : config_.azure_endpoint;
  auto u = parse_url(base);
  if (!u.ok()) {
    url_status_ = u.status();
    return;
  }
  url_ = *u;
  if (url_.scheme == "https") {
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
    beast::error_code ec;
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1, ec);
    if (config_.ca_file.empty()) ctx->set_default_verify_paths(ec);
    else ctx->load_verify_file(config_.ca_file, ec);
    if (ec) {
      url_status_ = invalid_argument("upstream TLS: cannot load " +
                                     (config_.ca_file.empty() ? std::string("the system CA store") : "upstream.ca_file '" + config_.ca_file + "'") +
                                     ": " + ec.message());
      return;
    }
    ctx->set_verify_mode(ssl::verify_peer, ec);
    impl_->tls = std::move(ctx);
  } else if (url_.scheme != "http") {
    url_status_ = invalid_argument("upstream scheme '" + url_.scheme + "' is not supported (http or https)");
  }
}

UpstreamClient::~UpstreamClient() = default;

Status UpstreamClient::check() const { return url_status_; }

UpstreamPoolStats UpstreamClient::pool_stats() const {
  const auto& p = impl_->pool;
  return {p.opened.load(), p.reused.load(), p.discarded_stale.load(), p.retried.load(), p.idle()};
}

std::string UpstreamClient::target_for(const std::string& path) const {
  if (!config_.azure_endpoint.empty())
    return url_.base_path + "/openai/deployments/" + config_.azure_deployment + path +
           "?api-version=" + config_.azure_api_version;
  std::string target = url_.base_path + path;
  return target.empty() ? "/" : target;
}

namespace {

std::string host_for_tls(const std::string& host) {   // "[::1]" → "::1"
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
  return host;
}

bool is_ip_literal(const std::string& host) {
  beast::error_code ec;
  net::ip::make_address(host, ec);
  return !ec;
}

// Connects to one of the resolved addresses within timeout_ms each.
Status connect_tcp(tcp::socket& sock, const tcp::resolver::results_type& results, uint32_t timeout_ms,
                   const std::string& where) {
  beast::error_code ec;
  for (const auto& r : results) {
    sock.close(ec);
    sock.open(r.endpoint().protocol(), ec);
    if (ec) continue;
    sock.non_blocking(true, ec);
    sock.connect(r.endpoint(), ec);
    if (ec == net::error::in_progress || ec == net::error::would_block) {
      pollfd p{sock.native_handle(), POLLOUT, 0};
      int n;
      do n = ::poll(&p, 1, static_cast<int>(timeout_ms));
      while (n < 0 && errno == EINTR);
      if (n == 0) {
        ec = net::error::timed_out;
      } else {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(sock.native_handle(), SOL_SOCKET, SO_ERROR, &err, &len);
        ec.assign(err, boost::system::system_category());
      }
    }
    if (!ec) {
      sock.set_option(tcp::no_delay(true), ec);   // small request/response pairs: no Nagle stalls
      return Status::Ok();
    }
  }
  return Status(StatusCode::kUnavailable, "upstream connect " + where + ": " + ec.message());
}

// How one attempt on one connection ended.
enum class Outcome {
  kDone,          // complete response; the connection may be reused if `reusable`
  kStopped,       // a callback asked to stop; the connection is closed
  kWriteFailed,   // the request did not get out whole: the upstream cannot have acted on it
  kNoResponse,    // sent, but the connection closed before any byte of a response
  kFailed,        // anything else (timeout, broken response): never retried
};

struct Attempt {
  Outcome outcome = Outcome::kFailed;
  bool reusable = false;
  std::string error;
};

bool closed_before_reply(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::broken_pipe || ec == ssl::error::stream_truncated;
}

template <class Stream>
Attempt exchange(Stream& s, beast::flat_buffer& buffer, const http::request<http::string_body>& req,
                 const std::function<bool(int, const std::string&)>& on_start,
                 const std::function<bool(std::string_view)>& on_data) {
  Attempt a;
  beast::error_code ec;
  http::write(s, req, ec);
  if (ec) {
    a.outcome = Outcome::kWriteFailed;
    a.error = "upstream write: " + ec.message();
    return a;
  }
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(std::uint64_t{1} << 40);   // not boost::none: Beast 1.74 compares len_ > none as true
  http::read_header(s, buffer, parser, ec);
  if (ec) {
    a.outcome = (!parser.got_some() && buffer.size() == 0 && closed_before_reply(ec)) ? Outcome::kNoResponse : Outcome::kFailed;
    a.error = "upstream read: " + ec.message();
    return a;
  }
  if (!on_start(static_cast<int>(parser.get().result_int()), std::string(parser.get()[http::field::content_type]))) {
    a.outcome = Outcome::kStopped;
    return a;
  }
  char chunk[16384];
  while (!parser.is_done()) {
    parser.get().body().data = chunk;
    parser.get().body().size = sizeof chunk;
    http::read(s, buffer, parser, ec);
    if (ec == http::error::need_buffer) ec = {};
    if (ec && ec != http::error::end_of_stream) {
      a.error = "upstream read: " + ec.message();
      return a;
    }
    const size_t n = sizeof chunk - parser.get().body().size;
    if (n && !on_data(std::string_view(chunk, n))) {
      a.outcome = Outcome::kStopped;
      return a;
    }
    if (ec == http::error::end_of_stream) break;
  }
  a.outcome = Outcome::kDone;
  a.reusable = parser.is_done() && parser.get().keep_alive() && buffer.size() == 0;
  return a;
}

}  // namespace

Result<UpstreamReply> UpstreamClient::request(const std::string& method, const std::string& path,
                                              const std::string& body, const Headers& headers) const {
  if (!url_status_.ok()) return url_status_;
  UpstreamReply out;
  bool started = false;
  Status st = send(
      method, path, body, headers,
      [&](int status, const std::string& ct) {
        started = true;
        out.status = status;
        out.content_type = ct;
        return true;
      },
      [&](std::string_view d) {
        out.body.append(d);
        return out.body.size() < (64u << 20);   // a runaway upstream must not exhaust memory
      });
  if (!st.ok()) return st;
  if (!started) return Status(StatusCode::kUnavailable, "upstream sent no response");
  return out;
}

Status UpstreamClient::stream(const std::string& path, const std::string& body,
                              const std::function<bool(int, const std::string&)>& on_start,
                              const std::function<bool(std::string_view)>& on_data) const {
  return send("POST", path, body, {}, on_start, on_data);
}

Result<std::unique_ptr<UpstreamConnection>> UpstreamClient::open_connection() const {
  const std::string where = url_.host + ":" + url_.port;
  beast::error_code ec;
  tcp::resolver resolver(impl_->ioc);
  auto results = resolver.resolve(host_for_tls(url_.host), url_.port, ec);
  if (ec) return Status(StatusCode::kUnavailable, "upstream resolve " + url_.host + ": " + ec.message());
  tcp::socket sock(impl_->ioc);
  BULWARK_RETURN_IF_ERROR(connect_tcp(sock, results, config_.timeout_ms, where));
  auto c = std::make_unique<UpstreamConnection>(TimedSocket(std::move(sock), config_.timeout_ms));
  if (impl_->tls) {
    c->tls = std::make_unique<ssl::stream<TimedSocket&>>(c->io, *impl_->tls);
    SSL* h = c->tls->native_handle();
    const std::string host = host_for_tls(url_.host);
    if (is_ip_literal(host)) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(h), host.c_str());
    } else {
      SSL_set_tlsext_host_name(h, host.c_str());   // SNI: only for names, never for IP literals
      SSL_set1_host(h, host.c_str());
    }
    c->tls->handshake(ssl::stream_base::client, ec);
    if (ec) {
      std::string why = ec.message();
      long v = SSL_get_verify_result(h);
      if (v != X509_V_OK) why += std::string(" (") + X509_verify_cert_error_string(v) + ")";
      return Status(StatusCode::kUnavailable, "upstream TLS handshake with " + where + ": " + why);
    }
  }
  impl_->pool.opened++;
  return c;
}

Status UpstreamClient::send(const std::string& method, const std::string& path, const std::string& body,
                            const Headers& headers, const std::function<bool(int, const std::string&)>& on_start,
                            const std::function<bool(std::string_view)>& on_data) const {
  if (!url_status_.ok()) return url_status_;
  const bool idempotent = method == "GET" || method == "HEAD";
  try {
    http::request<http::string_body> req{idempotent ? http::verb::get : http::verb::post, target_for(path), 11};
    req.set(http::field::host, url_.host);
    req.set(http::field::user_agent, "bulwark-gateway");
    if (!idempotent) req.set(http::field::content_type, "application/json");
    if (!config_.api_key.empty()) {
      if (!config_.azure_endpoint.empty()) req.set("api-key", config_.api_key);
      else req.set(http::field::authorization, "Bearer " + config_.api_key);
    }
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!idempotent) req.body() = body;
    req.keep_alive(true);
    req.prepare_payload();

    // At most one retry, and only after a failure on a reused connection (a stale keep-alive
    // connection that the upstream closed as we sent): the retry always opens a new one.
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<UpstreamConnection> conn = attempt == 0 ? impl_->pool.acquire() : nullptr;
      const bool reused = conn != nullptr;
      if (!conn) {
        auto fresh = open_connection();
        if (!fresh.ok()) return fresh.status();
        conn = std::move(*fresh);
      }
      conn->requests++;
      Attempt a = conn->tls ? exchange(*conn->tls, conn->buffer, req, on_start, on_data)
                            : exchange(conn->io, conn->buffer, req, on_start, on_data);
      if (a.outcome == Outcome::kDone || a.outcome == Outcome::kStopped) {
        if (a.reusable) impl_->pool.release(std::move(conn));
        return Status::Ok();
      }
      const bool retry = reused && attempt == 0 &&
                         (a.outcome == Outcome::kWriteFailed || (a.outcome == Outcome::kNoResponse && idempotent));
      if (!retry) return Status(StatusCode::kUnavailable, a.error);
      impl_->pool.retried++;
    }
  } catch (const std::exception& e) {
    return Status(StatusCode::kUnavailable, std::string("upstream: ") + e.what());
  }
}

}  // namespace bulwark::gateway
