#include "gateway/audit_admin.h"

#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "gateway/audit.h"
#include "gateway/db.h"
#include "gateway/keys.h"

namespace bulwark::gateway {

Status audit_admin_action(sqlite3* db, const std::string& route, const std::string& action, const std::string& subject,
                          const Status& outcome) {
  const char* login = std::getenv("USER");
  const std::string actor = std::string("cli:") + (login && *login ? login : std::to_string(::getuid()));
  nlohmann::json f = {{"admin_action", action}, {"subject", subject}, {"ok", outcome.ok()}};
  if (!outcome.ok()) f["error"] = outcome.message();
  auto st = prepare(db,
                    "INSERT INTO audit (ts_ms, request_id, key_id, route, status, decision, findings) "
                    "VALUES (?, ?, ?, ?, ?, 'admin', ?)");
  if (!st.ok()) return st.status();
  sqlite3_bind_int64(st->get(), 1, now_millis());
  bind_text(st->get(), 2, "cli_" + generate_key().substr(4, 16));
  bind_text(st->get(), 3, actor);
  bind_text(st->get(), 4, route);
  sqlite3_bind_int(st->get(), 5, outcome.ok() ? 0 : 1);
  bind_text(st->get(), 6, nlohmann::json::array({f}).dump());
  if (sqlite3_step(st->get()) != SQLITE_DONE) return internal_error(std::string("sqlite: ") + sqlite3_errmsg(db));
  return Status::Ok();
}

}  // namespace bulwark::gateway
