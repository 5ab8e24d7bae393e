#include "bulwark/engine.h"

#include <gtest/gtest.h>

namespace bulwark {
namespace {

EnginePtr make(Policy p) {
  auto e = Engine::compile(p);
  EXPECT_TRUE(e.ok()) << e.status().to_string();
  return e.ok() ? *e : nullptr;
}

TEST(Engine, RedactsPiiWithStablePlaceholders) {
  auto engine = make(Policy::defaults());
  auto scratch = engine->new_scratch();
  std::string text = "write to a@example.com, b@example.org and again a@example.com";
  auto r = engine->scan({text, Role::kUser}, *scratch);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->decision, Action::kRedact);
  ASSERT_TRUE(r->redacted_text.has_value());
  EXPECT_EQ(*r->redacted_text, "write to <EMAIL_1>, <EMAIL_2> and again <EMAIL_1>");
}

TEST(Engine, SpansAreInOriginalBytesAndCodePoints) {
  auto engine = make(Policy::defaults());
  auto scratch = engine->new_scratch();
  std::string text = "héllo a@example.com";  // é is two bytes
  auto r = engine->scan({text, Role::kUser}, *scratch);
  ASSERT_TRUE(r.ok());
  const Finding* email = nullptr;
  for (const auto& f : r->findings)
    if (f.subtype == "email") email = &f;
  ASSERT_NE(email, nullptr);
  EXPECT_EQ(email->span.byte_begin, 7u);
  EXPECT_EQ(email->span.byte_end, text.size());
  EXPECT_EQ(email->span.cp_begin, 6u);
  EXPECT_EQ(email->span.cp_end, 19u);
}

TEST(Engine, CodePointOffsetsOfManyFindings) {
  auto engine = make(Policy::defaults());
  auto scratch = engine->new_scratch();
  std::string text;
  std::vector<uint32_t> expect_cp;
  uint32_t cps = 0;
  for (int i = 0; i < 20; ++i) {
    text += "日本 ";  // 3 code points, 7 bytes
    cps += 3;
    expect_cp.push_back(cps);
    std::string mail = "u" + std::to_string(i) + "@example.com";
    text += mail + " ";
    cps += static_cast<uint32_t>(mail.size()) + 1;
  }
  auto r = engine->scan({text, Role::kUser}, *scratch);
  ASSERT_TRUE(r.ok());
  std::vector<uint32_t> got;
  for (const auto& f : r->findings)
    if (f.subtype == "email") {
      got.push_back(f.span.cp_begin);
      EXPECT_EQ(f.span.cp_end - f.span.cp_begin, f.span.byte_end - f.span.byte_begin);
    }
  EXPECT_EQ(got, expect_cp);
}

TEST(Engine, MalformedUtf8IsAnErrorWithOffset) {
  auto engine = make(Policy::defaults());
  auto scratch = engine->new_scratch();
  std::string text = "abc\xC3\x28xyz";
  auto r = engine->scan({text, Role::kUser}, *scratch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("byte offset 3"), std::string::npos);
}

TEST(Engine, MalformedUtf8ReplacedWhenPolicySaysSo) {
  Policy p = Policy::defaults();
  p.invalid_utf8 = InvalidUtf8Mode::kReplace;
  auto engine = make(p);
  auto scratch = engine->new_scratch();
  auto r = engine->scan({"abc\xFFxyz a@example.com", Role::kUser}, *scratch);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->utf8_replaced);
  EXPECT_EQ(r->decision, Action::kRedact);
}

TEST(Engine, OversizedInputIsRejected) {
  Policy p = Policy::defaults();
  p.max_input_bytes = 10;
  auto engine = make(p);
  auto scratch = engine->new_scratch();
  auto r = engine->scan({"this is longer than ten bytes", Role::kUser}, *scratch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
}

TEST(Engine, UnknownDetectorFailsCompile) {
  Policy p = Policy::defaults();
  p.detectors.push_back({"no.such.detector", true, std::nullopt, {}});
  auto e = Engine::compile(p);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidPolicy);
}

TEST(Engine, RoleFilterSkipsDetector) {
  Policy p = Policy::defaults();
  p.detectors.push_back({"pii.email", true, roles_of({Role::kAssistant}), {}});
  auto engine = make(p);
  auto scratch = engine->new_scratch();
  auto r = engine->scan({"a@example.com", Role::kUser}, *scratch);
  ASSERT_TRUE(r.ok());
  for (const auto& f : r->findings) EXPECT_NE(f.detector, "pii.email");
}

TEST(Engine, TimingsPerDetector) {
  auto engine = make(Policy::defaults());
  auto scratch = engine->new_scratch();
  auto r = engine->scan({"hello", Role::kUser}, *scratch);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->timings.empty());
  EXPECT_EQ(r->decision, Action::kAllow);
}

}  // namespace
}  // namespace bulwark
