#include "respond/http_post.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>
#include <memory>

namespace bulwark::respond {

Result<HttpTarget> parse_http_url(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) return invalid_argument("webhook url must start with http://: " + url);
  std::string rest = url.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  HttpTarget t;
  t.path = slash == std::string::npos ? "/" : rest.substr(slash);
  t.port = "80";
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) return invalid_argument("bad IPv6 host in " + url);
    t.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') t.port = authority.substr(close + 2);
  } else {
    size_t colon = authority.rfind(':');
    t.host = authority.substr(0, colon);
    if (colon != std::string::npos) t.port = authority.substr(colon + 1);
  }
  if (t.host.empty() || t.port.empty()) return invalid_argument("bad webhook url: " + url);
  return t;
}

namespace {
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};
}  // namespace

Result<int> http_post(const HttpTarget& t, const std::vector<std::pair<std::string, std::string>>& headers,
                      const std::string& body, uint32_t timeout_ms) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(t.host.c_str(), t.port.c_str(), &hints, &res); rc != 0)
    return Status(StatusCode::kUnavailable, "resolve " + t.host + ": " + gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(res, ::freeaddrinfo);
  timeval tv{static_cast<time_t>(timeout_ms / 1000), static_cast<suseconds_t>((timeout_ms % 1000) * 1000)};
  int fd = -1;
  std::string last_err = "no address";
  for (addrinfo* a = res; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);   // also bounds connect()
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    last_err = std::strerror(errno);
    ::close(fd);
    fd = -1;
  }
  if (fd < 0) return Status(StatusCode::kUnavailable, "connect " + t.host + ":" + t.port + ": " + last_err);
  FdCloser closer{fd};
  std::string req = "POST " + t.path + " HTTP/1.1\r\nHost: " + t.host + ":" + t.port +
                    "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  req += "\r\n";
  req += body;
  size_t off = 0;
  while (off < req.size()) {
    ssize_t n = ::send(fd, req.data() + off, req.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return Status(StatusCode::kUnavailable, std::string("send: ") + std::strerror(errno));
    off += static_cast<size_t>(n);
  }
  // Only the status line matters; read until it is complete.
  std::string head;
  char buf[1024];
  while (head.find("\r\n") == std::string::npos && head.size() < 8192) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return Status(StatusCode::kUnavailable, "no HTTP response from " + t.host + ":" + t.port);
    head.append(buf, static_cast<size_t>(n));
  }
  // "HTTP/1.1 200 OK"
  size_t sp = head.find(' ');
  if (head.rfind("HTTP/", 0) != 0 || sp == std::string::npos || sp + 4 > head.size())
    return Status(StatusCode::kUnavailable, "malformed HTTP response from " + t.host + ":" + t.port);
  int code = std::atoi(head.c_str() + sp + 1);
  if (code < 100 || code > 599) return Status(StatusCode::kUnavailable, "bad HTTP status from " + t.host);
  return code;
}

}  // namespace bulwark::respond
