#include "respond/window.h"

namespace bulwark::respond {

WindowScorer::WindowScorer(int64_t window_ms, size_t max_events)
    : window_ms_(window_ms), max_events_(max_events == 0 ? 1 : max_events) {}

std::string WindowScorer::key(const std::string& identity, const std::string& kind) {
  return identity + '\x1f' + kind;
}

void WindowScorer::expire(Series& s, int64_t now_ms) {
  // An event at exactly now - window is outside: the window is (now - window, now].
  while (!s.events.empty() && s.events.front().ts_ms <= now_ms - window_ms_) {
    s.sum -= s.events.front().weight;
    s.events.pop_front();
  }
  // Recompute instead of trusting a long chain of float subtractions.
  if (s.events.empty()) s.sum = 0;
}

void WindowScorer::sweep(int64_t now_ms) {
  for (auto it = series_.begin(); it != series_.end();) {
    expire(it->second, now_ms);
    it = it->second.events.empty() ? series_.erase(it) : std::next(it);
  }
}

double WindowScorer::add(const std::string& identity, const std::string& kind, ScoreEvent event) {
  std::lock_guard lock(mu_);
  const int64_t now = event.ts_ms;
  // Idle identities are forgotten now and then, so the map does not grow with every key ever seen.
  if (++adds_ % 4096 == 0) sweep(now);
  Series& s = series_[key(identity, kind)];
  expire(s, now);
  s.sum += event.weight;
  s.events.push_back(std::move(event));
  while (s.events.size() > max_events_) {
    s.sum -= s.events.front().weight;
    s.events.pop_front();
  }
  return s.sum;
}

double WindowScorer::score(const std::string& identity, const std::string& kind, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = series_.find(key(identity, kind));
  if (it == series_.end()) return 0;
  expire(it->second, now_ms);
  return it->second.sum;
}

std::vector<ScoreEvent> WindowScorer::events(const std::string& identity, const std::string& kind, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = series_.find(key(identity, kind));
  if (it == series_.end()) return {};
  expire(it->second, now_ms);
  return {it->second.events.begin(), it->second.events.end()};
}

void WindowScorer::clear(const std::string& identity, const std::string& kind) {
  std::lock_guard lock(mu_);
  series_.erase(key(identity, kind));
}

size_t WindowScorer::series_count() {
  std::lock_guard lock(mu_);
  return series_.size();
}

}  // namespace bulwark::respond
