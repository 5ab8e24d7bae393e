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

namespace bulwark::gateway {

TokenLimiter::Bucket& TokenLimiter::refill(const std::string& key_id, uint32_t per_minute, Clock::time_point now) {
  auto [it, fresh] = buckets_.try_emplace(key_id);
  Bucket& b = it->second;
  if (fresh) {
    b.tokens = per_minute;
  } else {
    const double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min<double>(per_minute, b.tokens + std::max(0.0, elapsed) * (per_minute / 60.0));
  }
  b.last = now;
  return b;
}

TokenLimiter::Verdict TokenLimiter::check(const std::string& key_id, uint32_t per_minute, Clock::time_point now) {
  Verdict v;
  if (per_minute == 0) return v;
  std::lock_guard lock(mu_);
  Bucket& b = refill(key_id, per_minute, now);
  v.used = static_cast<int64_t>(std::ceil(per_minute - b.tokens));
  if (b.tokens >= 1.0) return v;
  v.allowed = false;
  v.retry_after_s = std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / (per_minute / 60.0))));
  return v;
}

void TokenLimiter::charge(const std::string& key_id, uint32_t per_minute, int64_t tokens, Clock::time_point now) {
  if (per_minute == 0 || tokens <= 0) return;
  std::lock_guard lock(mu_);
  Bucket& b = refill(key_id, per_minute, now);
  // A debt larger than one window would lock the key out for longer than a minute per request;
  // cap it at one window, as the budget says nothing about tokens beyond it.
  b.tokens = std::max<double>(b.tokens - static_cast<double>(tokens), -static_cast<double>(per_minute));
}

}  // namespace bulwark::gateway
