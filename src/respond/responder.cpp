#include "respond/responder.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "respond/signals.h"

namespace bulwark::respond {

namespace {
constexpr int64_t kIncidentWaitMs = 5000;
constexpr int64_t kSyncMs = 2000;
}  // namespace

Result<std::unique_ptr<Responder>> Responder::start(const RespondConfig& config, const std::string& db_path) {
  auto worker = Worker::start(config.alerts, db_path);
  if (!worker.ok()) return worker.status();
  std::unique_ptr<Responder> r(new Responder(config, std::move(*worker)));
  // A restart must not lift a suspension early.
  auto db = gateway::open_db(db_path);
  if (!db.ok()) return db.status();
  IncidentTable table(db->get());
  auto active = table.active_suspensions(wall_ms());
  if (!active.ok()) return active.status();
  for (const auto& i : *active) {
    auto& p = r->suspended_[i.key_id];
    if (i.suspended_until_ms > p.until_ms) p = {i.suspended_until_ms, i.kind, true};
  }
  r->db_ = std::move(*db);
  return r;
}

Responder::Responder(const RespondConfig& config, std::unique_ptr<Worker> worker)
    : config_(config), worker_(std::move(worker)), scorer_(static_cast<int64_t>(config.window_s) * 1000) {}

bool Responder::exempt(const std::string& key_id) const {
  return key_id.empty() || std::find(config_.exempt_keys.begin(), config_.exempt_keys.end(), key_id) !=
                               config_.exempt_keys.end();
}

bool Responder::scores_route(const std::string& route) const {
  for (const auto& r : config_.routes)
    if (r == "*" || r == route) return true;
  return false;
}

void Responder::sync_suspensions(int64_t now_ms) {
  // Most requests stop at this atomic read; the lock and the query come at most every kSyncMs.
  int64_t due = next_sync_ms_.load();
  if (now_ms < due) return;
  {
    std::lock_guard lock(mu_);
    if (suspended_.empty()) return;
  }
  if (!next_sync_ms_.compare_exchange_strong(due, now_ms + kSyncMs)) return;   // one thread syncs
  std::unordered_set<std::string> still_suspended;
  {
    std::lock_guard db_lock(db_mu_);
    auto active = IncidentTable(db_.get()).active_suspensions(now_ms);
    if (!active.ok()) return;   // keep every suspension: safety first
    for (const auto& i : *active) still_suspended.insert(i.key_id);
  }
  std::lock_guard lock(mu_);
  for (auto it = suspended_.begin(); it != suspended_.end();) {
    if (it->second.stored && !still_suspended.count(it->first)) {
      throttled_.erase(it->first);
      it = suspended_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<Refusal> Responder::check(const std::string& key_id, int64_t now_ms) {
  if (exempt(key_id)) return std::nullopt;
  sync_suspensions(now_ms);
  std::lock_guard lock(mu_);
  auto secs = [&](int64_t until) { return static_cast<int>(std::max<int64_t>(1, (until - now_ms + 999) / 1000)); };
  if (auto it = suspended_.find(key_id); it != suspended_.end()) {
    if (it->second.until_ms > now_ms) {
      Refusal r{403, secs(it->second.until_ms), "identity_suspended", it->second.kind, ""};
      r.message = "This key is suspended until " + iso8601_ms(it->second.until_ms) + " after repeated policy violations (" +
                  it->second.kind + "). An incident was opened; an administrator can resolve it to lift the suspension.";
      return r;
    }
    suspended_.erase(it);
  }
  if (auto it = throttled_.find(key_id); it != throttled_.end()) {
    if (it->second.until_ms > now_ms) {
      Refusal r{429, secs(it->second.until_ms), "identity_throttled", it->second.kind, ""};
      r.message = "Too many policy violations (" + it->second.kind + ") from this key; retry after " +
                  std::to_string(r.retry_after_s) + " s.";
      return r;
    }
    throttled_.erase(it);
  }
  return std::nullopt;
}

void Responder::observe(const Observation& o) {
  if (exempt(o.key_id) || !scores_route(o.route)) return;
  const std::vector<ScoreRule>& rules = o.scores ? *o.scores : config_.scores;
  std::vector<Signal> signals;
  if (o.decision == "throttled") {
    // Pressing on through a throttle counts as one more violation of the score that throttled it,
    // so an identity that ignores Retry-After escalates to a suspension.
    std::string kind;
    {
      std::lock_guard lock(mu_);
      if (auto it = throttled_.find(o.key_id); it != throttled_.end()) kind = it->second.kind;
    }
    for (size_t i = 0; i < rules.size(); ++i)
      if (rules[i].kind == kind) signals.push_back({i, rules[i].weight, "ignored_throttle"});
  } else if (o.decision == "block" || o.findings_json.size() > 2) {   // cheap exit: nothing to score
    signals = classify(rules, o.decision, o.findings_json);
  }
  for (const Signal& sig : signals) {
    const ScoreRule& rule = rules[sig.rule];
    const double score = scorer_.add(o.key_id, rule.kind, {o.ts_ms, sig.weight, o.request_id, sig.detail});
    const bool suspend = rule.suspend_at > 0 && score >= rule.suspend_at;
    const bool throttle = !suspend && rule.throttle_at > 0 && score >= rule.throttle_at;
    if (throttle) {
      std::lock_guard lock(mu_);
      auto& p = throttled_[o.key_id];
      const int64_t until = o.ts_ms + static_cast<int64_t>(config_.throttle_s) * 1000;
      if (until > p.until_ms) p = {until, rule.kind, true};
    }
    if (!suspend) continue;
    const int64_t until = o.ts_ms + static_cast<int64_t>(config_.suspend_s) * 1000;
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : scorer_.events(o.key_id, rule.kind, o.ts_ms))
      events.push_back({{"request_id", e.request_id}, {"ts", iso8601_ms(e.ts_ms)}, {"weight", e.weight}, {"detail", e.detail}});
    // The score starts again from zero, so the suspension is not re-triggered by old events.
    scorer_.clear(o.key_id, rule.kind);
    Incident inc;
    inc.opened_at_ms = inc.updated_at_ms = o.ts_ms;
    inc.key_id = o.key_id;
    inc.tenant = o.tenant;
    inc.kind = rule.kind;
    inc.score = score;
    inc.threshold = rule.suspend_at;
    inc.suspended_until_ms = until;
    inc.evidence_json = nlohmann::json{{"window_s", config_.window_s},
                                       {"route", o.route},
                                       {"trigger_request_id", o.request_id},
                                       {"events", events}}
                            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    // The incident is committed before the suspension takes effect, so that no 403 is answered
    // (and no triggering request acknowledged) for a suspension a crash could forget. Should the
    // store fail or take too long, the key is suspended anyway: safety first; the error is counted.
    const bool stored = worker_->submit_and_wait(std::move(inc), kIncidentWaitMs);
    if (!stored)
      std::cerr << "bulwark serve: respond: incident for " << o.key_id << " not confirmed stored; suspending anyway\n";
    {
      std::lock_guard lock(mu_);
      auto& p = suspended_[o.key_id];
      if (until > p.until_ms) p = {until, rule.kind, stored};
    }
  }
}

void Responder::lift(const std::string& key_id) {
  std::lock_guard lock(mu_);
  suspended_.erase(key_id);
  throttled_.erase(key_id);
}

void Responder::stop(uint32_t grace_ms) { worker_->stop(grace_ms); }

}  // namespace bulwark::respond
