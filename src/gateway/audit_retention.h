// gateway/audit_retention.h — deleting old audit rows: `bulwark audit prune` and the running
// gateway's audit.retention_days (applied by the audit writer thread at start and hourly).
#pragma once

#include <sqlite3.h>

#include <cstdint>

#include "bulwark/result.h"

namespace bulwark::gateway {

// Deletes up to `limit` rows with ts_ms < cutoff_ms (oldest first) in one transaction; returns
// how many. Small steps keep the write lock short, so that request commits are not held up.
Result<int64_t> prune_audit(sqlite3* db, int64_t cutoff_ms, int64_t limit);

// Every row older than cutoff_ms, in steps of `step`; returns the total deleted.
Result<int64_t> prune_audit_all(sqlite3* db, int64_t cutoff_ms, int64_t step = 5000);

}  // namespace bulwark::gateway
