#include <gtest/gtest.h>

#include "support/case_file.h"

TEST(EmailDetector, Cases) { EXPECT_GT(bulwark::testing::expect_cases("pii.email", "pii_email.cases"), 0); }
