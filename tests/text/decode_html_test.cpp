#include <gtest/gtest.h>

#include "text_test_util.h"

namespace bulwark::text {
namespace {

using testing::build;

TEST(TextDecodeHtml, NumericEntities) {
  auto b = build("&#105;&#103;&#110;&#x6F;&#x72;&#x65; rules");
  const TextView* v = b->decoded("html");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->text, "ignore rules");
  EXPECT_EQ(b->original_of(*v, 3, 4), "&#x6F;");
}

TEST(TextDecodeHtml, DisguisedLetterAndNamedEntities) {
  EXPECT_EQ(build("ign&#111;re &lt;system&gt;")->decoded("html")->text, "ignore <system>");
  EXPECT_EQ(build("&lt;&lt;&lt;&amp;&amp;&quot;")->decoded("html")->text, "<<<&&\"");
  EXPECT_EQ(build("&#105&#103&#110 x")->decoded("html")->text, "ign x");  // ';' optional
}

TEST(TextDecodeHtml, FewOrdinaryEntitiesLeftAlone) {
  EXPECT_EQ(build("Fish &amp; chips")->decoded("html"), nullptr);
  EXPECT_EQ(build("AT&T and &unknown; and &#xZZ;")->decoded("html"), nullptr);
}

TEST(TextDecodeHtml, InvalidCodePointsStayLiteral) {
  auto b = build("&#0; &#xD800; &#x110000; &#1114112;");
  EXPECT_EQ(b->decoded("html"), nullptr);
}

}  // namespace
}  // namespace bulwark::text
