// gateway/rate_limit.h — requests per minute per key, a token bucket in process memory
// (refilled continuously, burst = the per-minute budget). One process, so no shared store;
// with several gateway replicas each enforces its own budget.
// Thread-safety: allow() may be called from any thread.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace bulwark::gateway {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // True when the key may make one more request now; otherwise *retry_after_s is set.
  bool allow(const std::string& key_id, uint32_t per_minute, Clock::time_point now, int* retry_after_s);

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point last;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace bulwark::gateway
