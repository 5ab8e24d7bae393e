// Coverage is judged on the configuration as it would run: these tests change one thing in the
// gateway config or the policy and check that exactly the controls and rows that depend on it
// change, and that every control that is not active says how to close the gap.
#include "report/coverage.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "report/frameworks.h"

namespace bulwark::report {
namespace {

constexpr const char* kHash = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

Posture posture(const std::string& gateway_yaml, const std::string& policy_yaml = "",
                const std::vector<KeyFacts>* db_keys = nullptr) {
  auto config = gateway::parse_gateway_config(gateway_yaml, "gw.yaml");
  EXPECT_TRUE(config.ok()) << config.status().message();
  Policy policy = Policy::defaults();
  if (!policy_yaml.empty()) {
    auto p = parse_policy_yaml(policy_yaml, "p.yaml");
    EXPECT_TRUE(p.ok()) << p.status().message();
    policy = *p;
  }
  auto p = build_posture(*config, true, policy, !policy_yaml.empty(), db_keys);
  EXPECT_TRUE(p.ok()) << p.status().message();
  return *p;
}

std::string keys_yaml(bool models, uint32_t rpm) {
  std::string y = "keys:\n  - id: app1\n    sha256: " + std::string(kHash) + "\n";
  if (models) y += "    models: [gpt-4o-mini]\n";
  if (rpm) y += "    rpm: " + std::to_string(rpm) + "\n";
  return y;
}

const ControlResult& control(const std::vector<ControlResult>& cs, const std::string& id) {
  const ControlResult* c = find_control(cs, id);
  EXPECT_NE(c, nullptr) << id;
  static ControlResult none;
  return c ? *c : none;
}

const RowCoverage& row(const std::vector<RowCoverage>& rows, const std::string& id) {
  auto it = std::find_if(rows.begin(), rows.end(), [&](const RowCoverage& r) { return r.row->id == id; });
  EXPECT_NE(it, rows.end()) << id;
  return *it;
}

TEST(ReportCoverage, IdentityNeedsKeysRequired) {
  auto on = evaluate_controls(posture("auth: {required: true}\n" + keys_yaml(true, 60)), IncidentStore::kUnknown);
  auto off = evaluate_controls(posture("auth: {required: false}\n" + keys_yaml(true, 60)), IncidentStore::kUnknown);
  EXPECT_EQ(control(on, "identity").state, ControlState::kActive);
  EXPECT_TRUE(control(on, "identity").fix.empty());
  EXPECT_EQ(control(off, "identity").state, ControlState::kOff);
  EXPECT_NE(control(off, "identity").fix.find("required: true"), std::string::npos);
  EXPECT_EQ(control(off, "identity").fix_target, "gateway config");
  // Without keys required, scoping and rate limits configured on keys protect nothing.
  EXPECT_EQ(control(off, "access_scoping").state, ControlState::kOff);
  EXPECT_EQ(control(off, "rate_limits").state, ControlState::kPartial);

  auto rows_on = evaluate_matrix(Deployment::kPaas, on);
  auto rows_off = evaluate_matrix(Deployment::kPaas, off);
  EXPECT_EQ(row(rows_on, "usage.identity").state, RowState::kCovered);
  EXPECT_EQ(row(rows_off, "usage.identity").state, RowState::kGap);
}

TEST(ReportCoverage, MasterKeyOnlyIsPartialIdentity) {
  std::vector<KeyFacts> none;
  auto cs = evaluate_controls(posture("auth: {required: true}\n", "", &none), IncidentStore::kAbsent);
  EXPECT_EQ(control(cs, "identity").state, ControlState::kPartial);
  EXPECT_NE(control(cs, "identity").fix.find("bulwark keys"), std::string::npos);
  // Database keys count as identities; an unscoped one makes scoping partial.
  std::vector<KeyFacts> db = {{"db1", "database", false, false, 0}};
  auto with_db = evaluate_controls(posture("auth: {required: true}\n" + keys_yaml(true, 30), "", &db),
                                   IncidentStore::kAbsent);
  EXPECT_EQ(control(with_db, "identity").state, ControlState::kActive);
  EXPECT_EQ(control(with_db, "access_scoping").state, ControlState::kPartial);
  EXPECT_NE(control(with_db, "access_scoping").gap.find("db1"), std::string::npos);
  EXPECT_EQ(control(with_db, "rate_limits").state, ControlState::kPartial);
}

TEST(ReportCoverage, ScopingAndRateLimitsFollowTheKeys) {
  auto scoped = evaluate_controls(posture(keys_yaml(true, 60)), IncidentStore::kUnknown);
  auto open = evaluate_controls(posture(keys_yaml(false, 0)), IncidentStore::kUnknown);
  EXPECT_EQ(control(scoped, "access_scoping").state, ControlState::kActive);
  EXPECT_EQ(control(scoped, "rate_limits").state, ControlState::kActive);
  EXPECT_EQ(control(open, "access_scoping").state, ControlState::kOff);
  EXPECT_EQ(control(open, "rate_limits").state, ControlState::kOff);
  EXPECT_NE(control(open, "rate_limits").fix.find("rpm:"), std::string::npos);
}

TEST(ReportCoverage, DefaultPolicyFiltersPromptAttacksOnUserTurns) {
  auto p = posture(keys_yaml(true, 60));
  EXPECT_TRUE(detects(p, "prompt_attack", Role::kUser));
  EXPECT_EQ(best_action(p.policy, "prompt_attack", Role::kUser), Action::kBlock);
  // The built-in rules only annotate prompt attacks found in the system prompt.
  EXPECT_EQ(best_action(p.policy, "prompt_attack", Role::kSystem), Action::kAnnotate);
  auto cs = evaluate_controls(p, IncidentStore::kUnknown);
  EXPECT_EQ(control(cs, "prompt_attack_filter").state, ControlState::kActive);
  EXPECT_NE(control(cs, "prompt_attack_filter").evidence.find("attack.heuristics"), std::string::npos);
  EXPECT_EQ(control(cs, "indirect_injection").state, ControlState::kActive);
  EXPECT_EQ(control(cs, "hidden_text").state, ControlState::kActive);
  EXPECT_EQ(control(cs, "pii_protection").state, ControlState::kActive);
  EXPECT_EQ(control(cs, "secret_protection").state, ControlState::kActive);
  EXPECT_EQ(control(cs, "exfiltration_guard").state, ControlState::kActive);
  EXPECT_EQ(control(cs, "policy_as_code").state, ControlState::kPartial);   // built-in, not a file
  EXPECT_EQ(control(cs, "blocklists").state, ControlState::kOff);           // no list in the default policy
}

TEST(ReportCoverage, AttackDetectorsOffMeansNoPromptFilter) {
  const std::string policy = R"(version: 1
use_default_detectors: false
detectors:
  pii.email: {}
)";
  auto cs = evaluate_controls(posture(keys_yaml(true, 60), policy), IncidentStore::kUnknown);
  const auto& f = control(cs, "prompt_attack_filter");
  EXPECT_EQ(f.state, ControlState::kOff);
  EXPECT_NE(f.gap.find("user: no enabled prompt_attack detector"), std::string::npos);
  EXPECT_NE(f.fix.find("attack.heuristics"), std::string::npos);
  EXPECT_EQ(f.fix_target, "policy");
  EXPECT_EQ(control(cs, "indirect_injection").state, ControlState::kOff);
  EXPECT_EQ(control(cs, "hidden_text").state, ControlState::kOff);
  EXPECT_EQ(control(cs, "policy_as_code").state, ControlState::kActive);
  // pii.email runs on every role with the built-in rules: PII is redacted.
  EXPECT_EQ(control(cs, "pii_protection").state, ControlState::kActive);

  auto paas = evaluate_matrix(Deployment::kPaas, cs);
  const auto& safety = row(paas, "application.safety");
  EXPECT_EQ(safety.state, RowState::kPartial);
  EXPECT_NE(std::find(safety.missing.begin(), safety.missing.end(), "prompt_attack_filter"), safety.missing.end());
  // Under SaaS the same gap is in a provider row.
  EXPECT_EQ(row(evaluate_matrix(Deployment::kSaas, cs), "application.safety").state, RowState::kProvider);
}

TEST(ReportCoverage, DetectingWithoutBlockingIsPartial) {
  const std::string policy = R"(version: 1
rules:
  - {category: prompt_attack, action: annotate}
  - {category: "*", action: block}
)";
  auto cs = evaluate_controls(posture(keys_yaml(true, 60), policy), IncidentStore::kUnknown);
  const auto& f = control(cs, "prompt_attack_filter");
  EXPECT_EQ(f.state, ControlState::kPartial);
  EXPECT_NE(f.gap.find("only annotate"), std::string::npos);
  EXPECT_FALSE(f.fix.empty());
}

TEST(ReportCoverage, DetectorRolesDecide) {
  // The attack detector scans user turns only: direct attacks are filtered, documents are not.
  const std::string policy = R"(version: 1
use_default_detectors: false
detectors:
  attack.heuristics: {roles: [user]}
)";
  auto cs = evaluate_controls(posture(keys_yaml(true, 60), policy), IncidentStore::kUnknown);
  EXPECT_EQ(control(cs, "prompt_attack_filter").state, ControlState::kActive);
  EXPECT_EQ(control(cs, "indirect_injection").state, ControlState::kOff);
  EXPECT_NE(control(cs, "indirect_injection").gap.find("document"), std::string::npos);
}

TEST(ReportCoverage, GatewaySettings) {
  auto cs = evaluate_controls(posture("audit: {queue_size: 5, store_content: true}\n" + keys_yaml(true, 60),
                                      "version: 1\nfailure_mode: fail_open\n"),
                              IncidentStore::kAbsent);
  EXPECT_EQ(control(cs, "audit_log").state, ControlState::kPartial);
  EXPECT_EQ(control(cs, "content_minimization").state, ControlState::kPartial);
  EXPECT_EQ(control(cs, "fail_closed").state, ControlState::kOff);
  EXPECT_EQ(control(cs, "fail_closed").fix, "failure_mode: fail_closed\n");
  EXPECT_EQ(control(cs, "incident_response").state, ControlState::kOff);
  EXPECT_NE(control(cs, "incident_response").evidence.find("no respond: section"), std::string::npos);
  // A table left by an earlier run does not make the control active: the config decides.
  auto table_only = evaluate_controls(posture(keys_yaml(true, 60)), IncidentStore::kPresent);
  EXPECT_EQ(control(table_only, "incident_response").state, ControlState::kOff);
  auto silent = evaluate_controls(posture("respond: {window_s: 120}\n" + keys_yaml(true, 60)), IncidentStore::kAbsent);
  EXPECT_EQ(control(silent, "incident_response").state, ControlState::kPartial);
  EXPECT_NE(control(silent, "incident_response").fix.find("webhooks"), std::string::npos);
  auto alerting = evaluate_controls(
      posture("respond:\n  alerts:\n    log: /tmp/alerts.jsonl\n" + keys_yaml(true, 60)), IncidentStore::kPresent);
  EXPECT_EQ(control(alerting, "incident_response").state, ControlState::kActive);
  EXPECT_NE(control(alerting, "incident_response").evidence.find("alert log"), std::string::npos);
  // Score rules in the policy count only with a responder to run them.
  const std::string scored_policy = "version: 1\nrespond:\n  scores:\n    a: {categories: [pii], suspend_at: 3}\n";
  auto scored = evaluate_controls(posture("respond:\n  alerts:\n    log: /tmp/alerts.jsonl\n" + keys_yaml(true, 60),
                                          scored_policy),
                                  IncidentStore::kAbsent);
  EXPECT_NE(control(scored, "incident_response").evidence.find("the policy brings its own 1 score(s)"), std::string::npos)
      << control(scored, "incident_response").evidence;
  auto unused = evaluate_controls(posture(keys_yaml(true, 60), scored_policy), IncidentStore::kAbsent);
  EXPECT_EQ(control(unused, "incident_response").state, ControlState::kOff);
  EXPECT_NE(control(unused, "incident_response").evidence.find("are not used without one"), std::string::npos);
}

TEST(ReportCoverage, EveryInactiveControlHasAFixAndEveryControlAMapping) {
  auto cs = evaluate_controls(posture("auth: {required: false}\n", "version: 1\nuse_default_detectors: false\n"
                                                                   "failure_mode: fail_open\n"),
                              IncidentStore::kAbsent);
  for (const auto& c : cs) {
    EXPECT_NE(mapping_for(c.id), nullptr) << c.id;
    if (c.state == ControlState::kActive) continue;
    EXPECT_FALSE(c.gap.empty()) << c.id;
    EXPECT_FALSE(c.fix.empty()) << c.id;
    EXPECT_FALSE(c.fix_target.empty()) << c.id;
  }
}

TEST(ReportMatrix, OwnersAreTheBriefsTable) {
  auto cs = evaluate_controls(posture(keys_yaml(true, 60)), IncidentStore::kUnknown);
  auto count = [&](Deployment d, Owner o) {
    auto rows = evaluate_matrix(d, cs);
    return std::count_if(rows.begin(), rows.end(), [&](const RowCoverage& r) { return r.owner == o; });
  };
  EXPECT_EQ(matrix_rows().size(), 11u);
  EXPECT_EQ(count(Deployment::kSaas, Owner::kCustomer), 4);
  EXPECT_EQ(count(Deployment::kSaas, Owner::kShared), 1);
  EXPECT_EQ(count(Deployment::kPaas, Owner::kCustomer), 8);
  EXPECT_EQ(count(Deployment::kIaas, Owner::kCustomer), 10);
  EXPECT_EQ(count(Deployment::kIaas, Owner::kProvider), 1);   // AI compute infrastructure
  auto iaas = evaluate_matrix(Deployment::kIaas, cs);
  EXPECT_EQ(row(iaas, "platform.model_accountability").state, RowState::kOutside);
  EXPECT_EQ(row(iaas, "platform.compute").state, RowState::kProvider);
}

TEST(ReportFrameworks, OwaspFollowsControlState) {
  auto strict = evaluate_controls(posture(keys_yaml(true, 60)), IncidentStore::kUnknown);
  auto open = evaluate_controls(posture("auth: {required: false}\n", "version: 1\nuse_default_detectors: false\n"),
                                IncidentStore::kUnknown);
  auto llm01 = [](const std::vector<ControlResult>& cs) { return owasp_coverage(cs)[0]; };
  EXPECT_EQ(llm01(strict).item->id, "LLM01");
  EXPECT_FALSE(llm01(strict).active.empty());
  EXPECT_TRUE(llm01(open).active.empty());
  EXPECT_FALSE(llm01(open).off.empty());
  auto tactics = atlas_tactic_coverage(strict);
  EXPECT_EQ(tactics.size(), 16u);
  auto nist = nist_coverage(open);
  EXPECT_EQ(nist.size(), 4u);
}

}  // namespace
}  // namespace bulwark::report

namespace bulwark::report {
namespace {

TEST(ReportCoverage, UnscopedDatabaseKeysAreFixedWithCommands) {
  std::vector<KeyFacts> db = {{"batch", "database", false, false, 0}};
  auto cs = evaluate_controls(posture("storage: {db: /srv/gw.db}\n", "", &db), IncidentStore::kAbsent);
  const auto& c = control(cs, "access_scoping");
  EXPECT_EQ(c.state, ControlState::kOff);
  EXPECT_EQ(c.fix_target, "command");
  EXPECT_NE(c.fix.find("bulwark keys --db /srv/gw.db create --id batch-scoped"), std::string::npos);
  EXPECT_NE(c.fix.find("revoke batch"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::report
