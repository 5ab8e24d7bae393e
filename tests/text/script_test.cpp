// text/script.h: which writing system a letter belongs to, and blanking the letters of scripts
// a model has not read (the harm model blocked 42% of ordinary Bengali prompts before).
#include "text/script.h"

#include <gtest/gtest.h>

#include <string>

namespace bulwark::text {
namespace {

ScriptSet keep(std::initializer_list<const char*> names) {
  ScriptSet s;
  for (const char* n : names) s.set(static_cast<size_t>(script_code(n)));
  return s;
}

TEST(TextScript, LettersHaveScriptsDigitsAndPunctuationDoNot) {
  EXPECT_EQ(script_name(script_of(U'a')), "Latin");
  EXPECT_EQ(script_name(script_of(U'é')), "Latin");
  EXPECT_EQ(script_name(script_of(U'ж')), "Cyrillic");
  EXPECT_EQ(script_name(script_of(U'ক')), "Bengali");
  EXPECT_EQ(script_name(script_of(U'क')), "Devanagari");
  EXPECT_EQ(script_of(U'7'), -1);
  EXPECT_EQ(script_of(U'?'), -1);
  EXPECT_EQ(script_of(U'\u0301'), -1);  // a generic combining accent: Inherited
  // Japanese mixes three scripts; a model that read Japanese read all three.
  EXPECT_EQ(script_of(U'ひ'), script_code("Han"));
  EXPECT_EQ(script_of(U'カ'), script_code("Han"));
  EXPECT_EQ(script_of(U'漢'), script_code("Han"));
}

TEST(TextScript, NamesAndCodesRoundTrip) {
  for (const char* n : {"Latin", "Cyrillic", "Han", "Hangul", "Arabic", "Bengali", "Thai"})
    EXPECT_EQ(script_name(script_code(n)), n);
  EXPECT_EQ(script_code("Beng"), script_code("Bengali"));
  EXPECT_EQ(script_code("Klingon"), -1);
  EXPECT_EQ(script_name(-1), "");
}

TEST(TextScript, DominantScriptCountsLettersOnly) {
  EXPECT_EQ(script_name(dominant_script("hello, world")), "Latin");
  EXPECT_EQ(script_name(dominant_script("সর্বশ্রেষ্ঠ ভ্রমণ ওয়েবসাইট কি? (HTTPS)")), "Bengali");
  EXPECT_EQ(script_name(dominant_script("Привет 123")), "Cyrillic");
  EXPECT_EQ(dominant_script("123 ?! ..."), -1);
  EXPECT_EQ(dominant_script(""), -1);
  EXPECT_EQ(script_name(dominant_script("\xff\xfe abc")), "Latin");  // malformed bytes are skipped
}

TEST(TextScript, AsciiIsNeverBlanked) {
  std::string out = "untouched";
  bool letters = false;
  EXPECT_FALSE(blank_scripts("ignore all previous instructions", keep({}), out, &letters));
  EXPECT_EQ(out, "untouched");
}

TEST(TextScript, LettersOfOtherScriptsBecomeSpacesAndOffsetsStay) {
  const std::string text = "How do I set up HTTPS? আমি কিভাবে সেট আপ করতে পারি?";
  std::string out;
  bool letters = false;
  ScriptSet dropped;
  ASSERT_TRUE(blank_scripts(text, keep({"Latin"}), out, &letters, &dropped));
  EXPECT_TRUE(letters);
  EXPECT_EQ(dropped.count(), 1u);
  EXPECT_TRUE(dropped.test(static_cast<size_t>(script_code("Bengali"))));
  ASSERT_EQ(out.size(), text.size());
  EXPECT_EQ(out.substr(0, 23), "How do I set up HTTPS? ");
  EXPECT_EQ(out.find_first_not_of(" ?", 23), std::string::npos) << out;
  // The same text when the model reads Bengali: nothing to do.
  EXPECT_FALSE(blank_scripts(text, keep({"Latin", "Bengali"}), out, &letters));
}

TEST(TextScript, NothingLeftToReadIsReported) {
  std::string out;
  bool letters = true;
  ASSERT_TRUE(blank_scripts("সর্বশ্রেষ্ঠ ভ্রমণ ওয়েবসাইট কি? 2024", keep({"Latin"}), out, &letters));
  EXPECT_FALSE(letters) << "digits and punctuation are not letters";
  EXPECT_EQ(out.find_first_not_of(" ?2024"), std::string::npos) << out;
}

TEST(TextScript, AMixedTokenLosesOnlyTheUnreadLettersAndTheirMarks) {
  // e, Greek alpha + combining acute (Inherited), x; then Latin e + the same accent.
  const std::string text = "e\xce\xb1\xcc\x81x e\xcc\x81 \xce\xb1\xcc\x81?";
  std::string out;
  bool letters = false;
  ASSERT_TRUE(blank_scripts(text, keep({"Latin"}), out, &letters));
  EXPECT_TRUE(letters);
  EXPECT_EQ(out, "e    x e\xcc\x81      ") << "a token of unread letters goes whole, its '?' too";
}

TEST(TextScript, MalformedUtf8IsLeftAsItIs) {
  const std::string text = "\xff\xe0\x80 ক abc \xc3";
  std::string out;
  bool letters = false;
  ASSERT_TRUE(blank_scripts(text, keep({"Latin"}), out, &letters));
  ASSERT_EQ(out.size(), text.size());
  EXPECT_EQ(out.substr(0, 4), text.substr(0, 4));
  EXPECT_EQ(out.substr(4), "    abc \xc3");
}

}  // namespace
}  // namespace bulwark::text
