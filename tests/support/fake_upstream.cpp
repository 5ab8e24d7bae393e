#include "support/fake_upstream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

namespace bulwark::testing {

using nlohmann::json;

namespace {

void send_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
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
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
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

void FakeUpstream::loop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    serve(fd);
    ::close(fd);
  }
}

void FakeUpstream::serve(int fd) {
  std::string in;
  char buf[8192];
  size_t header_end = std::string::npos;
  size_t content_length = 0;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    in.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = in.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      std::string lower = in.substr(0, header_end);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t cl = lower.find("content-length:");
      if (cl != std::string::npos) content_length = std::strtoul(lower.c_str() + cl + 15, nullptr, 10);
    }
    if (in.size() >= header_end + 4 + content_length) break;
  }
  const std::string head = in.substr(0, header_end);
  const std::string body = in.substr(header_end + 4, content_length);
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
    reply = reply_;
    tool_name = tool_name_;
    tool_args = tool_args_;
    chunk_chars = chunk_chars_ ? chunk_chars_ : 8;
  }
  if (head.rfind("GET ", 0) == 0 && head.find("/models") != std::string::npos) {
    std::string j = R"({"object":"list","data":[{"id":"gpt-test","object":"model","created":0,"owned_by":"fake"},)"
                    R"({"id":"gpt-other","object":"model","created":0,"owned_by":"fake"}]})";
    send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                     std::to_string(j.size()) + "\r\n\r\n" + j);
    return;
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
    send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                     std::to_string(j.size()) + "\r\n\r\n" + j);
    return;
  }
  send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n"
               "Transfer-Encoding: chunked\r\n\r\n");
  auto event = [&](const json& delta, const json& finish) {
    json c = {{"id", "chatcmpl-fake"}, {"object", "chat.completion.chunk"}, {"created", 1700000000}, {"model", model},
              {"choices", json::array({{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}})}};
    send_all(fd, chunk("data: " + c.dump() + "\n\n"));
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
    send_all(fd, chunk("data: " + u.dump() + "\n\n"));
  }
  send_all(fd, chunk("data: [DONE]\n\n"));
  send_all(fd, "0\r\n\r\n");
}

}  // namespace bulwark::testing
