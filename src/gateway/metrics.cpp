#include "gateway/metrics.h"

#include <cstdio>

namespace bulwark::gateway {

namespace {
std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}
std::string label_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '\\' || c == '"') o += '\\';
    if (c == '\n') { o += "\\n"; continue; }
    o += c;
  }
  return o;
}
void append_series(std::string& out, const char* name, const char* type, const char* help, const std::string& value) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " + value +
         "\n";
}
}  // namespace

void append_metric(std::string& out, const char* name, const char* type, const char* help, int64_t value) {
  append_series(out, name, type, help, std::to_string(value));
}

void append_metric(std::string& out, const char* name, const char* type, const char* help, uint64_t value) {
  append_series(out, name, type, help, std::to_string(value));
}

void Histogram::observe(double seconds) {
  std::lock_guard lock(mu_);
  for (size_t i = 0; i < kBounds.size(); ++i)
    if (seconds <= kBounds[i]) ++counts_[i];
  ++count_;
  sum_ += seconds;
}

void Histogram::render(std::string& out, const std::string& name, const std::string& help) const {
  std::lock_guard lock(mu_);
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " histogram\n";
  for (size_t i = 0; i < kBounds.size(); ++i)
    out += name + "_bucket{le=\"" + fmt(kBounds[i]) + "\"} " + std::to_string(counts_[i]) + "\n";
  out += name + "_bucket{le=\"+Inf\"} " + std::to_string(count_) + "\n";
  out += name + "_sum " + fmt(sum_) + "\n" + name + "_count " + std::to_string(count_) + "\n";
}

void Metrics::count_request(const std::string& route, int status) {
  std::lock_guard lock(mu_);
  ++requests_[{route, status}];
}

void Metrics::count_decision(const std::string& category, const std::string& action) {
  std::lock_guard lock(mu_);
  ++decisions_[{category, action}];
}

void Metrics::count_unread(const std::string& detector, const std::string& script) {
  std::lock_guard lock(mu_);
  ++unread_[{detector, script}];
}

std::string Metrics::render() const {
  std::string out;
  {
    std::lock_guard lock(mu_);
    out += "# HELP bulwark_http_requests_total HTTP requests by route and status.\n"
           "# TYPE bulwark_http_requests_total counter\n";
    for (const auto& [k, v] : requests_)
      out += "bulwark_http_requests_total{route=\"" + label_escape(k.first) + "\",status=\"" +
             std::to_string(k.second) + "\"} " + std::to_string(v) + "\n";
    out += "# HELP bulwark_decisions_total Findings acted on, by category and action.\n"
           "# TYPE bulwark_decisions_total counter\n";
    for (const auto& [k, v] : decisions_)
      out += "bulwark_decisions_total{category=\"" + label_escape(k.first) + "\",action=\"" +
             label_escape(k.second) + "\"} " + std::to_string(v) + "\n";
    out += "# HELP bulwark_unread_texts_total Scanned texts a model detector did not judge, by detector and the "
           "script it has no training text in.\n"
           "# TYPE bulwark_unread_texts_total counter\n";
    for (const auto& [k, v] : unread_)
      out += "bulwark_unread_texts_total{detector=\"" + label_escape(k.first) + "\",script=\"" +
             label_escape(k.second) + "\"} " + std::to_string(v) + "\n";
  }
  scan_seconds.render(out, "bulwark_scan_duration_seconds", "Time spent scanning, per request.");
  upstream_seconds.render(out, "bulwark_upstream_duration_seconds", "Time waiting for the upstream, per request.");
  added_seconds.render(out, "bulwark_gateway_added_seconds",
                       "Latency the gateway adds: total time minus upstream time.");
  append_metric(out, "bulwark_connections_active", "gauge", "Open client connections.", connections_active.load());
  append_metric(out, "bulwark_connections_rejected_total", "counter", "Connections refused at the connection limit.",
                connections_rejected.load());
  append_metric(out, "bulwark_requests_timed_out_total", "counter",
                "Requests answered 408: header or body not received in time.",
                requests_timed_out.load());
  append_metric(out, "bulwark_audit_queue_depth", "gauge", "Audit rows waiting for the writer.",
                audit_queue_depth.load());
  append_metric(out, "bulwark_audit_dropped_total", "counter",
                "Audit rows refused because the queue was full (durable audit: the request was answered 503).",
                audit_dropped.load());
  append_metric(out, "bulwark_audit_written_total", "counter", "Audit rows committed to SQLite.",
                audit_written.load());
  append_metric(out, "bulwark_audit_errors_total", "counter", "Audit rows lost to SQLite errors.",
                audit_errors.load());
  append_metric(out, "bulwark_audit_pruned_total", "counter", "Audit rows deleted by audit.retention_days.",
                audit_pruned.load());
  audit_commit_seconds.render(out, "bulwark_audit_commit_seconds",
                              "Durable audit: time a request waited for its row's commit.");
  return out;
}

}  // namespace bulwark::gateway
