// respond/incidents.h — the incidents table in the gateway's SQLite file. An incident is opened
// when an identity's score crosses its suspension threshold; while one is open (or acknowledged)
// for the same key and kind, new evidence is appended to it instead of opening another.
// Used by the responder's worker thread, the admin routes and `bulwark incidents`.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bulwark/result.h"

namespace bulwark::respond {

struct Incident {
  std::string id;                 // "inc_" + 16 hex
  int64_t opened_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::string key_id, tenant, kind;
  std::string status = "open";    // open | acknowledged | resolved
  double score = 0;
  double threshold = 0;
  int64_t suspended_until_ms = 0; // 0: no suspension
  int64_t triggers = 1;           // how many threshold crossings were folded into this incident
  std::string evidence_json = "{}";   // {"events":[{request_id, ts_ms, weight, detail}], ...}
};

struct IncidentFilter {
  std::string status;   // "" = any
  std::string key_id, tenant;
  int limit = 100;
};

class IncidentTable {
 public:
  explicit IncidentTable(sqlite3* db) : db_(db) {}
  static Status ensure_schema(sqlite3* db);

  // Opens `proposed` or, when an unresolved incident exists for its key and kind, folds its
  // evidence into that one. Returns the stored incident and whether it is new.
  Result<std::pair<Incident, bool>> open_or_append(const Incident& proposed);
  Result<std::vector<Incident>> list(const IncidentFilter& f);   // newest first
  Result<std::optional<Incident>> get(const std::string& id);
  // open -> acknowledged -> resolved (open -> resolved too). Resolving ends any suspension
  // recorded on the incident. Returns the updated incident; not_found / invalid_argument.
  Result<Incident> transition(const std::string& id, const std::string& to_status, int64_t now_ms);
  // Unresolved incidents whose suspension is still running at now_ms (restored on start).
  Result<std::vector<Incident>> active_suspensions(int64_t now_ms);

 private:
  sqlite3* db_;
};

std::string new_incident_id();
std::string iso8601_ms(int64_t ms);

// One incident as the admin API, the CLI's --json and the webhooks show it: times in ISO 8601,
// suspended_until null when none, evidence as an object.
nlohmann::json incident_json(const Incident& i);

}  // namespace bulwark::respond
