#include "gateway/upstream.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace bulwark::gateway {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

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
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    u.host = authority.substr(0, colon);
    u.port = authority.substr(colon + 1);
  } else {
    u.host = authority;
    u.port = u.scheme == "https" ? "443" : "80";
  }
  if (u.host.empty()) return invalid_argument("upstream URL '" + url + "' has no host");
  return u;
}

UpstreamClient::UpstreamClient(UpstreamConfig config) : config_(std::move(config)) {
  const std::string base = config_.azure_endpoint.empty() ? config_.url : config_.azure_endpoint;
  auto u = parse_url(base);
  if (u.ok()) {
    url_ = *u;
    if (url_.scheme != "http")
      url_status_ = invalid_argument("upstream scheme '" + url_.scheme +
                                     "' is not supported by this build (http only; put a TLS sidecar in front)");
  } else {
    url_status_ = u.status();
  }
}

Status UpstreamClient::check() const { return url_status_; }

std::string UpstreamClient::target_for(const std::string& path) const {
  if (!config_.azure_endpoint.empty())
    return url_.base_path + "/openai/deployments/" + config_.azure_deployment + path +
           "?api-version=" + config_.azure_api_version;
  return url_.base_path + path;
}

namespace {

void set_timeouts(tcp::socket& s, uint32_t ms) {
  timeval tv{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
  setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(s.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

}  // namespace

Result<UpstreamReply> UpstreamClient::request(const std::string& method, const std::string& path,
                                              const std::string& body) const {
  if (!url_status_.ok()) return url_status_;
  UpstreamReply out;
  bool started = false;
  Status st = stream(
      path, body,
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
  (void)method;
  if (!st.ok()) return st;
  if (!started) return Status(StatusCode::kUnavailable, "upstream sent no response");
  return out;
}

Status UpstreamClient::stream(const std::string& path, const std::string& body,
                              const std::function<bool(int, const std::string&)>& on_start,
                              const std::function<bool(std::string_view)>& on_data) const {
  if (!url_status_.ok()) return url_status_;
  try {
    net::io_context ioc;
    tcp::resolver resolver(ioc);
    tcp::socket socket(ioc);
    beast::error_code ec;
    auto results = resolver.resolve(url_.host, url_.port, ec);
    if (ec) return Status(StatusCode::kUnavailable, "upstream resolve " + url_.host + ": " + ec.message());
    net::connect(socket, results, ec);
    if (ec) return Status(StatusCode::kUnavailable, "upstream connect " + url_.host + ":" + url_.port + ": " + ec.message());
    set_timeouts(socket, config_.timeout_ms);
    socket.set_option(tcp::no_delay(true), ec);   // small request/response pairs: no Nagle stalls

    http::request<http::string_body> req{body.empty() ? http::verb::get : http::verb::post, target_for(path), 11};
    req.set(http::field::host, url_.host);
    req.set(http::field::user_agent, "bulwark-gateway");
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    if (!config_.api_key.empty()) {
      if (!config_.azure_endpoint.empty()) req.set("api-key", config_.api_key);
      else req.set(http::field::authorization, "Bearer " + config_.api_key);
    }
    req.body() = body;
    req.prepare_payload();
    http::write(socket, req, ec);
    if (ec) return Status(StatusCode::kUnavailable, "upstream write: " + ec.message());

    beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(std::uint64_t{1} << 40);   // not boost::none: Beast 1.74 compares len_ > none as true
    http::read_header(socket, buffer, parser, ec);
    if (ec) return Status(StatusCode::kUnavailable, "upstream read: " + ec.message());
    if (!on_start(static_cast<int>(parser.get().result_int()),
                  std::string(parser.get()[http::field::content_type])))
      return Status::Ok();
    char chunk[16384];
    while (!parser.is_done()) {
      parser.get().body().data = chunk;
      parser.get().body().size = sizeof chunk;
      http::read(socket, buffer, parser, ec);
      if (ec == http::error::need_buffer) ec = {};
      if (ec && ec != http::error::end_of_stream) return Status(StatusCode::kUnavailable, "upstream read: " + ec.message());
      const size_t n = sizeof chunk - parser.get().body().size;
      if (n && !on_data(std::string_view(chunk, n))) break;
      if (ec == http::error::end_of_stream) break;
    }
    socket.shutdown(tcp::socket::shutdown_both, ec);
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status(StatusCode::kUnavailable, std::string("upstream: ") + e.what());
  }
}

}  // namespace bulwark::gateway
