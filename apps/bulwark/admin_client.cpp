#include "admin_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

namespace bulwark::cli {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

Result<AdminReply> admin_call(const std::string& server, const std::string& method, const std::string& path,
                              const std::string& key, const std::string& body, const std::string& content_type,
                              int timeout_s) {
  std::string rest = server;
  if (rest.rfind("https://", 0) == 0)
    return invalid_argument("--server " + server + ": the CLI speaks plain http only; call the admin API with curl over https");
  if (rest.rfind("http://", 0) == 0) rest = rest.substr(7);
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  std::string host = rest, port = "80";
  if (size_t colon = rest.rfind(':'); colon != std::string::npos && rest.find(']', colon) == std::string::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty() || port.empty()) return invalid_argument("--server " + server + ": expected http://HOST:PORT");
  try {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(timeout_s));
    tcp::resolver resolver(io);
    beast::error_code ec;
    auto endpoints = resolver.resolve(host, port, ec);
    if (ec) return Status(StatusCode::kUnavailable, "cannot reach " + server + ": " + ec.message());
    stream.connect(endpoints, ec);
    if (ec) return Status(StatusCode::kUnavailable, "cannot reach " + server + ": " + ec.message());
    http::verb verb = http::string_to_verb(method);
    http::request<http::string_body> req{verb, path, 11};
    req.set(http::field::host, host);
    req.set(http::field::authorization, "Bearer " + key);
    req.set(http::field::user_agent, "bulwark-cli");
    if (!body.empty()) {
      req.set(http::field::content_type, content_type);
      req.body() = body;
    }
    req.prepare_payload();
    http::write(stream, req, ec);
    if (ec) return Status(StatusCode::kUnavailable, "cannot reach " + server + ": " + ec.message());
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(stream, buffer, parser, ec);
    if (ec) return Status(StatusCode::kUnavailable, "no answer from " + server + ": " + ec.message());
    AdminReply r;
    r.status = static_cast<int>(parser.get().result_int());
    r.body = parser.get().body();
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return r;
  } catch (const std::exception& e) {
    return Status(StatusCode::kUnavailable, "cannot reach " + server + ": " + e.what());
  }
}

namespace {
std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}
}  // namespace

std::string default_admin_server() { return env_or("BULWARK_SERVER", "http://127.0.0.1:8080"); }
std::string default_admin_key() { return env_or("BULWARK_ADMIN_KEY", env_or("BULWARK_MASTER_KEY", "")); }

int print_refusal(const std::string& command, const AdminReply& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  std::string msg = r.body;
  if (!j.is_discarded() && j.contains("error") && j["error"].contains("message") && j["error"]["message"].is_string())
    msg = j["error"]["message"];
  std::cerr << "bulwark " << command << ": " << r.status << ": " << msg << "\n";
  return (r.status == 401 || r.status == 403 || r.status >= 500) ? 2 : 1;
}

}  // namespace bulwark::cli
