// tests/support/webhook_receiver.h — an HTTP receiver for webhook tests on 127.0.0.1: raw
// sockets, one thread, one request per connection. Records every request (headers with
// lower-case names, body) and answers 500 to the first fail_first requests, 200 afterwards.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bulwark::testing {

struct ReceivedRequest {
  std::string method, path, body;
  std::map<std::string, std::string> headers;
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(int fail_first = 0) : fail_first_(fail_first) {}
  ~WebhookReceiver() { stop(); }
  bool start();
  void stop();
  int port() const { return port_; }
  std::vector<ReceivedRequest> requests() const;

 private:
  void loop();
  void serve(int fd);

  int fail_first_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<ReceivedRequest> requests_;
};

}  // namespace bulwark::testing
