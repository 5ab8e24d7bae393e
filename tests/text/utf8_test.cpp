#include <gtest/gtest.h>

#include "text/utf8.h"

namespace bulwark::text {
namespace {

TEST(TextUtf8, AcceptsWellFormed) {
  EXPECT_TRUE(validate_utf8("").ok());
  EXPECT_TRUE(validate_utf8("plain ascii that is longer than eight bytes").ok());
  EXPECT_TRUE(validate_utf8("é € 😀 \U0010FFFF").ok());
}

TEST(TextUtf8, RejectsMalformedWithOffset) {
  struct Case {
    std::string bytes;
    size_t offset;
  } cases[] = {
      {"ab\xC0\xAF", 2},             // overlong '/'
      {"abcdefgh\xED\xA0\x80", 8},   // surrogate, after the 8-byte fast path
      {"\xF4\x90\x80\x80", 0},       // above U+10FFFF
      {"x\xE2\x82", 1},              // truncated
      {"ok \x80", 3},                // lone continuation byte
      {"\xFF", 0},
  };
  for (const Case& c : cases) {
    Status st = validate_utf8(c.bytes);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("byte offset " + std::to_string(c.offset) + " "), std::string::npos)
        << st.message();
  }
}

TEST(TextUtf8, SanitizeReplacesEachMalformedSequence) {
  std::string out;
  EXPECT_EQ(sanitize_utf8("a\xFF" "b\xC3", out), 2u);
  EXPECT_EQ(out, "a\uFFFDb\uFFFD");
  EXPECT_TRUE(validate_utf8(out).ok());
  EXPECT_EQ(sanitize_utf8("fine é", out), 0u);
  EXPECT_EQ(out, "fine é");
}

TEST(TextUtf8, DecodeAndAppendRoundTrip) {
  for (char32_t cp : {char32_t{0x41}, char32_t{0xE9}, char32_t{0x20AC}, char32_t{0x1F600}, char32_t{0x10FFFF}}) {
    std::string s;
    append_utf8(s, cp);
    char32_t back = 0;
    EXPECT_EQ(decode_utf8(s, 0, back), static_cast<int>(s.size()));
    EXPECT_EQ(back, cp);
  }
  EXPECT_EQ(count_code_points("aé😀"), 3u);
}

}  // namespace
}  // namespace bulwark::text
