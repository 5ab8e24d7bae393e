#include "gateway/keys.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace bulwark::gateway {

TEST(GatewayKeys, Sha256KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(GatewayKeys, GeneratedKeysAreUniqueAndLong) {
  std::string a = generate_key(), b = generate_key();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("bwk_", 0), 0u);
  EXPECT_EQ(a.size(), 4u + 48u);
}

TEST(GatewayKeys, PresentedInThreeHeaders) {
  HttpRequest r;
  EXPECT_FALSE(presented_key(r));
  r.headers["authorization"] = "Bearer k1";
  EXPECT_EQ(*presented_key(r), "k1");
  r.headers["authorization"] = "Basic abc";
  EXPECT_FALSE(presented_key(r));
  r.headers["api-key"] = "k2";
  EXPECT_EQ(*presented_key(r), "k2");
  r.headers.erase("api-key");
  r.headers["ocp-apim-subscription-key"] = "k3";
  EXPECT_EQ(*presented_key(r), "k3");
}

TEST(GatewayKeys, ConfigKeysByHashMasterAndSqlite) {
  const auto path = std::filesystem::temp_directory_path() / ("bulwark-keys-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  auto db = open_db(path.string());
  ASSERT_TRUE(db.ok()) << db.status().message();
  GatewayConfig cfg;
  cfg.master_key = "master";
  cfg.keys.push_back({"cfg1", sha256_hex("plain-config-key"), "t1", "a1", "u1", {"user"}, {"m1"}, {"search"}});
  KeyTable table(db->get());
  auto made = table.create({"db1", "", "t2", "a2", "u2", {}, {}, {}, 0, {}, {}});
  ASSERT_TRUE(made.ok());
  KeyStore store(cfg, db->get());

  auto c = store.authenticate("plain-config-key");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->tenant, "t1");
  EXPECT_TRUE(c->may_use_model("m1"));
  EXPECT_FALSE(c->may_use_model("m2"));
  EXPECT_TRUE(c->may_use_tool("search"));
  EXPECT_FALSE(c->may_use_tool("shell"));
  auto m = store.authenticate("master");
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->master && m->may_use_model("anything"));
  auto d = store.authenticate(*made);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->key_id, "db1");
  EXPECT_TRUE(d->may_use_model("any"));
  EXPECT_FALSE(store.authenticate("nope"));
  EXPECT_FALSE(store.authenticate(sha256_hex("plain-config-key")));   // the hash itself is not a key

  // Rotation keeps the old key for the overlap; revocation is immediate.
  auto rotated = table.rotate("db1", "db1b", 3600);
  ASSERT_TRUE(rotated.ok());
  EXPECT_TRUE(store.authenticate(*made));
  EXPECT_TRUE(store.authenticate(*rotated));
  auto found = table.find_active("db1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->tenant, "t2");
  EXPECT_TRUE((*found)->expires_at.has_value());   // the rotation's overlap
  ASSERT_TRUE(table.revoke("db1").ok());
  EXPECT_FALSE(store.authenticate(*made));
  EXPECT_FALSE(table.revoke("db1").ok());
  found = table.find_active("db1");   // revoked keys are not found, so not updated or rotated
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  EXPECT_EQ(table.rotate("db1", "db1c", 60).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(table.find_active("no-such-id")->has_value());
  EXPECT_FALSE(table.create({"db1b", "", "", "", "", {}, {}, {}, 0, {}, {}}).ok());   // duplicate id
  auto all = table.list();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  for (const auto& k : *all) EXPECT_EQ(k.sha256.size(), 64u);
  db = DbPtr();
  std::filesystem::remove(path);
}

}  // namespace bulwark::gateway

#include "gateway/rate_limit.h"

namespace bulwark::gateway {

TEST(GatewayRateLimit, TokenBucketPerKey) {
  RateLimiter rl;
  auto t = RateLimiter::Clock::now();
  int retry = 0;
  EXPECT_TRUE(rl.allow("k", 2, t, &retry));
  EXPECT_TRUE(rl.allow("k", 2, t, &retry));
  EXPECT_FALSE(rl.allow("k", 2, t, &retry));
  EXPECT_EQ(retry, 30);                          // 2 per minute: one token every 30 s
  EXPECT_TRUE(rl.allow("other", 2, t, &retry));  // buckets are per key
  EXPECT_FALSE(rl.allow("k", 2, t + std::chrono::seconds(29), &retry));
  EXPECT_TRUE(rl.allow("k", 2, t + std::chrono::seconds(60), &retry));
  EXPECT_TRUE(rl.allow("k", 0, t, &retry));      // 0: unlimited
}

}  // namespace bulwark::gateway
