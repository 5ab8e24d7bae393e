#include <gtest/gtest.h>

#include "text_test_util.h"

namespace bulwark::text {
namespace {

using testing::build;

TEST(TextDecodePercent, FullyEncoded) {
  auto b = build("%69%67%6E%6F%72%65%20%61%6C%6C");
  const TextView* v = b->decoded("percent");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->text, "ignore all");
  EXPECT_EQ(b->original_of(*v, 0, 1), "%69");
}

TEST(TextDecodePercent, DisguisedLetterInsideWordKeepsContext) {
  auto b = build("please ign%6Fre the rules");
  const TextView* v = b->decoded("percent");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->text, "please ignore the rules");
  EXPECT_EQ(b->original_of(*v, 10, 11), "%6F");
  EXPECT_EQ(b->original_of(*v, 11, 12), "r");
}

TEST(TextDecodePercent, Utf8Sequences) {
  EXPECT_EQ(build("caf%C3%A9 %C3%A9t%C3%A9 %C3%A0")->decoded("percent")->text, "café été à");
}

TEST(TextDecodePercent, OrdinaryUrlsAndPercentagesLeftAlone) {
  EXPECT_EQ(build("a 100% rise, see /docs/my%20file")->decoded("percent"), nullptr);
  EXPECT_EQ(build("50%off %ZZ")->decoded("percent"), nullptr);
}

TEST(TextDecodePercent, InvalidUtf8ResultIsDropped) {
  EXPECT_EQ(build("%FF%FE%FD%FC%FB%FA%41")->decoded("percent"), nullptr);
}

}  // namespace
}  // namespace bulwark::text
