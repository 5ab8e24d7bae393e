// tests/support/fake_upstream.h — a tiny OpenAI-compatible upstream for gateway tests: raw
// POSIX sockets, one thread, Connection: close. Answers POST .../chat/completions with a
// canned completion (streamed as SSE when the request says "stream": true) and GET
// .../models with a fixed list. Records the last request it saw.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

namespace bulwark::testing {

class FakeUpstream {
 public:
  FakeUpstream() = default;
  ~FakeUpstream() { stop(); }
  bool start();            // binds 127.0.0.1 on a free port
  void stop();
  int port() const { return port_; }

  // The assistant text of the next completions (plain and streamed).
  void set_reply(std::string content);
  void set_chunk_chars(size_t n) { chunk_chars_ = n; }   // streamed content per SSE event
  void set_chunk_delay_ms(int ms) { chunk_delay_ms_ = ms; }   // pause between streamed events
  void set_tool_call(std::string name, std::string arguments);   // adds one tool call to replies

  std::string last_request_body() const;
  std::string last_authorization() const;
  int completions() const { return completions_.load(); }

 private:
  void loop();
  void serve(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::string reply_ = "Hello from the fake upstream.";
  std::string tool_name_, tool_args_;
  size_t chunk_chars_ = 8;
  std::atomic<int> chunk_delay_ms_{0};
  std::string last_body_, last_auth_;
  std::atomic<int> completions_{0};
};

}  // namespace bulwark::testing
