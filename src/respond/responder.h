// respond/responder.h — detect and respond, as the gateway sees it: check() before a request
// is served (is this key suspended or throttled?) and observe() after it (score its findings,
// throttle or suspend when a threshold is crossed, and open an incident). Both are in-memory
// and cheap; storage and alerts go to the Worker's thread.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "bulwark/result.h"
#include "respond/config.h"
#include "respond/window.h"
#include "respond/worker.h"

namespace bulwark::respond {

// Why a request is refused before it is served.
struct Refusal {
  int status = 403;          // 403 suspended, 429 throttled
  int retry_after_s = 0;
  std::string code;          // "identity_suspended" | "identity_throttled"
  std::string kind;          // the score that triggered it
  std::string message;
};

// One finished request, as the audit row describes it.
struct Observation {
  std::string key_id, tenant, route, request_id, decision, findings_json;
  // The rules of the request's policy when it has its own (respond: scores:); null: the config's.
  // Must outlive observe().
  const std::vector<ScoreRule>* scores = nullptr;
  int64_t ts_ms = 0;   // wall clock
};

class Responder {
 public:
  // Restores suspensions still running from the incidents table, then starts the worker.
  static Result<std::unique_ptr<Responder>> start(const RespondConfig& config, const std::string& db_path);

  std::optional<Refusal> check(const std::string& key_id, int64_t now_ms);
  void observe(const Observation& o);
  // Ends a suspension and throttle now (an incident was resolved by an administrator).
  void lift(const std::string& key_id);
  bool scores_route(const std::string& route) const;
  void stop(uint32_t grace_ms = 2000);
  const WorkerStats& stats() const { return worker_->stats(); }

 private:
  struct Penalty {
    int64_t until_ms = 0;
    std::string kind;
    bool stored = true;   // its incident is in SQLite (false only when the store failed)
  };
  Responder(const RespondConfig& config, std::unique_ptr<Worker> worker);
  bool exempt(const std::string& key_id) const;
  // While keys are suspended, at most every kSyncMs: a suspension whose incident was resolved
  // elsewhere (`bulwark incidents resolve` on the file, another replica) is lifted here too.
  void sync_suspensions(int64_t now_ms);

  RespondConfig config_;
  std::unique_ptr<Worker> worker_;
  WindowScorer scorer_;
  std::mutex mu_;
  std::unordered_map<std::string, Penalty> suspended_, throttled_;
  gateway::DbPtr db_;             // reads only (sync_suspensions); the worker has its own
  std::mutex db_mu_;
  std::atomic<int64_t> next_sync_ms_{0};
};

}  // namespace bulwark::respond
