// `bulwark detectors [--json]`: the registered detectors, whether the default policy runs
// them, the roles they scan by default, and what they look for.
#include <CLI/CLI.hpp>

#include <iostream>
#include <nlohmann/json.hpp>

#include "bulwark/engine.h"
#include "commands.h"
#include "render.h"

namespace bulwark::cli {
namespace {

std::string role_list(const RoleSet& roles) {
  if (roles.all()) return "all";
  std::string out;
  for (int i = 0; i < kRoleCount; ++i)
    if (roles.test(static_cast<size_t>(i)))
      out += (out.empty() ? "" : ",") + std::string(role_name(static_cast<Role>(i)));
  return out.empty() ? "none" : out;
}

}  // namespace

int cmd_detectors(int argc, char** argv) {
  bool json = false;
  CLI::App app{"List the registered detectors.", "bulwark detectors"};
  app.add_flag("--json", json, "print JSON");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  const Policy policy = Policy::defaults();
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  size_t w = 8;
  for (const auto& info : DetectorRegistry::global().all()) w = std::max(w, info.id.size());
  if (!json) std::cout << std::string("id").append(w - 2 + 2, ' ') << "default  roles                      description\n";
  for (const auto& info : DetectorRegistry::global().all()) {
    // Default roles come from an instance; a detector that cannot be built here (a model
    // file missing) is listed with the reason instead.
    std::string roles;
    auto det = info.factory(DetectorSpec{info.id, {}, &policy});
    roles = det.ok() ? role_list((*det)->default_roles()) : "unavailable: " + det.status().message();
    if (json) {
      out.push_back({{"id", info.id},
                     {"default_enabled", info.default_enabled},
                     {"roles", roles},
                     {"description", info.description}});
    } else {
      std::string id = info.id;
      id.resize(w + 2, ' ');
      std::string r = roles;
      if (r.size() < 26) r.resize(26, ' ');
      std::cout << id << (info.default_enabled ? "on       " : "off      ") << r << " " << info.description
                << "\n";
    }
  }
  if (json) std::cout << dump_json(out) << "\n";
  return 0;
}

}  // namespace bulwark::cli
