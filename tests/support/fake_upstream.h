// tests/support/fake_upstream.h — a tiny OpenAI-compatible upstream for gateway tests: raw
// POSIX sockets, one thread, Connection: close. Answers POST .../chat/completions with a
// canned completion (streamed as SSE when the request says "stream": true) and GET
// .../models with a fixed list. Records the last request it saw.
// Optional modes (set before start()): keep-alive (a thread per connection, many requests
// per connection, idle connections closed after idle_close_ms), TLS (OpenSSL, certificate
// and key from PEM files), and dropping the next N requests (read, then the connection is
// closed without a reply: a keep-alive race as the upstream sees it). accepted() and
// requests() count connections and requests for the pooling tests.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bulwark::testing {

struct FakeIo;

class FakeUpstream {
 public:
  FakeUpstream() = default;
  ~FakeUpstream() { stop(); }
  bool start();            // binds 127.0.0.1 on a free port
  // TLS with this certificate chain and key (PEM files); call before start().
  bool enable_tls(const std::string& cert_file, const std::string& key_file);
  void set_keep_alive(bool on, int idle_close_ms = 5000) { keep_alive_ = on; idle_close_ms_ = idle_close_ms; }
  void drop_next_requests(int n) { drop_next_ = n; }
  int accepted() const { return accepted_.load(); }
  int requests() const { return requests_.load(); }
  void stop();
  int port() const { return port_; }

  // The assistant text of the next completions (plain and streamed).
  void set_reply(std::string content);
  void set_chunk_chars(size_t n) { chunk_chars_ = n; }   // streamed content per SSE event
  void set_chunk_delay_ms(int ms) { chunk_delay_ms_ = ms; }   // pause between streamed events
  void set_tool_call(std::string name, std::string arguments);   // adds one tool call to replies

  std::string last_request_body() const;
  std::string last_authorization() const;
  std::string last_request_head() const;   // request line and headers, as received
  int completions() const { return completions_.load(); }

 private:
  void loop();
  void serve(int fd);                 // one connection (TLS handshake, then requests)
  bool serve_one(FakeIo& io);       // one request; false: close the connection

  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::string reply_ = "Hello from the fake upstream.";
  std::string tool_name_, tool_args_;
  size_t chunk_chars_ = 8;
  std::atomic<int> chunk_delay_ms_{0};
  std::string last_body_, last_auth_, last_head_;
  std::atomic<int> completions_{0};
  std::atomic<int> accepted_{0}, requests_{0}, drop_next_{0};
  bool keep_alive_ = false;
  int idle_close_ms_ = 5000;
  void* tls_ctx_ = nullptr;   // SSL_CTX*
  std::mutex threads_mu_;
  std::vector<std::thread> conn_threads_;
};

}  // namespace bulwark::testing
