// The responder stores an incident before the suspension it causes takes effect: when
// observe() returns (and so before the triggering request is answered), the incident row is
// committed, and check() refuses the key. Worker::submit_and_wait reports the store.
#include <gtest/gtest.h>

#include <filesystem>

#include "gateway/db.h"
#include "respond/incidents.h"
#include "respond/responder.h"
#include "respond/worker.h"
#include "support/temp_dir.h"

namespace bulwark::respond {
namespace {

namespace fs = std::filesystem;

class ResponderStore : public ::testing::Test {
 protected:
  // First member: removed last, after everything that holds files in it.
  bulwark::testing::TempDir dir_{"bulwark_respstore"};

  void SetUp() override {
    db_ = (dir_ / "r.db").string();
  }
  int incidents(const std::string& key) {
    auto db = gateway::open_db(db_);
    EXPECT_TRUE(db.ok());
    if (!IncidentTable::ensure_schema(db->get()).ok()) return -1;
    IncidentFilter f;
    f.key_id = key;
    auto l = IncidentTable(db->get()).list(f);
    return l.ok() ? static_cast<int>(l->size()) : -1;
  }
  std::string db_;
};

TEST_F(ResponderStore, SubmitAndWaitReturnsAfterTheRowIsCommitted) {
  auto w = Worker::start(AlertsConfig{}, db_);
  ASSERT_TRUE(w.ok()) << w.status().message();
  Incident inc;
  inc.opened_at_ms = inc.updated_at_ms = wall_ms();
  inc.key_id = "k1";
  inc.kind = "prompt_attack";
  EXPECT_TRUE((*w)->submit_and_wait(inc, 5000));
  EXPECT_EQ(incidents("k1"), 1);
  EXPECT_TRUE((*w)->submit_and_wait(inc, 5000));   // folded into the open one
  EXPECT_EQ(incidents("k1"), 1);
  EXPECT_EQ((*w)->stats().incidents_updated.load(), 1u);
  (*w)->stop(0);
  EXPECT_FALSE((*w)->submit_and_wait(inc, 100));   // stopped: refused, not waited on
}

TEST_F(ResponderStore, SuspensionOnlyAfterTheIncidentIsStored) {
  RespondConfig c;
  c.enabled = true;
  c.routes = {"*"};
  ScoreRule rule;
  rule.kind = "prompt_attack";
  rule.categories = {"prompt_attack"};
  rule.suspend_at = 2;
  c.scores = {rule};
  auto r = Responder::start(c, db_);
  ASSERT_TRUE(r.ok()) << r.status().message();
  Observation o;
  o.key_id = "k2";
  o.route = "/v1/moderations";
  o.decision = "block";
  o.findings_json = R"([{"category":"prompt_attack","action":"block"}])";
  o.ts_ms = wall_ms();
  o.request_id = "req-1";
  (*r)->observe(o);
  EXPECT_FALSE((*r)->check("k2", wall_ms()));
  EXPECT_EQ(incidents("k2"), 0);
  o.request_id = "req-2";
  (*r)->observe(o);
  EXPECT_EQ(incidents("k2"), 1);   // committed before observe() returned
  auto refusal = (*r)->check("k2", wall_ms());
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, 403);
  // Resolved elsewhere (another connection: the CLI on the file): lifted at the next sync.
  {
    auto db = gateway::open_db(db_);
    ASSERT_TRUE(db.ok());
    IncidentTable table(db->get());
    IncidentFilter f;
    f.key_id = "k2";
    auto l = table.list(f);
    ASSERT_TRUE(l.ok());
    ASSERT_EQ(l->size(), 1u);
    ASSERT_TRUE(table.transition((*l)[0].id, "resolved", wall_ms()).ok());
  }
  EXPECT_TRUE((*r)->check("k2", wall_ms() + 2500) == std::nullopt) << "the resolution reaches the running responder";
  (*r)->stop(0);
}

TEST_F(ResponderStore, APolicysOwnRulesReplaceTheConfigs) {
  RespondConfig c;
  c.enabled = true;
  c.routes = {"*"};
  c.scores = default_scores();   // prompt_attack: suspend at 5
  auto r = Responder::start(c, db_);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ScoreRule strict;
  strict.kind = "strict_attack";
  strict.categories = {"prompt_attack"};
  strict.suspend_at = 1;
  const std::vector<ScoreRule> strict_rules = {strict}, no_rules;
  auto attack = [&](const std::string& key, const std::vector<ScoreRule>* rules, int n) {
    Observation o;
    o.key_id = key;
    o.route = "/v1/chat/completions";
    o.decision = "block";
    o.findings_json = R"([{"category":"prompt_attack","action":"block"}])";
    o.scores = rules;
    o.ts_ms = wall_ms();
    o.request_id = key + "-" + std::to_string(n);
    (*r)->observe(o);
  };
  attack("under-config", nullptr, 1);
  EXPECT_FALSE((*r)->check("under-config", wall_ms())) << "the config's rule needs 5";
  attack("under-strict", &strict_rules, 1);
  auto refusal = (*r)->check("under-strict", wall_ms());
  ASSERT_TRUE(refusal) << "the policy's rule suspends at 1";
  EXPECT_EQ(refusal->kind, "strict_attack");
  EXPECT_EQ(incidents("under-strict"), 1);
  for (int i = 0; i < 10; ++i) attack("unscored", &no_rules, i);
  EXPECT_FALSE((*r)->check("unscored", wall_ms())) << "an empty rule list scores nothing";
  EXPECT_EQ(incidents("unscored"), 0);
  (*r)->stop(0);
}

}  // namespace
}  // namespace bulwark::respond
