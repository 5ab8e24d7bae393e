#include "support/case_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "bulwark/engine.h"
#include "text/utf8.h"

namespace bulwark::testing {

std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    char n = s[++i];
    if (n == 'n') out.push_back('\n');
    else if (n == 't') out.push_back('\t');
    else if (n == '\\') out.push_back('\\');
    else if (n == 'u' && i + 1 < s.size() && s[i + 1] == '{') {
      size_t close = s.find('}', i);
      char32_t cp = static_cast<char32_t>(std::stoul(s.substr(i + 2, close - i - 2), nullptr, 16));
      text::append_utf8(out, cp);
      i = close;
    } else {
      out.push_back('\\');
      out.push_back(n);
    }
  }
  return out;
}

std::vector<Case> load_cases(const std::string& file) {
  std::ifstream in(std::string(BULWARK_TEST_DATA_DIR) + "/" + file);
  EXPECT_TRUE(in.good()) << "cannot open case file " << file;
  std::vector<Case> cases;
  std::string line;
  Role role = Role::kUser;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') {
      auto colon = line.find(':');
      auto close = line.find(']');
      std::string name = line.substr(colon + 1, close - colon - 1);
      name.erase(0, name.find_first_not_of(' '));
      auto r = parse_role(name);
      EXPECT_TRUE(r.has_value()) << file << ":" << n << ": bad role";
      if (r) role = *r;
      continue;
    }
    if (line[0] != '+' && line[0] != '-') {
      ADD_FAILURE() << file << ":" << n << ": a case starts with + or -";
      continue;
    }
    auto colon = line.find(": ");
    if (colon == std::string::npos) {
      ADD_FAILURE() << file << ":" << n << ": expected '<+|-> subtype: text'";
      continue;
    }
    Case c;
    c.positive = line[0] == '+';
    c.subtype = line.substr(1, colon - 1);
    c.subtype.erase(0, c.subtype.find_first_not_of(' '));
    c.subtype.erase(c.subtype.find_last_not_of(' ') + 1);
    c.text = unescape(line.substr(colon + 2));
    c.role = role;
    c.line = n;
    cases.push_back(std::move(c));
  }
  return cases;
}

int expect_cases(const std::string& detector_id, const std::string& file) {
  Policy policy = Policy::defaults();
  policy.use_default_detectors = false;
  policy.detectors = {{detector_id, true, all_roles(), {}}};
  auto engine = Engine::compile(policy);
  EXPECT_TRUE(engine.ok()) << engine.status().to_string();
  if (!engine.ok()) return 0;
  auto scratch = (*engine)->new_scratch();
  auto cases = load_cases(file);
  EXPECT_FALSE(cases.empty()) << file << " has no cases";
  for (const auto& c : cases) {
    auto r = (*engine)->scan({c.text, c.role}, *scratch);
    if (!r.ok()) {
      ADD_FAILURE() << file << ":" << c.line << ": scan failed: " << r.status().to_string();
      continue;
    }
    bool hit = false;
    std::string got;
    for (const auto& f : r->findings) {
      if (f.detector != detector_id) continue;
      got += f.subtype + " ";
      if (c.subtype.empty() || f.subtype == c.subtype) hit = true;
    }
    if (c.positive) {
      EXPECT_TRUE(hit) << file << ":" << c.line << ": expected " << (c.subtype.empty() ? "a finding" : c.subtype)
                       << " in: " << c.text << " (got: " << got << ")";
    } else {
      EXPECT_TRUE(got.empty()) << file << ":" << c.line << ": expected nothing in: " << c.text
                               << " (got: " << got << ")";
    }
  }
  return static_cast<int>(cases.size());
}

}  // namespace bulwark::testing
