#include <gtest/gtest.h>

#include "text_test_util.h"

namespace bulwark::text {
namespace {

using testing::build;

TEST(TextDecodeEscapes, UnicodeEscapes) {
  auto b = build(R"(\u0069\u0067\u006e\u006f\u0072\u0065 all)");
  const TextView* v = b->decoded("escapes");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->text, "ignore all");
  EXPECT_EQ(b->original_of(*v, 0, 1), R"(\u0069)");
}

TEST(TextDecodeEscapes, SurrogatePairsBracesAndLongForm) {
  EXPECT_EQ(build(R"(\ud83d\ude00 \u{1F600} \U0001F600 \u0041)")->decoded("escapes")->text, "😀 😀 😀 A");
}

TEST(TextDecodeEscapes, HexByteEscapes) {
  EXPECT_EQ(build(R"(\x69\x67\x6e\x6f\x72\x65)")->decoded("escapes")->text, "ignore");
  EXPECT_EQ(build(R"(caf\xc3\xa9 \x41)")->decoded("escapes")->text, "café A");
  EXPECT_EQ(build(R"(\xe9t\xe9 \x41)")->decoded("escapes")->text, "été A");  // Latin-1
}

TEST(TextDecodeEscapes, LoneSurrogatesAndOrdinaryBackslashesLeftAlone) {
  EXPECT_EQ(build(R"(C:\Users\name\x and \ud800 and \\u0041)")->decoded("escapes"), nullptr);
  EXPECT_EQ(build(R"(line\nbreak \t tab)")->decoded("escapes"), nullptr);
}

}  // namespace
}  // namespace bulwark::text
