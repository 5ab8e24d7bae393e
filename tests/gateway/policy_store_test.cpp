#include "gateway/policy_store.h"

#include <gtest/gtest.h>

#include "gateway/db.h"

namespace bulwark::gateway {

namespace {

DbPtr memory_db() {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  DbPtr p(db);
  EXPECT_TRUE(PolicyStore::ensure_schema(db).ok());
  return p;
}

PolicyVersion text(const std::string& target, const std::string& yaml) {
  PolicyVersion v;
  v.target = target;
  v.yaml = yaml;
  v.created_by = "test";
  v.source = "api";
  return v;
}

}  // namespace

TEST(GatewayPolicyStore, VersionsCountPerTarget) {
  auto db = memory_db();
  PolicyStore store(db.get());
  auto a1 = store.add(text("default", "version: 1\n"));
  auto a2 = store.add(text("default", "version: 1\nname: b\n"));
  auto t1 = store.add(text("tenant=acme", "version: 1\n"));
  ASSERT_TRUE(a1.ok() && a2.ok() && t1.ok());
  EXPECT_EQ(a1->version, 1);
  EXPECT_EQ(a2->version, 2);
  EXPECT_EQ(t1->version, 1) << "numbers are per target";
  EXPECT_EQ(a2->sha256.size(), 64u);
  auto list = store.list("default");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].version, 2) << "newest first";
  EXPECT_TRUE((*list)[0].yaml.empty()) << "no YAML unless asked";
  auto got = store.get("default", 1);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->yaml, "version: 1\n");
  EXPECT_FALSE(store.get("default", 7)->has_value());
}

TEST(GatewayPolicyStore, ActiveAndPrevious) {
  auto db = memory_db();
  PolicyStore store(db.get());
  EXPECT_FALSE(store.active("default")->has_value());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store.add(text("default", "v" + std::to_string(i))).ok());
  ASSERT_TRUE(store.set_active({"default", 3, 0, "k1", "abc"}).ok());
  ASSERT_TRUE(store.set_active({"default", 2, 0, "k2", "abc"}).ok());   // an upsert, not a second row
  auto a = store.active("default");
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->version, 2);
  EXPECT_EQ((*a)->activated_by, "k2");
  EXPECT_EQ((*a)->file_sha256, "abc");
  EXPECT_GT((*a)->activated_at_ms, 0);
  EXPECT_EQ(**store.previous("default", 2), 1);
  EXPECT_EQ(**store.previous("default", 9), 3);
  EXPECT_FALSE(store.previous("default", 1)->has_value()) << "nothing before version 1";
}

}  // namespace bulwark::gateway
