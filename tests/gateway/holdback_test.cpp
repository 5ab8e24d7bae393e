#include "gateway/holdback.h"

#include <gtest/gtest.h>

#include "gateway/chat_scan.h"
#include "gateway/sse.h"

namespace bulwark::gateway {

TEST(GatewayHoldBack, HoldsUntilTheWindowIsFull) {
  HoldBack h(10);
  EXPECT_FALSE(h.add("e1", "hello"));
  EXPECT_FALSE(h.add("e2", "abcd"));
  EXPECT_EQ(h.held_events(), 2u);
  EXPECT_TRUE(h.add("e3", "x"));   // 10 code points
  EXPECT_EQ(h.content_to_scan(), "helloabcdx");
  auto out = h.release();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], "e1");
  EXPECT_EQ(h.held_events(), 0u);
  EXPECT_EQ(h.held_chars(), 0u);
}

TEST(GatewayHoldBack, ScansWithOverlapIntoReleasedText) {
  HoldBack h(4);
  h.add("a", "abcdef");
  h.release();
  h.add("b", "gh");
  // Context: the last 4 released code points, then the held text.
  EXPECT_EQ(h.content_to_scan(), "cdefgh");
}

TEST(GatewayHoldBack, CountsCodePointsAndKeepsBoundaries) {
  HoldBack h(3);
  EXPECT_FALSE(h.add("a", "\xC3\xA9\xC3\xA9"));   // 2 code points, 4 bytes
  EXPECT_TRUE(h.add("b", "\xE2\x82\xAC"));        // 3rd code point
  h.release();
  h.add("c", "z");
  std::string_view s = h.content_to_scan();
  EXPECT_EQ(s, "\xC3\xA9\xC3\xA9\xE2\x82\xAC" "z");
  EXPECT_EQ(count_code_points("\xC3\xA9x"), 2u);
}

TEST(GatewayHoldBack, ToolArgumentsCountAndAccumulate) {
  HoldBack h(5);
  EXPECT_FALSE(h.add("t1", "", "{\"a\""));
  EXPECT_TRUE(h.add("t2", "", ":1}"));
  EXPECT_EQ(h.tool_args(), "{\"a\":1}");
}

TEST(GatewaySse, SplitsEventsAcrossReads) {
  SseParser p;
  auto a = p.feed("data: {\"x\":1}\n\nda");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0], "{\"x\":1}");
  auto b = p.feed("ta: [DONE]\r\n\r\n: comment\nevent: e\ndata: a\ndata: b\n\n");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0], "[DONE]");
  EXPECT_EQ(b[1], "a\nb");
  p.feed("data: tail");
  auto c = p.finish();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0], "tail");
}

TEST(GatewayChatScan, RolesAndDocuments) {
  EXPECT_EQ(role_for_message("developer"), Role::kSystem);
  EXPECT_EQ(role_for_message("tool"), Role::kToolResult);
  EXPECT_EQ(role_for_message("assistant"), Role::kAssistant);
  std::vector<PromptPart> parts;
  split_documents("summarize <documents>doc A</documents> and <documents>doc B</documents> ok", 3, parts);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].role, Role::kDocument);
  EXPECT_EQ(parts[0].text, "doc A");
  EXPECT_EQ(parts[1].text, "doc B");
  EXPECT_EQ(parts[2].role, Role::kUser);
  EXPECT_EQ(parts[2].text, "summarize  and  ok");
  EXPECT_EQ(parts[2].message_index, 3);
  parts.clear();
  split_documents("x <documents>never closed", 0, parts);   // runs to the end, still a document
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].text, "never closed");
  parts.clear();
  split_documents("plain", 0, parts);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_TRUE(parts[0].whole_message);
  std::string t;
  EXPECT_TRUE(message_text(nlohmann::json::parse(R"([{"type":"text","text":"a"},{"type":"image_url"},{"type":"text","text":"b"}])"), t));
  EXPECT_EQ(t, "a\nb");
  EXPECT_FALSE(message_text(5, t));
}

}  // namespace bulwark::gateway
