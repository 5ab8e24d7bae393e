// `bulwark version [--verbose]`: the version, and with --verbose the libraries it was built
// with and the registered detectors.
#include <CLI/CLI.hpp>
#include <hs/hs.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#include <unicode/uversion.h>
#include <utf8proc.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "bulwark/engine.h"
#include "commands.h"

namespace bulwark::cli {

int cmd_version(int argc, char** argv) {
  bool verbose = false;
  CLI::App app{"Print the version (--verbose: libraries and registered detectors).", "bulwark version"};
  app.add_flag("-v,--verbose", verbose, "also list library versions and registered detectors");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  std::cout << "bulwark " << bulwark::version() << "\n";
  if (!verbose) return 0;
  UVersionInfo icu;
  u_getVersion(icu);
  char icu_s[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(icu, icu_s);
  const std::string nlohmann = std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                               std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                               std::to_string(NLOHMANN_JSON_VERSION_PATCH);
  std::cout << "compiler      " << __VERSION__ << ", C++ " << __cplusplus << "\n"
            << "hyperscan     " << hs_version() << "\n"
            << "re2           linked (the library has no version API)\n"
            << "icu           " << icu_s << "\n"
            << "utf8proc      " << utf8proc_version() << "\n"
            << "fasttext      linked (the library has no version API)\n"
            << "sqlite        " << sqlite3_libversion() << "\n"
            << "openssl       " << OpenSSL_version(OPENSSL_VERSION) << "\n"
            << "nlohmann-json " << nlohmann << "\n"
            << "cli11         " << CLI11_VERSION << "\n"
            << "detectors    ";
  for (const auto& info : DetectorRegistry::global().all())
    std::cout << " " << info.id << (info.default_enabled ? "" : " (off by default)");
  std::cout << "\n";
  return 0;
}

}  // namespace bulwark::cli
