// gateway/metrics.h — counters and histograms rendered in the Prometheus text format.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace bulwark::gateway {

// One unlabelled series: its HELP and TYPE lines ("counter" or "gauge") and its value.
void append_metric(std::string& out, const char* name, const char* type, const char* help, int64_t value);
void append_metric(std::string& out, const char* name, const char* type, const char* help, uint64_t value);

class Histogram {
 public:
  static constexpr std::array<double, 14> kBounds = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                     0.01,    0.025,  0.05,    0.1,    0.25,   1.0,    5.0};
  void observe(double seconds);
  void render(std::string& out, const std::string& name, const std::string& help) const;

 private:
  mutable std::mutex mu_;
  std::array<uint64_t, kBounds.size()> counts_{};
  uint64_t count_ = 0;
  double sum_ = 0;
};

class Metrics {
 public:
  void count_request(const std::string& route, int status);
  void count_decision(const std::string& category, const std::string& action);
  // A scanned text with letters of `script` that `detector` (a model) does not read.
  void count_unread(const std::string& detector, const std::string& script);
  Histogram scan_seconds, upstream_seconds, added_seconds;
  std::atomic<int64_t> connections_active{0};
  std::atomic<uint64_t> connections_rejected{0};
  std::atomic<uint64_t> requests_timed_out{0};   // 408: header or body not received in time
  // Read at render time: the audit writer's queue depth, drops and writes.
  std::atomic<int64_t> audit_queue_depth{0};
  std::atomic<uint64_t> audit_dropped{0};
  std::atomic<uint64_t> audit_written{0};
  std::atomic<uint64_t> audit_errors{0};
  std::atomic<uint64_t> audit_pruned{0};
  Histogram audit_commit_seconds;   // durable audit: enqueue to commit, per request

  std::string render() const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, uint64_t> decisions_;
  std::map<std::pair<std::string, std::string>, uint64_t> unread_;
};

}  // namespace bulwark::gateway
