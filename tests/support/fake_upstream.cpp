#include "support/fake_upstream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

namespace bulwark::testing {

using nlohmann::json;

// One accepted connection, plain or TLS.
struct FakeIo {
  int fd = -1;
  SSL* ssl = nullptr;
  std::string in;   // received, not yet consumed
  ssize_t recv(char* buf, size_t n) {
    if (ssl) {
      int r = SSL_read(ssl, buf, static_cast<int>(n));
      return r > 0 ? r : 0;
    }
    return ::recv(fd, buf, n, 0);
  }
  bool readable(int ms) {
    if (ssl && SSL_pending(ssl) > 0) return true;   // decrypted bytes that poll() cannot see
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
  }
};

namespace {

void send_all(FakeIo& io, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = io.ssl ? SSL_write(io.ssl, s.data() + off, static_cast<int>(s.size() - off))
                       : ::send(io.fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

std::string chunk(const std::string& data) {
  char len[32];
  std::snprintf(len, sizeof len, "%zx\r\n", data.size());
  return len + data + "\r\n";
}

}  // namespace

bool FakeUpstream::start() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) return false;
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return false;
  if (::listen(listen_fd_, 64) != 0) return false;
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { loop(); });
  return true;
}

void FakeUpstream::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(threads_mu_);
    for (auto& t : conn_threads_)
      if (t.joinable()) t.join();
    conn_threads_.clear();
  }
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
  if (tls_ctx_) SSL_CTX_free(static_cast<SSL_CTX*>(tls_ctx_));
  tls_ctx_ = nullptr;
}

bool FakeUpstream::enable_tls(const std::string& cert_file, const std::string& key_file) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) return false;
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    SSL_CTX_free(ctx);
    return false;
  }
  tls_ctx_ = ctx;
  return true;
}

void FakeUpstream::set_reply(std::string content) {
  std::lock_guard lock(mu_);
  reply_ = std::move(content);
}

void FakeUpstream::set_tool_call(std::string name, std::string arguments) {
  std::lock_guard lock(mu_);
  tool_name_ = std::move(name);
  tool_args_ = std::move(arguments);
}

std::string FakeUpstream::last_request_body() const {
  std::lock_guard lock(mu_);
  return last_body_;
}
std::string FakeUpstream::last_authorization() const {
  std::lock_guard lock(mu_);
  return last_auth_;
}

std::string FakeUpstream::last_request_head() const {
  std::lock_guard lock(mu_);
  return last_head_;
}

void FakeUpstream::loop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    // CLOEXEC: tests fork curl while connections are open; a child holding a copy of the socket
    // would keep it open after we close it.
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    accepted_++;
    if (keep_alive_) {
      std::lock_guard lock(threads_mu_);
      conn_threads_.emplace_back([this, fd] {
        serve(fd);
        ::close(fd);
      });
    } else {
      serve(fd);
      ::close(fd);
    }
  }
}

void FakeUpstream::serve(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  FakeIo io;
  io.fd = fd;
  if (tls_ctx_) {
    io.ssl = SSL_new(static_cast<SSL_CTX*>(tls_ctx_));
    SSL_set_fd(io.ssl, fd);
    timeval tv{5, 0};   // a client that never finishes the handshake must not hang the test
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (SSL_accept(io.ssl) != 1) {
      SSL_free(io.ssl);
      return;
    }
  }
  while (serve_one(io) && keep_alive_ && !stop_) {
  }
  if (io.ssl) {
    SSL_shutdown(io.ssl);
    SSL_free(io.ssl);
  }
  ::shutdown(fd, SHUT_RDWR);
}

bool FakeUpstream::serve_one(FakeIo& io) {
  std::string& in = io.in;
  char buf[8192];
  size_t header_end = std::string::npos;
  size_t content_length = 0;
  const int idle_ms = keep_alive_ ? idle_close_ms_ : 5000;
  auto waited = std::chrono::steady_clock::now();
  for (;;) {
    if (header_end == std::string::npos) {
      header_end = in.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string lower = in.substr(0, header_end);
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t cl = lower.find("content-length:");
        if (cl != std::string::npos) content_length = std::strtoul(lower.c_str() + cl + 15, nullptr, 10);
      }
    }
    if (header_end != std::string::npos && in.size() >= header_end + 4 + content_length) break;
    if (!io.readable(50)) {
      if (stop_ || std::chrono::steady_clock::now() - waited > std::chrono::milliseconds(idle_ms)) return false;
      continue;
    }
    ssize_t n = io.recv(buf, sizeof buf);
    if (n <= 0) return false;
    in.append(buf, static_cast<size_t>(n));
  }
  const std::string head = in.substr(0, header_end);
  const std::string body = in.substr(header_end + 4, content_length);
  in.erase(0, header_end + 4 + content_length);
  requests_++;
  if (drop_next_.load() > 0) {
    drop_next_--;
    return false;   // read the request, then close without a reply
  }
  const std::string conn_header = keep_alive_ ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
  std::string auth;
  {
    std::string lower = head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t a = lower.find("\r\nauthorization:");
    if (a != std::string::npos) {
      size_t start = a + 16, end = head.find("\r\n", start);
      auth = head.substr(start, end - start);
      while (!auth.empty() && auth.front() == ' ') auth.erase(0, 1);
    }
  }
  std::string reply, tool_name, tool_args;
  size_t chunk_chars;
  {
    std::lock_guard lock(mu_);
    last_body_ = body;
    last_auth_ = auth;
    last_head_ = head;
    reply = reply_;
    tool_name = tool_name_;
    tool_args = tool_args_;
    chunk_chars = chunk_chars_ ? chunk_chars_ : 8;
  }
  if (head.rfind("GET ", 0) == 0 && head.find("/models") != std::string::npos) {
    std::string j = R"({"object":"list","data":[{"id":"gpt-test","object":"model","created":0,"owned_by":"fake"},)"
                    R"({"id":"gpt-other","object":"model","created":0,"owned_by":"fake"}]})";
    send_all(io, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + conn_header + "Content-Length: " +
                     std::to_string(j.size()) + "\r\n\r\n" + j);
    return true;
  }
  completions_++;
  json req = json::parse(body, nullptr, false);
  const bool stream = req.is_object() && req.value("stream", false);
  const std::string model = req.is_object() ? req.value("model", "gpt-test") : "gpt-test";
  if (!stream) {
    json msg = {{"role", "assistant"}, {"content", reply}};
    if (!tool_name.empty())
      msg["tool_calls"] = json::array({{{"id", "call_1"}, {"type", "function"},
                                        {"function", {{"name", tool_name}, {"arguments", tool_args}}}}});
    json resp = {{"id", "chatcmpl-fake"}, {"object", "chat.completion"}, {"created", 1700000000}, {"model", model},
                 {"choices", json::array({{{"index", 0}, {"message", msg}, {"finish_reason", "stop"}}})},
                 {"usage", {{"prompt_tokens", 11}, {"completion_tokens", 7}, {"total_tokens", 18}}}};
    std::string j = resp.dump();
    send_all(io, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + conn_header + "Content-Length: " +
                     std::to_string(j.size()) + "\r\n\r\n" + j);
    return true;
  }
  send_all(io, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" + conn_header +
               "Transfer-Encoding: chunked\r\n\r\n");
  auto event = [&](const json& delta, const json& finish) {
    json c = {{"id", "chatcmpl-fake"}, {"object", "chat.completion.chunk"}, {"created", 1700000000}, {"model", model},
              {"choices", json::array({{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}})}};
    send_all(io, chunk("data: " + c.dump() + "\n\n"));
    if (int ms = chunk_delay_ms_.load(); ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  };
  event({{"role", "assistant"}, {"content", ""}}, nullptr);
  for (size_t i = 0; i < reply.size(); i += chunk_chars) event({{"content", reply.substr(i, chunk_chars)}}, nullptr);
  if (!tool_name.empty())
    event({{"tool_calls", json::array({{{"index", 0}, {"id", "call_1"}, {"type", "function"},
                                        {"function", {{"name", tool_name}, {"arguments", tool_args}}}}})}},
          nullptr);
  event(json::object(), "stop");
  if (req.contains("stream_options") && req["stream_options"].value("include_usage", false)) {
    json u = {{"id", "chatcmpl-fake"}, {"object", "chat.completion.chunk"}, {"created", 1700000000}, {"model", model},
              {"choices", json::array()},
              {"usage", {{"prompt_tokens", 11}, {"completion_tokens", 7}, {"total_tokens", 18}}}};
    send_all(io, chunk("data: " + u.dump() + "\n\n"));
  }
  send_all(io, chunk("data: [DONE]\n\n"));
  send_all(io, "0\r\n\r\n");
  return true;
}

}  // namespace bulwark::testing
