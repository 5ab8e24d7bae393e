#include <gtest/gtest.h>

#include "text/normalize.h"
#include "text/stages.h"

namespace bulwark::text {
namespace {

std::string leet(std::string s) {
  fold_leet(s);
  return s;
}

TEST(TextLeet, FoldsSubstitutionsInsideWords) {
  EXPECT_EQ(leet("1gn0r3 pr3v10us 1nstruct10ns"), "ignore previous instructions");
  EXPECT_EQ(leet("p@$$w0rd"), "password");
  EXPECT_EQ(leet("h4ck3r"), "hacker");
  EXPECT_EQ(leet("5y5t3m pr0mpt"), "system prompt");
  EXPECT_EQ(leet("r3v3@l"), "reveal");
}

TEST(TextLeet, LeavesNumbersPricesAndUnitsAlone) {
  EXPECT_EQ(leet("In 2024 it cost $5 or 4 KB"), "In 2024 it cost $5 or 4 KB");
  EXPECT_EQ(leet("64kb 5th 10px 100ms"), "64kb 5th 10px 100ms");
  EXPECT_EQ(leet("mp3 x86 admin1 sha256"), "mp3 x86 admin1 sha256");
  EXPECT_EQ(leet("+1 415 555 0132"), "+1 415 555 0132");
}

TEST(TextLeet, SkeletonViewAppliesIt) {
  EXPECT_EQ(skeleton_text("1GN0R3 ALL PR3V10US"), "ignore all previous");
  EXPECT_EQ(skeleton_text("order #A-2291-77"), "order #a-2291-77");
}

}  // namespace
}  // namespace bulwark::text
