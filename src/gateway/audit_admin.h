// gateway/audit_admin.h — an audit row for an administrative change made outside the server
// (`bulwark keys`, `bulwark incidents` on the SQLite file), so that every admin action is in the
// audit log whether it came through the admin API or the command line.
#pragma once

#include <sqlite3.h>

#include <string>

#include "bulwark/result.h"

namespace bulwark::gateway {

// route: e.g. "cli:keys"; action: e.g. "key.create"; subject: the key or incident id.
// The actor is "cli:<login name>". decision = admin; status 0 = done, 1 = refused.
Status audit_admin_action(sqlite3* db, const std::string& route, const std::string& action, const std::string& subject,
                          const Status& outcome);

}  // namespace bulwark::gateway
