#include <gtest/gtest.h>

#include "text/hidden.h"
#include "text_test_util.h"

namespace bulwark::text {
namespace {

using K = HiddenRun::Kind;
using testing::build;

TEST(TextHidden, ClassifiesEachKind) {
  EXPECT_EQ(hidden_kind(0x200B), K::kZeroWidth);
  EXPECT_EQ(hidden_kind(0x00AD), K::kZeroWidth);
  EXPECT_EQ(hidden_kind(0x2060), K::kZeroWidth);
  EXPECT_EQ(hidden_kind(0xFEFF), K::kZeroWidth);
  EXPECT_EQ(hidden_kind(0x202E), K::kBidiControl);
  EXPECT_EQ(hidden_kind(0x2067), K::kBidiControl);
  EXPECT_EQ(hidden_kind(0xFE0F), K::kVariationSelector);
  EXPECT_EQ(hidden_kind(0xE0100), K::kVariationSelector);
  EXPECT_EQ(hidden_kind(0xE0041), K::kTagChars);
  EXPECT_EQ(hidden_kind(0xE007F), K::kTagChars);
  EXPECT_FALSE(hidden_kind('a'));
  EXPECT_FALSE(hidden_kind(0x00E9));
  EXPECT_FALSE(hidden_kind(0x2010));  // hyphen: visible
  EXPECT_FALSE(hidden_kind(0x1F600));
}

TEST(TextHidden, RunsAreMergedWithByteOffsetsAndCounts) {
  //               0   1..3      4..6      7   8..10     11
  auto b = build("a\u200B\u200Bb\u202Ec");
  ASSERT_EQ(b->ctx.hidden.size(), 2u);
  EXPECT_EQ(b->ctx.hidden[0].kind, K::kZeroWidth);
  EXPECT_EQ(b->ctx.hidden[0].byte_begin, 1u);
  EXPECT_EQ(b->ctx.hidden[0].byte_end, 7u);
  EXPECT_EQ(b->ctx.hidden[0].count, 2u);
  EXPECT_EQ(b->ctx.hidden[1].kind, K::kBidiControl);
  EXPECT_EQ(b->ctx.hidden[1].byte_begin, 8u);
  EXPECT_EQ(b->ctx.hidden[1].count, 1u);
}

TEST(TextHidden, SeparatedRunsStaySeparate) {
  auto b = build("a\u200Bb\u200Bc");
  EXPECT_EQ(b->ctx.hidden.size(), 2u);
}

TEST(TextHidden, TagBlockRun) {
  std::string tags = "Hi\U000E0069\U000E0067\U000E006E\U000E006F\U000E0072\U000E0065";
  auto b = build(tags);
  ASSERT_EQ(b->ctx.hidden.size(), 1u);
  EXPECT_EQ(b->ctx.hidden[0].kind, K::kTagChars);
  EXPECT_EQ(b->ctx.hidden[0].count, 6u);
  EXPECT_EQ(b->ctx.hidden[0].byte_begin, 2u);
  EXPECT_EQ(b->ctx.hidden[0].byte_end, tags.size());
}

TEST(TextHidden, OrdinaryTextHasNoRuns) {
  auto b = build("Hello, wörld! 😀 日本語");
  EXPECT_TRUE(b->ctx.hidden.empty());
}

}  // namespace
}  // namespace bulwark::text
