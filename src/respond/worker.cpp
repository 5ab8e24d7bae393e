#include "respond/worker.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "respond/signer.h"

namespace bulwark::respond {

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::unique_ptr<Worker>> Worker::start(const AlertsConfig& config, const std::string& db_path) {
  Clients clients;
  for (const auto& w : config.webhooks) {
    gateway::UpstreamConfig uc;
    uc.url = w.url;
    uc.ca_file = w.ca_file;
    uc.timeout_ms = w.timeout_ms;
    uc.max_idle_connections = 0;   // deliveries are rare: one connection each, closed after
    auto client = std::make_unique<gateway::UpstreamClient>(uc);
    if (Status st = client->check(); !st.ok())
      return Status(st.code(), "webhook " + w.url + ": " + st.message());
    clients.push_back(std::move(client));
  }
  auto db = gateway::open_db(db_path);
  if (!db.ok()) return db.status();
  BULWARK_RETURN_IF_ERROR(IncidentTable::ensure_schema(db->get()));
  return std::unique_ptr<Worker>(new Worker(config, std::move(*db), std::move(clients)));
}

Worker::Worker(const AlertsConfig& config, gateway::DbPtr db, Clients clients)
    : config_(config), db_(std::move(db)), clients_(std::move(clients)) {
  thread_ = std::thread([this] { run(); });
}

Worker::~Worker() { stop(0); }

bool Worker::enqueue(Incident proposed, uint64_t* seq) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || jobs_.size() >= config_.queue_size) {
      stats_.dropped++;
      return false;
    }
    jobs_.push_back(std::move(proposed));
    *seq = ++submitted_;
  }
  cv_.notify_one();
  return true;
}

bool Worker::submit(Incident proposed) {
  uint64_t seq = 0;
  return enqueue(std::move(proposed), &seq);
}

bool Worker::submit_and_wait(Incident proposed, int64_t timeout_ms) {
  uint64_t seq = 0;
  if (!enqueue(std::move(proposed), &seq)) return false;
  std::unique_lock lock(mu_);
  if (!done_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return done_ >= seq; })) return false;
  return failed_.erase(seq) == 0;
}

void Worker::stop(uint32_t grace_ms) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      stopping_ = true;
      stop_deadline_ms_ = steady_ms() + grace_ms;
    }
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::string Worker::alert_body(const Incident& i) {
  const nlohmann::json inc = incident_json(i);
  return nlohmann::json{{"event", "incident.opened"}, {"source", "bulwark"}, {"incident", inc}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void Worker::log_line(const std::string& body) {
  if (config_.log_path.empty()) return;
  // Opened per line: alerts are rare, and this lets an operator rotate the file at any time.
  std::ofstream out(config_.log_path, std::ios::app | std::ios::binary);
  if (!out) {
    std::cerr << "bulwark serve: respond: cannot append to alert log " << config_.log_path << "\n";
    return;
  }
  out << body << "\n";
  out.flush();
  if (out) stats_.alerts_logged++;
}

bool Worker::store(Incident& proposed) {
  IncidentTable table(db_.get());
  auto r = table.open_or_append(proposed);
  if (!r.ok()) {
    stats_.incident_errors++;
    std::cerr << "bulwark serve: respond: cannot store incident: " << r.status().message() << "\n";
    return false;
  }
  auto& [incident, fresh] = *r;
  if (!fresh) {
    stats_.incidents_updated++;
    return true;   // deduplicated: the open incident already alerted
  }
  stats_.incidents_opened++;
  const std::string body = alert_body(incident);
  log_line(body);
  std::lock_guard lock(mu_);
  for (size_t w = 0; w < clients_.size(); ++w) {
    if (!queued_.insert(incident.id + '\x1f' + std::to_string(w)).second) continue;
    if (pending_.size() >= config_.queue_size) {
      stats_.dropped++;
      continue;
    }
    pending_.push_back({w, incident.id, body, 0, steady_ms()});
  }
  return true;
}

void Worker::deliver(Delivery& d) {
  const WebhookConfig& w = config_.webhooks[d.webhook];
  const int64_t ts = wall_ms() / 1000;
  const gateway::UpstreamClient::Headers headers = {
      {"Content-Type", "application/json"},
      {"User-Agent", "bulwark-webhook/1"},
      {"X-Bulwark-Event", "incident.opened"},
      {"X-Bulwark-Delivery", d.incident_id},
      {"X-Bulwark-Attempt", std::to_string(d.attempt + 1)},
      {"X-Bulwark-Timestamp", std::to_string(ts)},
      {"X-Bulwark-Signature", webhook_signature(w.secret, ts, d.body)},
  };
  auto r = clients_[d.webhook]->request("POST", "", d.body, headers);
  d.attempt++;
  if (r.ok() && r->status >= 200 && r->status < 300) {
    stats_.webhooks_delivered++;
    d.due_ms = -1;   // done
    return;
  }
  stats_.webhook_attempts_failed++;
  if (d.attempt >= config_.max_attempts) {
    stats_.webhooks_given_up++;
    std::cerr << "bulwark serve: respond: webhook " << w.url << " gave up on " << d.incident_id << " after "
              << d.attempt << " attempts (" << (r.ok() ? "HTTP " + std::to_string(r->status) : r.status().message()) << ")\n";
    d.due_ms = -1;
    return;
  }
  d.due_ms = steady_ms() + backoff_delay_ms(d.attempt, config_.backoff_ms, config_.backoff_max_ms);
}

void Worker::run() {
  for (;;) {
    std::optional<Incident> job;
    std::optional<Delivery> due;
    {
      std::unique_lock lock(mu_);
      for (;;) {
        const int64_t now = steady_ms();
        if (!jobs_.empty()) {
          job = std::move(jobs_.front());
          jobs_.pop_front();
          break;
        }
        if (stopping_ && (pending_.empty() || now >= stop_deadline_ms_)) return;
        auto next = std::min_element(pending_.begin(), pending_.end(),
                                     [](const Delivery& a, const Delivery& b) { return a.due_ms < b.due_ms; });
        if (next != pending_.end() && next->due_ms <= now) {
          due = std::move(*next);
          pending_.erase(next);
          break;
        }
        int64_t wait_until = next != pending_.end() ? next->due_ms : now + 60000;
        if (stopping_) wait_until = std::min(wait_until, stop_deadline_ms_);
        cv_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(1, wait_until - now)));
      }
    }
    if (job) {
      const bool ok = store(*job);
      {
        std::lock_guard lock(mu_);
        ++done_;
        // Kept only briefly: a waiter erases its own; bounded so that nobody waiting costs nothing.
        if (!ok && failed_.size() < 1024) failed_.insert(done_);
      }
      done_cv_.notify_all();
    }
    if (due) {
      deliver(*due);
      if (due->due_ms >= 0) {
        std::lock_guard lock(mu_);
        pending_.push_back(std::move(*due));
      }
    }
  }
}

}  // namespace bulwark::respond
