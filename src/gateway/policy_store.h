// gateway/policy_store.h — policy versions in the gateway's SQLite file. Every policy that went
// live is kept (target, version, YAML, sha256, who, when, how); policy_active says which version
// of each target runs. A target is "default" or a binding of the config's policies[] list
// ("tenant=acme", "app=bot", "tenant=acme,app=bot"). Version numbers start at 1 per target.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bulwark/result.h"

namespace bulwark::gateway {

struct PolicyVersion {
  std::string target;
  int64_t version = 0;
  std::string yaml;
  std::string sha256;
  std::string name;          // the policy's own `name:`
  int64_t created_at_ms = 0;
  std::string created_by;    // key id, or "config" for a file read at start or on reload
  std::string source;        // "file", "api", "rollback" (a rollback activates; it adds no version)
};

struct ActivePolicy {
  std::string target;
  int64_t version = 0;
  int64_t activated_at_ms = 0;
  std::string activated_by;
  std::string file_sha256;   // the config file's policy when it was last read (see Gateway::create)
};

class PolicyStore {
 public:
  explicit PolicyStore(sqlite3* db) : db_(db) {}
  static Status ensure_schema(sqlite3* db);

  // Adds a version (the next number for its target); fills in version and created_at.
  Result<PolicyVersion> add(PolicyVersion v);
  Result<std::optional<PolicyVersion>> get(const std::string& target, int64_t version);
  // Newest first; without the YAML text unless with_yaml.
  Result<std::vector<PolicyVersion>> list(const std::string& target, bool with_yaml = false);
  Result<std::optional<ActivePolicy>> active(const std::string& target);
  Status set_active(const ActivePolicy& a);
  // The highest version below `version` ("" when none): what a rollback goes back to.
  Result<std::optional<int64_t>> previous(const std::string& target, int64_t version);

 private:
  sqlite3* db_;
};

}  // namespace bulwark::gateway
