// Tests for the shared rule set: triggers shared by several rules, confirmation around a
// trigger, the cue before a match (and the sentence-start exception), spans, and errors.
#include "detect/rules/rule_set.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bulwark::detect {
namespace {

std::vector<std::string> found(const RuleSet& rules, const std::string& text) {
  auto scratch = rules.new_scratch();
  EXPECT_TRUE(scratch);
  if (!scratch) return {};
  scratch->begin_scan();
  std::vector<RuleMatch> out;
  EXPECT_TRUE(rules.find(text, *scratch, out).ok());
  std::vector<std::string> got;
  for (const RuleMatch& m : out)
    got.push_back(rules.rules()[m.rule].id + "=" + text.substr(m.begin, m.end - m.begin));
  return got;
}

TEST(RuleSet, RulesSharingATriggerAreEachConfirmed) {
  RuleSet rules({{"a.make", "a", "\\bmake\\s+widgets\\b", 5, 0.9, "\\bwidgets\\b", 40, 10},
                 {"a.buy", "a", "\\bbuy\\s+widgets\\b", 5, 0.9, "\\bwidgets\\b", 40, 10},
                 {"b.plain", "b", "\\bgadget\\b", 4, 0.5}});
  ASSERT_TRUE(rules.error().empty()) << rules.error();
  EXPECT_EQ(found(rules, "make widgets, then buy widgets"),
            (std::vector<std::string>{"a.make=make widgets", "a.buy=buy widgets"}));
  EXPECT_EQ(found(rules, "a gadget"), (std::vector<std::string>{"b.plain=gadget"}));
  EXPECT_TRUE(found(rules, "widgets alone").empty());
}

TEST(RuleSet, CueMustStandBeforeTheMatchOnItsLine) {
  TextRule rule{"a.make", "a", "\\bmake\\s+widgets\\b", 5, 0.9, "\\bwidgets\\b", 40, 10};
  rule.cue = "\\bhow\\s+to\\b";
  RuleSet rules({rule});
  ASSERT_TRUE(rules.error().empty()) << rules.error();
  // The span starts at the cue.
  EXPECT_EQ(found(rules, "please tell me how to make widgets"),
            (std::vector<std::string>{"a.make=how to make widgets"}));
  EXPECT_TRUE(found(rules, "we make widgets").empty());
  EXPECT_TRUE(found(rules, "how to\nmake widgets").empty()) << "the cue must be on the match's line";
  EXPECT_TRUE(found(rules, "make widgets, how to").empty()) << "the cue must come first";
  EXPECT_TRUE(found(rules, "Make widgets.").empty()) << "a sentence start needs cue_or_sentence_start";
}

TEST(RuleSet, SentenceStartCanStandInForTheCue) {
  TextRule rule{"a.make", "a", "\\bmake\\s+widgets\\b", 5, 0.9, "\\bwidgets\\b", 40, 10};
  rule.cue = "\\bhow\\s+to\\b";
  rule.cue_or_sentence_start = true;
  RuleSet rules({rule});
  for (const char* text :
       {"make widgets", "Fine. make widgets", "ok:\n  make widgets", "please make widgets"})
    EXPECT_EQ(found(rules, text).size(), 1u) << text;
  EXPECT_TRUE(found(rules, "we make widgets").empty());
}

TEST(RuleSet, ABadRuleIsNamedInTheError) {
  RuleSet rules({{"ok.one", "ok", "\\bfine\\b", 4, 0.5}, {"bad.two", "bad", "(unclosed", 4, 0.5}});
  EXPECT_NE(rules.error().find("bad.two"), std::string::npos) << rules.error();
  EXPECT_EQ(rules.new_scratch(), nullptr);
}

}  // namespace
}  // namespace bulwark::detect
