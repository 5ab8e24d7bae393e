// respond/worker.h — everything the responder does that touches disk or network, on one thread
// of its own so that requests never wait for it: stores incidents (deduplicated in SQLite),
// appends alert-log lines, and delivers signed webhooks (http or https) with exponential backoff.
//
// Bounded: at most alerts.queue_size incidents waiting to be stored and as many deliveries
// pending; beyond that an item is dropped and counted. A delivery is identified by incident id
// and webhook, and is never queued twice.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bulwark/result.h"
#include "gateway/db.h"
#include "respond/config.h"
#include "gateway/upstream.h"
#include "respond/incidents.h"

namespace bulwark::respond {

struct WorkerStats {
  std::atomic<uint64_t> incidents_opened{0}, incidents_updated{0}, incident_errors{0};
  std::atomic<uint64_t> alerts_logged{0}, webhooks_delivered{0}, webhook_attempts_failed{0};
  std::atomic<uint64_t> webhooks_given_up{0}, dropped{0};
};

class Worker {
 public:
  static Result<std::unique_ptr<Worker>> start(const AlertsConfig& config, const std::string& db_path);
  ~Worker();

  // Never blocks on I/O: false when the queue is full (dropped and counted).
  bool submit(Incident proposed);
  // Queues the incident and waits (at most timeout_ms) until the worker has stored it: true once
  // it is committed, false when it was dropped, failed (incident_errors) or is still queued.
  bool submit_and_wait(Incident proposed, int64_t timeout_ms);
  // Stores what is queued, then gives pending deliveries up to grace_ms more; stops the thread.
  void stop(uint32_t grace_ms = 2000);
  const WorkerStats& stats() const { return stats_; }

  // The JSON body sent to webhooks and written to the alert log for a new incident.
  static std::string alert_body(const Incident& incident);

 private:
  struct Delivery {
    size_t webhook = 0;
    std::string incident_id, body;
    uint32_t attempt = 0;   // attempts made so far
    int64_t due_ms = 0;     // steady clock
  };
  using Clients = std::vector<std::unique_ptr<gateway::UpstreamClient>>;
  Worker(const AlertsConfig& config, gateway::DbPtr db, Clients clients);
  void run();
  bool store(Incident& proposed);
  bool enqueue(Incident proposed, uint64_t* seq);
  void deliver(Delivery& d);   // one attempt; reschedules or gives up
  void log_line(const std::string& body);

  AlertsConfig config_;
  gateway::DbPtr db_;
  Clients clients_;   // one per webhook: the upstream client, for http and https (verified) alike
  WorkerStats stats_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Incident> jobs_;
  // Jobs are stored in order: job number n is done once done_ >= n.
  uint64_t submitted_ = 0, done_ = 0;
  std::set<uint64_t> failed_;        // job numbers whose store failed, while someone may wait
  std::condition_variable done_cv_;
  std::vector<Delivery> pending_;
  std::set<std::string> queued_;   // incident id + '\x1f' + webhook index, ever queued
  bool stopping_ = false;
  int64_t stop_deadline_ms_ = 0;
  std::thread thread_;
};

int64_t steady_ms();
int64_t wall_ms();

}  // namespace bulwark::respond
