// bulwark audit tail|query|export|prune — read, export and delete the gateway's audit rows in
// its SQLite file.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "commands.h"
#include "gateway/audit.h"
#include "gateway/audit_export.h"
#include "gateway/audit_retention.h"

namespace bulwark::cli {

namespace {

// "2026-11-28T15:00:00Z", "2026-11-28", or a duration back from now: "15m", "2h", "7d".
std::optional<int64_t> parse_since(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char unit = s.back();
  if (unit == 's' || unit == 'm' || unit == 'h' || unit == 'd') {
    char* end = nullptr;
    long long n = std::strtoll(s.c_str(), &end, 10);
    if (end == s.c_str() + s.size() - 1 && n >= 0) {
      int64_t mult = unit == 's' ? 1000 : unit == 'm' ? 60000 : unit == 'h' ? 3600000 : 86400000;
      return gateway::now_millis() - n * mult;
    }
  }
  std::tm tm{};
  const char* rest = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) rest = strptime(s.c_str(), "%Y-%m-%d", &tm);
  if (!rest) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

std::string iso_ms(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", std::gmtime(&t));
  return std::string(buf) + "." + std::to_string(1000 + ms % 1000).substr(1) + "Z";
}

void print(const gateway::AuditRecord& r) {
  auto opt = [](int64_t v) { return v < 0 ? std::string("-") : std::to_string(v); };
  std::cout << iso_ms(r.ts_ms) << "\t" << r.request_id << "\t" << (r.tenant.empty() ? "-" : r.tenant) << "\t"
            << (r.key_id.empty() ? "-" : r.key_id) << "\t" << r.route << "\t" << (r.model.empty() ? "-" : r.model)
            << "\t" << r.status << "\t" << r.decision << "\tscan=" << r.scan_us << "us upstream=" << opt(r.upstream_us)
            << "us total=" << r.total_us << "us tokens=" << opt(r.prompt_tokens) << "/" << opt(r.completion_tokens)
            << (r.tokens_estimated ? "~" : "") << "\t" << r.findings_json
            << (r.unread_json.empty() || r.unread_json == "[]" ? "" : "\tunread=" + r.unread_json) << "\n";
}

int usage() {
  std::cerr << "usage: bulwark audit [--db FILE] tail [-n N] [--follow]\n"
               "       bulwark audit [--db FILE] query [--since 1h|2026-11-28T15:00:00Z] [--tenant T] "
               "[--decision allow|annotate|redact|block|...] [--limit N]\n"
               "       bulwark audit [--db FILE] export --out FILE.jsonl|- [--since T] [--until T] [--tenant T]\n"
               "       bulwark audit [--db FILE] prune --older-than DAYS [--vacuum]\n";
  return 2;
}

// JSON lines, oldest first, streamed; progress on stderr every 10,000 rows.
int run_export(sqlite3* db, const gateway::AuditExportFilter& f, const std::string& out_path) {
  if (out_path.empty()) return std::cerr << "bulwark audit export: --out FILE.jsonl (or -) is required\n", 2;
  auto progress = [](int64_t n) { std::cerr << "bulwark audit export: " << n << " rows\n"; };
  if (out_path == "-") {
    auto n = gateway::export_audit(db, f, std::cout, progress);
    if (!n.ok()) return std::cerr << "bulwark audit export: " << n.status().message() << "\n", 1;
    std::cerr << "bulwark audit export: " << *n << " rows written to stdout\n";
    return 0;
  }
  // Written beside the target and renamed, so that a failed export leaves no half file behind.
  const std::string tmp = out_path + ".part";
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) return std::cerr << "bulwark audit export: cannot write " << tmp << "\n", 1;
  auto n = gateway::export_audit(db, f, out, progress);
  out.close();
  std::error_code ec;
  if (!n.ok() || !out) {
    std::filesystem::remove(tmp, ec);
    return std::cerr << "bulwark audit export: " << (n.ok() ? "write failed" : n.status().message()) << "\n", 1;
  }
  std::filesystem::rename(tmp, out_path, ec);
  if (ec) return std::cerr << "bulwark audit export: " << out_path << ": " << ec.message() << "\n", 1;
  std::cerr << "bulwark audit export: " << *n << " rows written to " << out_path << "\n";
  return 0;
}

int run_prune(sqlite3* db, const std::string& older_than, bool vacuum) {
  char* end = nullptr;
  const long long days = std::strtoll(older_than.c_str(), &end, 10);
  if (older_than.empty() || *end != '\0' || days < 0)
    return std::cerr << "bulwark audit prune: --older-than DAYS (a whole number, 0 or more) is required\n", 2;
  const int64_t cutoff = gateway::now_millis() - static_cast<int64_t>(days) * 86400000;
  auto n = gateway::prune_audit_all(db, cutoff);
  if (!n.ok()) return std::cerr << "bulwark audit prune: " << n.status().message() << "\n", 1;
  std::cout << "deleted " << *n << " audit rows older than " << days << " days (before " << iso_ms(cutoff) << ")\n";
  if (vacuum) {
    // VACUUM rewrites the whole file and takes the write lock meanwhile: a running gateway's
    // commits wait (up to the busy timeout); run it off-peak.
    auto st = gateway::exec(db, "VACUUM");
    if (!st.ok()) return std::cerr << "bulwark audit prune: " << st.message() << "\n", 1;
    std::cout << "vacuumed\n";
  }
  return 0;
}

}  // namespace

int cmd_audit(int argc, char** argv) {
  std::string db_path = "var/bulwark.db", sub;
  gateway::AuditQuery q;
  gateway::AuditExportFilter ef;
  std::string out_path, older_than;
  bool follow = false, vacuum = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--db") db_path = next();
    else if (a == "--since") {
      std::string v = next();
      q.since_ms = parse_since(v);
      if (!q.since_ms) return std::cerr << "bulwark audit: bad --since '" << v << "'\n", 2;
      ef.since_ms = q.since_ms;
    } else if (a == "--until") {
      std::string v = next();
      ef.until_ms = parse_since(v);
      if (!ef.until_ms) return std::cerr << "bulwark audit: bad --until '" << v << "'\n", 2;
    } else if (a == "--out" || a == "-o") out_path = next();
    else if (a == "--older-than") older_than = next();
    else if (a == "--vacuum") vacuum = true;
    else if (a == "--tenant") q.tenant = ef.tenant = next();
    else if (a == "--decision") q.decision = next();
    else if (a == "--limit" || a == "-n") q.limit = std::atoi(next().c_str());
    else if (a == "--follow" || a == "-f") follow = true;
    else if (a == "--help" || a == "-h") return usage(), 0;
    else if (sub.empty()) sub = a;
    else return usage();
  }
  if (sub != "tail" && sub != "query" && sub != "export" && sub != "prune") return usage();
  if (sub == "tail" && q.limit == 100) q.limit = 20;
  auto db = gateway::open_db(db_path);
  if (!db.ok()) return std::cerr << "bulwark audit: " << db.status().message() << "\n", 2;
  if (sub == "export") return run_export(db->get(), ef, out_path);
  if (sub == "prune") return run_prune(db->get(), older_than, vacuum);
  auto rows = gateway::query_audit(db->get(), q);
  if (!rows.ok()) return std::cerr << "bulwark audit: " << rows.status().message() << "\n", 2;
  int64_t last = 0;
  for (auto it = rows->rbegin(); it != rows->rend(); ++it) {
    print(*it);
    last = std::max(last, it->ts_ms);
  }
  while (follow && sub == "tail") {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    gateway::AuditQuery f;
    f.since_ms = last + 1;
    f.limit = 1000;
    auto more = gateway::query_audit(db->get(), f);
    if (!more.ok()) return 2;
    for (auto it = more->rbegin(); it != more->rend(); ++it) {
      print(*it);
      last = std::max(last, it->ts_ms);
    }
  }
  return 0;
}

}  // namespace bulwark::cli
