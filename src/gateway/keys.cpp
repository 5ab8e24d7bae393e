#include "gateway/keys.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

namespace bulwark::gateway {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string hex(const unsigned char* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = d[p[i] >> 4];
    out[2 * i + 1] = d[p[i] & 15];
  }
  return out;
}

std::string to_json(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }
std::vector<std::string> from_json(const std::string& s) {
  auto j = nlohmann::json::parse(s, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

StoredKey read_row(sqlite3_stmt* s) {
  StoredKey k;
  k.id = column_text(s, 0);
  k.sha256 = column_text(s, 1);
  k.tenant = column_text(s, 2);
  k.app = column_text(s, 3);
  k.user = column_text(s, 4);
  k.roles = from_json(column_text(s, 5));
  k.models = from_json(column_text(s, 6));
  k.tools = from_json(column_text(s, 7));
  k.created_at = sqlite3_column_int64(s, 8);
  if (sqlite3_column_type(s, 9) != SQLITE_NULL) k.expires_at = sqlite3_column_int64(s, 9);
  if (sqlite3_column_type(s, 10) != SQLITE_NULL) k.revoked_at = sqlite3_column_int64(s, 10);
  k.rpm = static_cast<uint32_t>(std::clamp<int64_t>(sqlite3_column_int64(s, 11), 0, UINT32_MAX));
  k.tpm = static_cast<uint32_t>(std::clamp<int64_t>(sqlite3_column_int64(s, 12), 0, UINT32_MAX));
  return k;
}

constexpr const char* kColumns =
    "id, sha256, tenant, app, user, roles, models, tools, created_at, expires_at, revoked_at, rpm, tpm";

}  // namespace

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool Identity::may_use_model(const std::string& model) const {
  return master || models.empty() || contains(models, model) || contains(models, "*");
}
bool Identity::may_use_tool(const std::string& tool) const {
  return master || tools.empty() || contains(tools, tool) || contains(tools, "*");
}
bool Identity::has_role(const std::string& role) const { return master || contains(roles, role); }

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
  return hex(md, n);
}

std::string generate_key() {
  unsigned char buf[24];
  if (RAND_bytes(buf, sizeof buf) != 1) std::abort();   // no entropy: never hand out a weak key
  return "bwk_" + hex(buf, sizeof buf);
}

std::optional<std::string> presented_key(const HttpRequest& req) {
  std::string auth = req.header("authorization");
  if (auth.size() > 7 && (auth.compare(0, 7, "Bearer ") == 0 || auth.compare(0, 7, "bearer ") == 0)) {
    std::string k = auth.substr(7);
    while (!k.empty() && k.front() == ' ') k.erase(0, 1);
    if (!k.empty()) return k;
  }
  for (const char* h : {"api-key", "ocp-apim-subscription-key"}) {
    std::string v = req.header(h);
    if (!v.empty()) return v;
  }
  return std::nullopt;
}

Result<std::string> KeyTable::create(StoredKey key) {
  std::string plain = generate_key();
  key.sha256 = sha256_hex(plain);
  if (key.created_at == 0) key.created_at = now_seconds();
  auto st = prepare(db_,
                    "INSERT INTO api_keys (id, sha256, tenant, app, user, roles, models, tools, created_at, "
                    "expires_at, rpm, tpm) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!st.ok()) return st.status();
  sqlite3_stmt* s = st->get();
  bind_text(s, 1, key.id);
  bind_text(s, 2, key.sha256);
  bind_text(s, 3, key.tenant);
  bind_text(s, 4, key.app);
  bind_text(s, 5, key.user);
  bind_text(s, 6, to_json(key.roles));
  bind_text(s, 7, to_json(key.models));
  bind_text(s, 8, to_json(key.tools));
  sqlite3_bind_int64(s, 9, key.created_at);
  if (key.expires_at) sqlite3_bind_int64(s, 10, *key.expires_at);
  else sqlite3_bind_null(s, 10);
  sqlite3_bind_int64(s, 11, key.rpm);
  sqlite3_bind_int64(s, 12, key.tpm);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_CONSTRAINT) return invalid_argument("a key with id '" + key.id + "' already exists");
  if (rc != SQLITE_DONE) return internal_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
  return plain;
}

Result<std::vector<StoredKey>> KeyTable::list() {
  auto st = prepare(db_, (std::string("SELECT ") + kColumns + " FROM api_keys ORDER BY created_at, id").c_str());
  if (!st.ok()) return st.status();
  std::vector<StoredKey> out;
  while (sqlite3_step(st->get()) == SQLITE_ROW) out.push_back(read_row(st->get()));
  return out;
}

Status KeyTable::revoke(const std::string& id) {
  auto st = prepare(db_, "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  if (!st.ok()) return st.status();
  sqlite3_bind_int64(st->get(), 1, now_seconds());
  bind_text(st->get(), 2, id);
  if (sqlite3_step(st->get()) != SQLITE_DONE) return internal_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
  if (sqlite3_changes(db_) == 0) return not_found("no active key with id '" + id + "'");
  return Status::Ok();
}

Result<StoredKey> KeyTable::update(const std::string& id, const KeyChange& change) {
  if (change.empty()) return invalid_argument("nothing to change: give roles, models, tools, rpm or tpm");
  auto found = find_active(id);
  if (!found.ok()) return found.status();
  std::optional<StoredKey> key = std::move(found).value();
  if (!key) return not_found("no active key with id '" + id + "'");
  if (change.roles) key->roles = *change.roles;
  if (change.models) key->models = *change.models;
  if (change.tools) key->tools = *change.tools;
  if (change.rpm) key->rpm = *change.rpm;
  if (change.tpm) key->tpm = *change.tpm;
  auto st = prepare(db_, "UPDATE api_keys SET roles = ?, models = ?, tools = ?, rpm = ?, tpm = ? WHERE id = ?");
  if (!st.ok()) return st.status();
  sqlite3_stmt* s = st->get();
  bind_text(s, 1, to_json(key->roles));
  bind_text(s, 2, to_json(key->models));
  bind_text(s, 3, to_json(key->tools));
  sqlite3_bind_int64(s, 4, key->rpm);
  sqlite3_bind_int64(s, 5, key->tpm);
  bind_text(s, 6, id);
  BULWARK_RETURN_IF_ERROR(step_done(db_, s));
  return *key;
}

Result<std::string> KeyTable::rotate(const std::string& id, const std::string& new_id, int64_t overlap_seconds) {
  auto found = find_active(id);
  if (!found.ok()) return found.status();
  const std::optional<StoredKey>& old = found.value();
  if (!old) return not_found("no active key with id '" + id + "'");
  StoredKey next = *old;
  next.id = new_id;
  next.created_at = 0;
  next.expires_at.reset();
  next.revoked_at.reset();
  auto plain = create(next);
  if (!plain.ok()) return plain.status();
  auto st = prepare(db_, "UPDATE api_keys SET expires_at = ? WHERE id = ?");
  if (!st.ok()) return st.status();
  sqlite3_bind_int64(st->get(), 1, now_seconds() + overlap_seconds);
  bind_text(st->get(), 2, id);
  if (sqlite3_step(st->get()) != SQLITE_DONE) return internal_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
  return plain;
}

Result<std::optional<StoredKey>> KeyTable::find_one(const char* where, const std::string& value) {
  auto st = prepare(db_, (std::string("SELECT ") + kColumns + " FROM api_keys WHERE " + where).c_str());
  if (!st.ok()) return st.status();
  bind_text(st->get(), 1, value);
  if (sqlite3_step(st->get()) != SQLITE_ROW) return std::optional<StoredKey>();
  return std::optional<StoredKey>(read_row(st->get()));
}

Result<std::optional<StoredKey>> KeyTable::find_by_hash(const std::string& sha256) {
  return find_one("sha256 = ?", sha256);
}

Result<std::optional<StoredKey>> KeyTable::find_active(const std::string& id) {
  return find_one("id = ? AND revoked_at IS NULL", id);
}

namespace {

// A key from the config file (KeyConfig) or from the key table (StoredKey): the same fields.
template <class Key>
Identity identity_of(const Key& k) {
  Identity id;
  id.key_id = k.id;
  id.tenant = k.tenant;
  id.app = k.app;
  id.user = k.user;
  id.roles = k.roles;
  id.models = k.models;
  id.tools = k.tools;
  id.rpm = k.rpm;
  id.tpm = k.tpm;
  return id;
}

}  // namespace

KeyStore::KeyStore(const GatewayConfig& config, sqlite3* db) : db_(db) {
  for (const auto& k : config.keys) by_hash_[k.sha256] = identity_of(k);
  if (!config.master_key.empty()) master_hash_ = sha256_hex(config.master_key);
}

std::optional<Identity> KeyStore::authenticate(const std::string& key) const {
  const std::string h = sha256_hex(key);
  if (!master_hash_.empty() && h == master_hash_) {
    Identity id;
    id.key_id = "master";
    id.tenant = "admin";
    id.roles = {"admin"};
    id.master = true;
    return id;
  }
  if (auto it = by_hash_.find(h); it != by_hash_.end()) return it->second;
  if (!db_) return std::nullopt;
  std::lock_guard lock(db_mu_);
  auto found = KeyTable(db_).find_by_hash(h);
  if (!found.ok() || !found->has_value()) return std::nullopt;
  const StoredKey& k = **found;
  const int64_t now = now_seconds();
  if (k.revoked_at || (k.expires_at && *k.expires_at <= now)) return std::nullopt;
  return identity_of(k);
}

}  // namespace bulwark::gateway
