#include "io.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace bulwark::cli {

Result<std::string> read_input(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    return invalid_argument("'" + path + "' is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot open '" + path + "': " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return not_found("cannot read '" + path + "'");
  return ss.str();
}

uint64_t file_size(const std::string& path) {
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<uint64_t>(st.st_size);
}

Result<EnginePtr> load_engine(const std::string& policy_path) {
  Policy policy = Policy::defaults();
  if (!policy_path.empty()) {
    auto p = load_policy_file(policy_path);
    if (!p.ok()) return p.status();
    policy = std::move(p).value();
  }
  return Engine::compile(policy);
}

}  // namespace bulwark::cli
