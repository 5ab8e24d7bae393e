// report/activity.h — what happened, from the gateway's audit database, opened read-only:
// decisions per day, findings that took an action per category and day, the identities with
// the most blocked requests, and open incidents when an incident store exists.
//
// Example:
//   auto act = report::read_activity("var/bulwark.db", since_ms);
//   if (act.ok()) for (const auto& d : act->days) ...
//
// Cost: one pass over the audit rows in the window (findings JSON parsed per row).
// Thread-safety: plain values; the database is never written.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bulwark/result.h"
#include "report/posture.h"

namespace bulwark::report {

struct DayActivity {
  std::string day;                                // YYYY-MM-DD (UTC)
  std::map<std::string, int64_t> decisions;       // allow | annotate | redact | block | error | ...
  std::map<std::string, int64_t> categories;      // requests with an acted-on finding of the category
};

struct IdentityActivity {
  std::string key_id, tenant, app, user;
  int64_t blocked = 0;
  int64_t requests = 0;
};

// Requests with text in one script that a model detector did not judge (it has no ordinary
// training text in that script; docs/models.md "Scripts a model reads").
struct UnreadActivity {
  int64_t requests = 0;
  std::set<std::string> detectors;
};

struct Incident {
  std::vector<std::pair<std::string, std::string>> fields;   // column, value (as stored)
};

struct Activity {
  std::string db_path;
  std::optional<int64_t> since_ms;
  int64_t requests = 0;
  int64_t first_ms = 0, last_ms = 0;               // 0 when there are no rows
  std::map<std::string, int64_t> decisions;       // whole window
  std::map<std::string, int64_t> categories;      // whole window
  std::vector<DayActivity> days;                   // oldest first
  std::vector<IdentityActivity> top_blocked;       // most blocked first, at most `top_n`
  bool incident_store = false;                     // an `incidents` table exists
  std::vector<Incident> open_incidents;
  int64_t unreadable_findings = 0;                 // rows whose findings JSON did not parse
  std::map<std::string, UnreadActivity> unread;    // by script (audit rows written since 2026-11-30)
};

// @return kNotFound when the file does not exist; kInvalidArgument when it has no audit table.
Result<Activity> read_activity(const std::string& db_path, std::optional<int64_t> since_ms, size_t top_n = 10);

// Keys from the api_keys table that are neither revoked nor expired (for the posture).
Result<std::vector<KeyFacts>> read_database_keys(const std::string& db_path);

// "2026-11-28T15:00:00Z", "2026-11-28", or back from now: "15m", "2h", "7d".
std::optional<int64_t> parse_since(const std::string& s, int64_t now_ms);
std::string iso_utc(int64_t ms);   // "2026-11-28T15:00:00Z"

}  // namespace bulwark::report
