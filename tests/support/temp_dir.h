// tests/support/temp_dir.h — a fresh directory for one test, removed with everything in it
// when the object goes (a test's databases, policies and logs never outlive it).
//
// Declare it as the first member of a fixture, so that it goes last: handles to files in it
// (databases, a gateway) close before the directory is removed.
#pragma once

#include <filesystem>
#include <string>

namespace bulwark::testing {

class TempDir {
 public:
  // mkdtemp("<system temp>/<prefix>_XXXXXX"); throws std::runtime_error when that fails.
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace bulwark::testing
