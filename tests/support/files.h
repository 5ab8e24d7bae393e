// tests/support/files.h — the small file and shell helpers most test suites need: read a whole
// file, write one (creating its folders), quote an argument for /bin/sh.
#pragma once

#include <filesystem>
#include <string>

namespace bulwark::testing {

// The whole file as bytes; "" when it cannot be read.
std::string read_text_file(const std::filesystem::path& p);
// Writes `content` to `p` (binary, folders created); returns p as a string.
std::string write_text_file(const std::filesystem::path& p, const std::string& content);
// 's' with every ' made '\'' — one word for /bin/sh whatever it holds.
std::string shell_quote(const std::string& s);

}  // namespace bulwark::testing
