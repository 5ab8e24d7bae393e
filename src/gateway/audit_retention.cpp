#include "gateway/audit_retention.h"

#include "gateway/db.h"

namespace bulwark::gateway {

Result<int64_t> prune_audit(sqlite3* db, int64_t cutoff_ms, int64_t limit) {
  // The ts_ms index finds the oldest rows without a scan; one statement is one transaction.
  auto st = prepare(db, "DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE ts_ms < ?1 ORDER BY ts_ms LIMIT ?2)");
  if (!st.ok()) return st.status();
  sqlite3_bind_int64(st->get(), 1, cutoff_ms);
  sqlite3_bind_int64(st->get(), 2, limit);
  if (sqlite3_step(st->get()) != SQLITE_DONE) return internal_error(std::string("audit prune: ") + sqlite3_errmsg(db));
  return static_cast<int64_t>(sqlite3_changes(db));
}

Result<int64_t> prune_audit_all(sqlite3* db, int64_t cutoff_ms, int64_t step) {
  int64_t total = 0;
  for (;;) {
    auto n = prune_audit(db, cutoff_ms, step);
    if (!n.ok()) return n.status();
    total += *n;
    if (*n < step) return total;
  }
}

}  // namespace bulwark::gateway
