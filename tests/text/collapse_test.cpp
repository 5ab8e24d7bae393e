#include <gtest/gtest.h>

#include "text/normalize.h"
#include "text_test_util.h"

namespace bulwark::text {
namespace {

TEST(TextCollapse, JoinsSpacedOutWords) {
  EXPECT_EQ(collapsed_text("i g n o r e previous"), "ignore previous");
  EXPECT_EQ(collapsed_text("i.g.n.o.r.e"), "ignore");
  EXPECT_EQ(collapsed_text("i-g-n-o-r-e"), "ignore");
  EXPECT_EQ(collapsed_text("i_g_n_o_r_e"), "ignore");
  EXPECT_EQ(collapsed_text("I  G  N  O  R  E"), "ignore");
  EXPECT_EQ(collapsed_text("i g n o r e  a l l  p r e v i o u s"), "ignore  all  previous");
}

TEST(TextCollapse, LeetInsideSpacedOutWords) {
  EXPECT_EQ(collapsed_text("1 g n 0 r 3"), "ignore");
  EXPECT_EQ(collapsed_text("р а s s w о r d"), "password");  // with Cyrillic look-alikes
}

TEST(TextCollapse, OrdinaryTextUnchanged) {
  const char* texts[] = {
      "You are a helpful assistant. I am a user.",
      "Options: a, b, or c.",
      "i.e. this, e.g. that",
      "Call +1 415 555 0132 on 2024-11-03.",
      "a - b - c",
  };
  for (const char* t : texts) EXPECT_EQ(collapsed_text(t), skeleton_text(t)) << t;
}

TEST(TextCollapse, NeedsThreeElementsAndOneSeparator) {
  EXPECT_EQ(collapsed_text("a b"), "a b");
  EXPECT_EQ(collapsed_text("a.b c"), "a.b c");
  EXPECT_EQ(collapsed_text("x y z"), "xyz");
}

TEST(TextCollapse, JoinedLettersMapToTheirOriginals) {
  auto b = testing::build("say i g n o r e now");
  const TextView& c = b->ctx.collapsed();
  ASSERT_EQ(c.text, "say ignore now");
  EXPECT_EQ(b->original_of(c, 4, 10), "i g n o r e");
  EXPECT_EQ(b->original_of(c, 5, 6), "g");
  EXPECT_EQ(b->original_of(c, 11, 14), "now");
}

}  // namespace
}  // namespace bulwark::text
