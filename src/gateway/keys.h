// gateway/keys.h — API keys and the identities they map to. Keys are stored only as SHA-256
// hashes (config file and SQLite); the plain key is shown once, when created.
// Thread-safety: KeyStore::authenticate may be called from any thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bulwark/result.h"
#include "gateway/config.h"
#include "gateway/db.h"
#include "gateway/http.h"

namespace bulwark::gateway {

struct Identity {
  std::string key_id;
  std::string tenant, app, user;
  std::vector<std::string> roles;
  std::vector<std::string> models;   // empty: any
  std::vector<std::string> tools;    // empty: any
  uint32_t rpm = 0;                  // requests per minute; 0: unlimited
  uint32_t tpm = 0;                  // tokens per minute; 0: unlimited
  bool master = false;

  bool may_use_model(const std::string& model) const;
  bool may_use_tool(const std::string& tool) const;
  bool has_role(const std::string& role) const;
};

std::string sha256_hex(std::string_view data);
// "bwk_" + 48 hex characters from the OS CSPRNG.
std::string generate_key();

// The key a request presents: Authorization: Bearer, api-key or Ocp-Apim-Subscription-Key.
std::optional<std::string> presented_key(const HttpRequest& req);

struct StoredKey {
  std::string id, sha256, tenant, app, user;
  std::vector<std::string> roles, models, tools;
  int64_t created_at = 0;
  std::optional<int64_t> expires_at, revoked_at;
  uint32_t rpm = 0, tpm = 0;   // per minute; 0: unlimited (enforced as for config keys)
};

// What `update` changes on a stored key: each set field replaces the stored value; the key itself,
// its id and its identity (tenant, app, user) stay as they are.
struct KeyChange {
  std::optional<std::vector<std::string>> roles, models, tools;
  std::optional<uint32_t> rpm, tpm;
  bool empty() const { return !roles && !models && !tools && !rpm && !tpm; }
};

// The SQLite side: used by the server (lookups) and by `bulwark keys`.
class KeyTable {
 public:
  explicit KeyTable(sqlite3* db) : db_(db) {}
  // Creates a key; returns the plain key (the only time it exists).
  Result<std::string> create(StoredKey key);
  Result<std::vector<StoredKey>> list();
  Status revoke(const std::string& id);
  // Changes the rights and limits of an active (not revoked) key; takes effect on its next request.
  Result<StoredKey> update(const std::string& id, const KeyChange& change);
  // New key with the same identity; the old one stays valid for overlap_seconds.
  Result<std::string> rotate(const std::string& id, const std::string& new_id, int64_t overlap_seconds);
  Result<std::optional<StoredKey>> find_by_hash(const std::string& sha256);
  // The key with this id unless it was revoked (expired keys are still found: they can be
  // updated or rotated until revoked).
  Result<std::optional<StoredKey>> find_active(const std::string& id);

 private:
  // The one row matching `where` (one `?`, bound to `value`), if any.
  Result<std::optional<StoredKey>> find_one(const char* where, const std::string& value);
  sqlite3* db_;
};

class KeyStore {
 public:
  // db may be null (config keys and the master key only).
  KeyStore(const GatewayConfig& config, sqlite3* db);
  // nullopt: unknown, revoked or expired key.
  std::optional<Identity> authenticate(const std::string& key) const;

 private:
  std::unordered_map<std::string, Identity> by_hash_;   // config keys
  std::string master_hash_;
  sqlite3* db_;
  mutable std::mutex db_mu_;
};

int64_t now_seconds();

}  // namespace bulwark::gateway
