// gateway/audit_export.h — `bulwark audit export`: audit rows as JSON lines, oldest first,
// streamed row by row from SQLite (memory stays flat however large the table is).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "bulwark/result.h"

namespace bulwark::gateway {

struct AuditExportFilter {
  std::optional<int64_t> since_ms;   // ts_ms >= since
  std::optional<int64_t> until_ms;   // ts_ms < until
  std::string tenant;                // "" = every tenant
};

// One JSON object per line: every column, `ts` as ISO 8601, `findings` (and `content` when it
// is JSON) embedded as JSON. progress(rows so far) is called every progress_every rows.
// Returns the number of rows written; an error when SQLite or the stream fails.
Result<int64_t> export_audit(sqlite3* db, const AuditExportFilter& f, std::ostream& out,
                             const std::function<void(int64_t)>& progress = {}, int64_t progress_every = 10000);

}  // namespace bulwark::gateway
