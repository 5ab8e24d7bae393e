#include "gateway/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace bulwark::gateway {

bool RateLimiter::allow(const std::string& key_id, uint32_t per_minute, Clock::time_point now, int* retry_after_s) {
  if (per_minute == 0) return true;
  std::lock_guard lock(mu_);
  auto [it, fresh] = buckets_.try_emplace(key_id);
  Bucket& b = it->second;
  const double rate = per_minute / 60.0;   // tokens per second
  if (fresh) {
    b.tokens = per_minute;
  } else {
    const double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min<double>(per_minute, b.tokens + std::max(0.0, elapsed) * rate);
  }
  b.last = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  if (retry_after_s) *retry_after_s = std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate)));
  return false;
}

}  // namespace bulwark::gateway
