#include "gateway/scanner.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include "text/utf8.h"

namespace bulwark::gateway {

using nlohmann::json;

Scanner::Scanner(EnginePtr engine, Metrics* metrics)
    : engine_(std::move(engine)), metrics_(metrics), no_detectors_(engine_->detector_ids().empty()) {
  static std::atomic<uint64_t> next{1};
  id_ = next.fetch_add(1);
}

Result<ScanResult> Scanner::scan(std::string_view text, Role role) const {
  // Nothing can be found without detectors, so the text pipeline (normalization, decoders:
  // most of a request's CPU with scanning off) is skipped. Inputs the engine would refuse or
  // rewrite (over max_input_bytes, malformed UTF-8) still go through it, for the same answer.
  if (no_detectors_ && text.size() <= engine_->policy().max_input_bytes && text::validate_utf8(text).ok()) {
    if (metrics_) metrics_->scan_seconds.observe(0.0);
    return ScanResult{};
  }
  // One scratch per worker thread, made again when the thread meets another scanner.
  thread_local uint64_t owner = 0;
  thread_local std::unique_ptr<Scratch> scratch;
  if (owner != id_ || !scratch) {
    scratch = engine_->new_scratch();
    owner = id_;
  }
  auto r = engine_->scan({text, role}, *scratch);
  if (metrics_ && r.ok()) {
    metrics_->scan_seconds.observe(static_cast<double>(r->total_nanos) / 1e9);
    for (const auto& f : r->findings)
      if (f.action != Action::kAllow) metrics_->count_decision(f.category, std::string(action_name(f.action)));
    for (const auto& u : r->unread)
      for (const auto& script : u.scripts) metrics_->count_unread(u.detector, script);
  }
  return r;
}

const char* severity_label(int s) {
  if (s >= 6) return "high";
  if (s >= 4) return "medium";
  if (s >= 2) return "low";
  return "safe";
}

int trim_severity(int s) {
  s = std::clamp(s, 0, 7);
  return s - (s % 2);
}

json content_filter_results(const std::vector<const ScanResult*>& results) {
  struct Harm {
    const char* category;
    const char* key;
    int severity = 0;
    bool filtered = false;
  };
  Harm harms[] = {{"harm/hate", "hate"}, {"harm/self-harm", "self_harm"}, {"harm/sexual", "sexual"},
                  {"harm/violence", "violence"}};
  struct Flag {
    const char* category;
    const char* key;
    bool detected = false;
    bool filtered = false;
  };
  // Azure's optional models first; the rest are Bulwark's own categories (extra fields).
  Flag flags[] = {{"prompt_attack", "jailbreak"},   {"blocklist", "custom_blocklists"},
                  {"pii", "pii"},                    {"secret", "secret"},
                  {"hidden_text", "hidden_text"},    {"exfiltration", "exfiltration"}};
  bool indirect_detected = false, indirect_filtered = false;
  for (const ScanResult* r : results) {
    if (!r) continue;
    for (const auto& f : r->findings) {
      const bool block = f.action == Action::kBlock;
      for (auto& h : harms)
        if (f.category == h.category || f.category.rfind(std::string(h.category) + "/", 0) == 0) {
          h.severity = std::max(h.severity, f.severity);
          h.filtered = h.filtered || block;
        }
      for (auto& fl : flags)
        if (f.category == fl.category || f.category.rfind(std::string(fl.category) + "/", 0) == 0) {
          fl.detected = true;
          fl.filtered = fl.filtered || block;
        }
      if (f.category == "prompt_attack" && f.subtype.find("indirect") != std::string::npos) {
        indirect_detected = true;
        indirect_filtered = indirect_filtered || block;
      }
    }
  }
  json out = json::object();
  for (const auto& h : harms) out[h.key] = {{"filtered", h.filtered}, {"severity", severity_label(h.severity)}};
  for (const auto& fl : flags) out[fl.key] = {{"filtered", fl.filtered}, {"detected", fl.detected}};
  out["indirect_attack"] = {{"filtered", indirect_filtered}, {"detected", indirect_detected}};
  return out;
}

json findings_json(const std::vector<ScannedPart>& parts) {
  json arr = json::array();
  for (const auto& p : parts)
    for (const auto& f : p.result.findings)
      arr.push_back({{"detector", f.detector},
                     {"category", f.category},
                     {"subtype", f.subtype},
                     {"severity", f.severity},
                     {"score", f.score},
                     {"action", action_name(f.action)},
                     {"role", role_name(p.role)},
                     {"index", p.index},
                     {"span", {{"start", f.span.cp_begin}, {"end", f.span.cp_end}}}});
  return arr;
}

json unread_json(const std::vector<ScannedPart>& parts) {
  json arr = json::array();
  for (const auto& p : parts)
    for (const auto& u : p.result.unread)
      arr.push_back({{"detector", u.detector}, {"scripts", u.scripts}, {"role", role_name(p.role)}, {"index", p.index}});
  return arr;
}

std::string unread_header(const std::vector<ScannedPart>& parts) {
  std::vector<std::pair<std::string, std::vector<std::string>>> by_detector;  // in order of first mention
  for (const auto& p : parts)
    for (const auto& u : p.result.unread) {
      auto it = std::find_if(by_detector.begin(), by_detector.end(),
                             [&](const auto& d) { return d.first == u.detector; });
      if (it == by_detector.end()) it = by_detector.insert(by_detector.end(), {u.detector, {}});
      for (const auto& script : u.scripts)
        if (std::find(it->second.begin(), it->second.end(), script) == it->second.end()) it->second.push_back(script);
    }
  std::string out;
  for (const auto& [detector, scripts] : by_detector) {
    out += (out.empty() ? "" : "; ") + detector + "=";
    for (size_t i = 0; i < scripts.size(); ++i) out += (i ? "," : "") + scripts[i];
  }
  return out;
}

Action strongest(const std::vector<ScannedPart>& parts) {
  Action a = Action::kAllow;
  for (const auto& p : parts) a = std::max(a, p.result.decision);
  return a;
}

}  // namespace bulwark::gateway
