#include <gtest/gtest.h>

#include "text/confusables.h"
#include "text/normalize.h"
#include "text_test_util.h"

namespace bulwark::text {
namespace {

TEST(TextConfusables, CyrillicAndGreekLookAlikes) {
  EXPECT_EQ(confusable_letter(U'а'), 'a');  // Cyrillic a
  EXPECT_EQ(confusable_letter(U'о'), 'o');  // Cyrillic o
  EXPECT_EQ(confusable_letter(U'е'), 'e');  // Cyrillic ie
  EXPECT_EQ(confusable_letter(U'р'), 'p');  // Cyrillic er
  EXPECT_EQ(confusable_letter(U'ο'), 'o');  // Greek omicron
  EXPECT_EQ(confusable_letter(U'ν'), 'v');  // Greek nu
  EXPECT_EQ(confusable_letter('a'), 0);
  EXPECT_EQ(confusable_letter(U'日'), 0);
}

TEST(TextConfusables, SkeletonReadsMixedScriptWordsAsLatin) {
  EXPECT_EQ(skeleton_text("раураl"), "paypal");              // Cyrillic р а у а
  EXPECT_EQ(skeleton_text("іgnоrе previous"), "ignore previous");  // Cyrillic і о е
  EXPECT_EQ(skeleton_text("ＩＧＮＯＲＥ"), "ignore");                  // fullwidth (NFKC)
  EXPECT_EQ(skeleton_text("𝓲𝓰𝓷𝓸𝓻𝓮"), "ignore");                    // math script (NFKC)
}

TEST(TextConfusables, DiacriticsAndOverlaysAreStripped) {
  EXPECT_EQ(skeleton_text("ïgnörë"), "ignore");
  EXPECT_EQ(skeleton_text("i\xCC\xB8g\xCC\xB8n"), "ign");  // combining long solidus overlay
}

TEST(TextConfusables, MapsBackToTheLookAlike) {
  auto b = testing::build("xраyz");
  const TextView& s = b->ctx.skeleton();
  ASSERT_EQ(s.text, "xpayz");
  EXPECT_EQ(b->original_of(s, 1, 2), "р");
  EXPECT_EQ(b->original_of(s, 1, 3), "ра");
  EXPECT_EQ(b->original_of(s, 3, 4), "y");
}

TEST(TextConfusables, OtherScriptsAreKept) {
  EXPECT_EQ(skeleton_text("日本語 テスト"), "日本語 テスト");
  EXPECT_EQ(skeleton_text("😀"), "😀");
}

}  // namespace
}  // namespace bulwark::text
