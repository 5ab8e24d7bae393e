#include "bulwark/policy.h"

#include <gtest/gtest.h>

namespace bulwark {
namespace {

TEST(PolicyYaml, LoadsAFullPolicy) {
  auto p = parse_policy_yaml(R"(version: 1
name: strict
invalid_utf8: replace
failure_mode: fail_open
redaction: hash
detectors:
  pii.email: {roles: [user, document]}
rules:
  - {category: pii, action: block, min_severity: 2}
blocklists:
  - name: corp
    terms: [project falcon]
)", "p.yaml");
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(p->name, "strict");
  EXPECT_EQ(p->invalid_utf8, InvalidUtf8Mode::kReplace);
  EXPECT_EQ(p->failure_mode, FailureMode::kFailOpen);
  EXPECT_EQ(p->redaction, RedactionMode::kHash);
  ASSERT_EQ(p->rules.size(), 1u);
  EXPECT_EQ(p->rules[0].action, Action::kBlock);
  ASSERT_EQ(p->blocklists.size(), 1u);
}

TEST(PolicyYaml, UnknownFieldNamesFileLineAndField) {
  auto p = parse_policy_yaml("version: 1\nrules:\n  - category: pii\n    acton: block\n", "bad.yaml");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidPolicy);
  EXPECT_NE(p.status().message().find("bad.yaml:4"), std::string::npos) << p.status().message();
  EXPECT_NE(p.status().message().find("rules[0].acton"), std::string::npos) << p.status().message();
}

TEST(PolicyYaml, RejectsBadValues) {
  for (const char* y : {"version: 2\n", "name: x\n", "version: 1\nredaction: shred\n",
                        "version: 1\nrules:\n  - {category: pii, action: nuke}\n",
                        "version: 1\nrules:\n  - {category: pii, action: block, min_severity: 9}\n",
                        "version: 1\ndetectors:\n  no.such: true\n",
                        "version: 1\ndetectors:\n  pii.email: {roles: [admin]}\n",
                        "version: 1\nrules: [\n", "version: 1\nblocklists:\n  - {name: a}\n  - {name: a}\n"}) {
    auto p = parse_policy_yaml(y, "t.yaml");
    EXPECT_FALSE(p.ok()) << y;
    if (!p.ok()) EXPECT_NE(p.status().message().find("t.yaml"), std::string::npos) << p.status().message();
  }
}

TEST(PolicyYaml, BlocklistLimits) {
  std::string y = "version: 1\nblocklists:\n  - name: a\n    terms: [\"" + std::string(129, 'x') + "\"]\n";
  auto p = parse_policy_yaml(y, "t.yaml");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("128"), std::string::npos);
}

TEST(PolicyYaml, RespondScoresBelongToThePolicy) {
  auto p = parse_policy_yaml(R"(version: 1
respond:
  scores:
    prompt_attack: {categories: [prompt_attack], weight: 2, throttle_at: 2, suspend_at: 4}
    leaks: {categories: [secrets], per: finding, suspend_at: 3}
)", "p.yaml");
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  ASSERT_TRUE(p->respond_scores);
  ASSERT_EQ(p->respond_scores->size(), 2u);
  EXPECT_EQ((*p->respond_scores)[0].kind, "prompt_attack");
  EXPECT_EQ((*p->respond_scores)[0].weight, 2);
  EXPECT_EQ((*p->respond_scores)[0].suspend_at, 4);
  EXPECT_TRUE((*p->respond_scores)[1].per_finding);

  auto none = parse_policy_yaml("version: 1\n", "p.yaml");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->respond_scores) << "no section: the gateway's scores apply";
  auto off = parse_policy_yaml("version: 1\nrespond:\n  scores: {}\n", "p.yaml");
  ASSERT_TRUE(off.ok()) << off.status().to_string();
  ASSERT_TRUE(off->respond_scores);
  EXPECT_TRUE(off->respond_scores->empty()) << "an empty list: nothing is scored under this policy";

  // The gateway-wide settings are not the policy's; bad rules are refused with file and line.
  auto window = parse_policy_yaml("version: 1\nrespond:\n  window_s: 10\n", "w.yaml");
  ASSERT_FALSE(window.ok());
  EXPECT_EQ(window.status().code(), StatusCode::kInvalidPolicy);
  EXPECT_NE(window.status().message().find("w.yaml:3: respond.window_s: unknown field"), std::string::npos)
      << window.status().message();
  auto weight = parse_policy_yaml("version: 1\nrespond:\n  scores:\n    x: {categories: [pii], weight: 0, suspend_at: 1}\n", "x.yaml");
  ASSERT_FALSE(weight.ok());
  EXPECT_EQ(weight.status().code(), StatusCode::kInvalidPolicy);
  EXPECT_NE(weight.status().message().find("x.yaml:4: respond.scores.x.weight: must be greater than 0"), std::string::npos)
      << weight.status().message();
  EXPECT_FALSE(parse_policy_yaml("version: 1\nrespond:\n  scores:\n    x: {categories: [pii]}\n", "t.yaml").ok())
      << "a rule needs a threshold";
}

TEST(PolicyYaml, MissingFileIsNotFound) {
  auto p = load_policy_file("/nonexistent/policy.yaml");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace bulwark
