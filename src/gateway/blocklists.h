// gateway/blocklists.h — Azure AI Content Safety text blocklists, persisted in SQLite and
// matched by text:analyze (terms case-insensitively, regexes with RE2).
#pragma once

#include <string>
#include <vector>

#include "bulwark/result.h"
#include "gateway/db.h"

namespace bulwark::gateway {

struct BlocklistMatch {
  std::string blocklist, item_id, item_text;
};

// Lists that do not exist give kNotFound (named in the message).
Result<std::vector<BlocklistMatch>> match_blocklists(sqlite3* db, const std::vector<std::string>& names,
                                                     const std::string& text);
bool valid_blocklist_name(const std::string& name);

}  // namespace bulwark::gateway
