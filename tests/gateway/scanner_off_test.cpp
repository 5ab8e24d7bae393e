// A policy without detectors ("scanning off") skips the text pipeline in the gateway's
// Scanner, and must still answer exactly as the engine: nothing found for valid text, the
// engine's refusal for malformed UTF-8 and for input over max_input_bytes.
#include <gtest/gtest.h>

#include "gateway/scanner.h"

namespace bulwark::gateway {
namespace {

TEST(GatewayScannerOff, SameAnswersAsTheEngineWithoutDetectors) {
  auto policy = parse_policy_yaml("version: 1\nname: off\nuse_default_detectors: false\nmax_input_bytes: 64\n");
  ASSERT_TRUE(policy.ok()) << policy.status().message();
  auto engine = Engine::compile(*policy);
  ASSERT_TRUE(engine.ok()) << engine.status().message();
  ASSERT_TRUE((*engine)->detector_ids().empty());
  Metrics metrics;
  Scanner scanner(*engine, &metrics);
  auto scratch = (*engine)->new_scratch();

  for (std::string text : {std::string("hello bob@example.com"), std::string(""), std::string(64, 'a')}) {
    auto fast = scanner.scan(text, Role::kUser);
    auto full = (*engine)->scan({text, Role::kUser}, *scratch);
    ASSERT_TRUE(fast.ok());
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(fast->decision, full->decision);
    EXPECT_EQ(fast->findings.size(), full->findings.size());
    EXPECT_EQ(fast->redacted_text, full->redacted_text);
  }
  for (std::string text : {std::string("bad \xC3\x28 utf8"), std::string(65, 'a')}) {
    auto fast = scanner.scan(text, Role::kUser);
    auto full = (*engine)->scan({text, Role::kUser}, *scratch);
    ASSERT_FALSE(full.ok());
    ASSERT_FALSE(fast.ok());
    EXPECT_EQ(fast.status().code(), full.status().code());
  }
}

TEST(GatewayScannerOff, PoliciesWithDetectorsStillScan) {
  auto policy = parse_policy_yaml("version: 1\nname: on\nrules:\n  - category: pii\n    action: block\n");
  ASSERT_TRUE(policy.ok()) << policy.status().message();
  auto engine = Engine::compile(*policy);
  ASSERT_TRUE(engine.ok()) << engine.status().message();
  Scanner scanner(*engine, nullptr);
  auto r = scanner.scan("write to bob@example.com", Role::kUser);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->decision, Action::kBlock);
  EXPECT_FALSE(r->findings.empty());
}

}  // namespace
}  // namespace bulwark::gateway
