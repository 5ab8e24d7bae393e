// respond/window.h — per-identity scores over a sliding time window. Each (identity, kind)
// keeps its recent weighted events; the score is the sum of the weights younger than the
// window. Times are passed in (milliseconds) so tests drive the clock.
// Thread-safety: every method may be called from any thread (one mutex; the work under it is
// a few deque operations).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace bulwark::respond {

struct ScoreEvent {
  int64_t ts_ms = 0;
  double weight = 0;
  std::string request_id;
  std::string detail;   // e.g. "prompt_attack/jailbreak" — evidence, never content
};

class WindowScorer {
 public:
  // Events beyond max_events per series drop the oldest, so memory stays bounded under a flood;
  // thresholds should stay well below max_events * weight.
  explicit WindowScorer(int64_t window_ms, size_t max_events = 4096);

  // Records one event and returns the score of (identity, kind) over the window ending at ts_ms.
  double add(const std::string& identity, const std::string& kind, ScoreEvent event);
  double score(const std::string& identity, const std::string& kind, int64_t now_ms);
  // The events now inside the window, oldest first (for an incident's evidence).
  std::vector<ScoreEvent> events(const std::string& identity, const std::string& kind, int64_t now_ms);
  // Forgets a series (after it triggered a suspension, so it does not re-trigger at once).
  void clear(const std::string& identity, const std::string& kind);
  size_t series_count();

 private:
  struct Series {
    std::deque<ScoreEvent> events;
    double sum = 0;
  };
  static std::string key(const std::string& identity, const std::string& kind);
  void expire(Series& s, int64_t now_ms);
  void sweep(int64_t now_ms);

  int64_t window_ms_;
  size_t max_events_;
  std::mutex mu_;
  std::unordered_map<std::string, Series> series_;
  uint64_t adds_ = 0;
};

}  // namespace bulwark::respond
