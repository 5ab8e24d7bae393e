// gateway/rate_limit.h — per-key limits in process memory: requests per minute and tokens per
// minute, each a token bucket refilled continuously (burst = the per-minute budget). One
// process, so no shared store; with several gateway replicas each enforces its own budget.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
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

// Tokens per minute. Like Envoy AI Gateway's usage-based limits, the check runs when a request
// arrives (is anything left in the bucket?) and the tokens are charged after the response, from
// the upstream's usage or the estimate. Concurrent requests may therefore overshoot the budget
// once; the bucket then goes negative and the key waits until it refills.
class TokenLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  struct Verdict {
    bool allowed = true;
    int retry_after_s = 0;   // when not allowed: seconds until the bucket holds a token again
    int64_t used = 0;        // tokens used in the current window (budget minus what is left)
  };
  Verdict check(const std::string& key_id, uint32_t per_minute, Clock::time_point now);
  void charge(const std::string& key_id, uint32_t per_minute, int64_t tokens, Clock::time_point now);

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point last;
  };
  Bucket& refill(const std::string& key_id, uint32_t per_minute, Clock::time_point now);
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace bulwark::gateway
