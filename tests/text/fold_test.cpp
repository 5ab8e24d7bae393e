#include <gtest/gtest.h>

#include "text/normalize.h"
#include "text_test_util.h"

namespace bulwark::text {
namespace {

using testing::build;

TEST(TextFold, AsciiIsLowerCasedOneForOne) {
  auto b = build("Ignore ALL Previous");
  const TextView& f = b->ctx.folded();
  EXPECT_EQ(f.text, "ignore all previous");
  for (size_t i = 0; i < f.text.size(); ++i) {
    EXPECT_EQ(f.src_begin[i], i);
    EXPECT_EQ(f.src_end[i], i + 1);
  }
}

TEST(TextFold, NfkcFoldsFullwidthMathAndLigatures) {
  EXPECT_EQ(fold_text("ＩＧＮＯＲＥ"), "ignore");
  EXPECT_EQ(fold_text("𝐢𝐠𝐧𝐨𝐫𝐞 𝕡𝕣𝕖𝕧𝕚𝕠𝕦𝕤"), "ignore previous");
  EXPECT_EQ(fold_text("ﬁle"), "file");
  EXPECT_EQ(fold_text("①"), "1");
}

TEST(TextFold, CaseFoldingBeyondAscii) {
  EXPECT_EQ(fold_text("STRASSE Straße"), "strasse strasse");
  EXPECT_EQ(fold_text("ΣΟΦΙΑ"), "σοφια");
  EXPECT_EQ(fold_text("ПРИВЕТ"), "привет");
}

TEST(TextFold, ComposesCombiningSequencesIncludingAsciiBase) {
  // "e" + COMBINING ACUTE ACCENT composes to "é", mapped to both original code points.
  auto b = build("caf" "e\xCC\x81" "!");
  const TextView& f = b->ctx.folded();
  EXPECT_EQ(f.text, "caf\xC3\xA9!");
  EXPECT_EQ(b->original_of(f, 3, 5), "e\xCC\x81");
  EXPECT_EQ(b->original_of(f, 5, 6), "!");
}

TEST(TextFold, EachOutputByteMapsToItsSource) {
  auto b = build("Aﬁ Ｂ");
  const TextView& f = b->ctx.folded();
  ASSERT_EQ(f.text, "afi b");
  EXPECT_EQ(b->original_of(f, 0, 1), "A");
  EXPECT_EQ(b->original_of(f, 1, 2), "ﬁ");
  EXPECT_EQ(b->original_of(f, 2, 3), "ﬁ");
  EXPECT_EQ(b->original_of(f, 4, 5), "Ｂ");
}

TEST(TextFold, InvisibleCharactersAreDropped) {
  EXPECT_EQ(fold_text("ig\u200Bno\u200Dre"), "ignore");
  EXPECT_EQ(fold_text("pre\u00ADvi\u2060ous"), "previous");
  EXPECT_EQ(fold_text("\u202Esystem\u202C"), "system");
  EXPECT_EQ(fold_text("a\uFE0Fb\uFEFFc"), "abc");
  EXPECT_EQ(fold_text("x\U000E0041\U000E0042y"), "xy");
}

TEST(TextFold, LongMarkSequencesStayBounded) {
  std::string zalgo = "a";
  for (int i = 0; i < 5000; ++i) zalgo += "\xCC\x81";
  std::string f = fold_text(zalgo);
  EXPECT_EQ(f.substr(0, 2), "\xC3\xA1");
  EXPECT_GT(f.size(), 5000u);
}

TEST(TextFold, EmptyInput) {
  auto b = build("");
  ASSERT_TRUE(b->status.ok());
  EXPECT_EQ(b->ctx.folded().text, "");
  EXPECT_EQ(b->ctx.collapsed().text, "");
}

}  // namespace
}  // namespace bulwark::text
