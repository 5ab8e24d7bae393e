// Limits on keys stored in SQLite (rpm, tpm next to models, tools and roles): stored, listed,
// kept by rotation, handed to the gateway in the Identity, and added by migration to a
// database created before the columns existed, without losing its keys.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "gateway/keys.h"

namespace bulwark::gateway {
namespace {

std::filesystem::path temp_db(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / ("bulwark-" + name + "-" + std::to_string(::getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
  return p;
}

TEST(GatewayKeyLimits, StoredListedRotatedAndEnforcedThroughIdentity) {
  const auto path = temp_db("key-limits");
  auto db = open_db(path.string());
  ASSERT_TRUE(db.ok()) << db.status().message();
  KeyTable table(db->get());
  StoredKey k;
  k.id = "lim";
  k.tenant = "t";
  k.roles = {"analyst"};
  k.models = {"gpt-a", "gpt-b"};
  k.tools = {"search"};
  k.rpm = 60;
  k.tpm = 10000;
  auto plain = table.create(k);
  ASSERT_TRUE(plain.ok()) << plain.status().message();
  StoredKey open;
  open.id = "open";
  auto plain_open = table.create(open);
  ASSERT_TRUE(plain_open.ok());

  auto all = table.list();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  const StoredKey& got = (*all)[0].id == "lim" ? (*all)[0] : (*all)[1];
  EXPECT_EQ(got.rpm, 60u);
  EXPECT_EQ(got.tpm, 10000u);
  EXPECT_EQ(got.models, (std::vector<std::string>{"gpt-a", "gpt-b"}));

  KeyStore store(GatewayConfig{}, db->get());
  auto id = store.authenticate(*plain);
  ASSERT_TRUE(id);
  EXPECT_EQ(id->rpm, 60u);
  EXPECT_EQ(id->tpm, 10000u);
  EXPECT_TRUE(id->may_use_model("gpt-b"));
  EXPECT_FALSE(id->may_use_model("gpt-c"));
  EXPECT_TRUE(id->may_use_tool("search"));
  EXPECT_FALSE(id->may_use_tool("shell"));
  EXPECT_TRUE(id->has_role("analyst"));
  auto unlimited = store.authenticate(*plain_open);
  ASSERT_TRUE(unlimited);
  EXPECT_EQ(unlimited->rpm, 0u);
  EXPECT_EQ(unlimited->tpm, 0u);

  auto rotated = table.rotate("lim", "lim2", 60);
  ASSERT_TRUE(rotated.ok());
  auto r = store.authenticate(*rotated);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->key_id, "lim2");
  EXPECT_EQ(r->rpm, 60u);
  EXPECT_EQ(r->tpm, 10000u);
  db = DbPtr();
  std::filesystem::remove(path);
}

TEST(GatewayKeyLimits, MigrationAddsColumnsAndKeepsOldKeys) {
  const auto path = temp_db("key-migrate");
  const std::string old_plain = "bwk_old-key-from-an-older-version";
  {
    // The api_keys table as versions before the limits created it, with one key in it.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    DbPtr old(raw);
    ASSERT_TRUE(exec(old.get(), R"sql(
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,
  tenant TEXT NOT NULL DEFAULT '', app TEXT NOT NULL DEFAULT '', user TEXT NOT NULL DEFAULT '',
  roles TEXT NOT NULL DEFAULT '[]', models TEXT NOT NULL DEFAULT '[]', tools TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER);)sql")
                    .ok());
    const std::string insert = "INSERT INTO api_keys (id, sha256, tenant, models, created_at) VALUES ('old', '" +
                               sha256_hex(old_plain) + "', 'legacy', '[\"gpt-x\"]', 1700000000)";
    ASSERT_TRUE(exec(old.get(), insert.c_str()).ok());
    EXPECT_FALSE(has_column(old.get(), "api_keys", "rpm"));
  }
  for (int round = 0; round < 2; ++round) {   // the second open finds the columns and changes nothing
    auto db = open_db(path.string());
    ASSERT_TRUE(db.ok()) << db.status().message();
    EXPECT_TRUE(has_column(db->get(), "api_keys", "rpm"));
    EXPECT_TRUE(has_column(db->get(), "api_keys", "tpm"));
    KeyTable table(db->get());
    auto all = table.list();
    ASSERT_TRUE(all.ok()) << all.status().message();
    ASSERT_EQ(all->size(), round == 0 ? 1u : 2u);
    EXPECT_EQ((*all)[0].id, "old");
    EXPECT_EQ((*all)[0].tenant, "legacy");
    EXPECT_EQ((*all)[0].rpm, 0u);   // existing keys stay unlimited
    KeyStore store(GatewayConfig{}, db->get());
    auto id = store.authenticate(old_plain);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->tenant, "legacy");
    EXPECT_FALSE(id->may_use_model("gpt-y"));
    if (round == 0) {
      StoredKey k;
      k.id = "new";
      k.rpm = 5;
      ASSERT_TRUE(table.create(k).ok());
    } else {
      EXPECT_EQ((*all)[1].rpm, 5u);
    }
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace bulwark::gateway
