// tests/support/case_file.h — data-driven detector tests.
//
// A .cases file under tests/data/ has one case per line:
//   + subtype: text     the detector must report `subtype` on text (any subtype if empty)
//   - : text            the detector must report nothing on text
//   [role: document]    following cases are scanned with this role (default: user)
//   # comment
// Escapes in text: \n \t \\ and \u{1F600} (any code point) so that invisible and
// obfuscated characters can be written in plain ASCII.
#pragma once

#include <string>
#include <vector>

#include "bulwark/types.h"

namespace bulwark::testing {

struct Case {
  bool positive = true;
  std::string subtype;
  std::string text;
  Role role = Role::kUser;
  int line = 0;
};

std::string unescape(const std::string& s);
std::vector<Case> load_cases(const std::string& file);

// Runs every case of tests/data/<file> against an engine with only `detector_id` enabled;
// records a gtest failure per failing case. Returns the number of cases run.
int expect_cases(const std::string& detector_id, const std::string& file);

}  // namespace bulwark::testing
