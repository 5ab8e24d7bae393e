// bulwark policy — versioned policies of a running gateway, through its admin API
// (docs/policy-versions.md): list targets, list and show versions, push a new version (validated
// by the server: an invalid file never goes live), roll back, activate, reload the files.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "admin_client.h"
#include "commands.h"

namespace bulwark::cli {

namespace {

using nlohmann::json;

int usage() {
  std::cerr << "usage: bulwark policy [--server URL] [--key KEY] [--target T] COMMAND\n"
               "  list                 every policy target and its live version\n"
               "  versions             stored versions of the target (newest first)\n"
               "  show [--version N]   the live (or a stored) version's YAML\n"
               "  push FILE            upload FILE as a new version; it goes live when valid\n"
               "  rollback             make the version before the live one live again\n"
               "  activate N           make stored version N live\n"
               "  reload               re-read the config's policy files (like SIGHUP)\n"
               "--server defaults to $BULWARK_SERVER or http://127.0.0.1:8080; --key to $BULWARK_ADMIN_KEY,\n"
               "then $BULWARK_MASTER_KEY; --target to \"default\" (else e.g. tenant=acme,app=bot).\n"
               "Exit status: 0 done, 1 refused by the server (invalid policy, no such version), 2 usage,\n"
               "connection or authentication error.\n";
  return 2;
}

}  // namespace

int cmd_policy(int argc, char** argv) {
  std::string server = default_admin_server();
  std::string key = default_admin_key();
  std::string target = "default", cmd, arg, version;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--server") server = next();
    else if (a == "--key") key = next();
    else if (a == "--target") target = next();
    else if (a == "--version") version = next();
    else if (a == "-h" || a == "--help") return usage(), 0;
    else if (cmd.empty()) cmd = a;
    else if (arg.empty()) arg = a;
    else return usage();
  }
  if (cmd.empty()) return usage();
  if (key.empty()) {
    std::cerr << "bulwark policy: no admin key: pass --key or set BULWARK_ADMIN_KEY\n";
    return 2;
  }
  const std::string base = "/admin/policies/" + target;
  std::string method = "GET", path, body;
  if (cmd == "list") path = "/admin/policies";
  else if (cmd == "versions") path = base + "/versions";
  else if (cmd == "show") path = version.empty() ? base : base + "/versions/" + version;
  else if (cmd == "rollback") method = "POST", path = base + ":rollback";
  else if (cmd == "reload") method = "POST", path = "/admin/policies:reload";
  else if (cmd == "activate") {
    if (arg.empty()) return usage();
    method = "POST", path = base + ":activate?version=" + arg;
  } else if (cmd == "push") {
    if (arg.empty()) return usage();
    std::ifstream in(arg, std::ios::binary);
    if (!in) {
      std::cerr << "bulwark policy: cannot open '" << arg << "'\n";
      return 2;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    body = ss.str();
    method = "PUT", path = base;
  } else {
    return usage();
  }
  auto r = admin_call(server, method, path, key, body);
  if (!r.ok()) {
    std::cerr << "bulwark policy: " << r.status().message() << "\n";
    return 2;
  }
  if (r->status >= 300) return print_refusal("policy", *r);
  auto j = json::parse(r->body, nullptr, false);
  if (j.is_discarded()) {
    std::cout << r->body << "\n";
    return 0;
  }
  if (cmd == "list") {
    for (const auto& t : j["data"])
      std::cout << t.value("target", "") << "\tv" << t.value("version", 0) << "\t" << t.value("name", "") << "\t"
                << (t["file"].is_string() ? t["file"].get<std::string>() : "-") << "\t"
                << t.value("activated_by", "-") << "\t" << t.value("activated_at", "-") << "\n";
  } else if (cmd == "versions") {
    for (const auto& v : j["data"])
      std::cout << (v.value("active", false) ? "* " : "  ") << "v" << v.value("version", 0) << "\t" << v.value("name", "")
                << "\t" << v.value("source", "") << "\t" << v.value("created_by", "") << "\t" << v.value("created_at", "")
                << "\t" << v.value("sha256", "").substr(0, 12) << "\n";
  } else if (cmd == "show") {
    if (j["yaml"].is_string()) std::cout << j["yaml"].get<std::string>();
    else std::cout << "# " << target << ": the built-in default policy (no stored version)\n";
  } else if (cmd == "reload") {
    std::cout << "bulwark policy: " << j.value("message", "") << "\n";
  } else {
    std::cout << "bulwark policy: " << target << " v" << j.value("version", 0) << " is live\n";
  }
  return 0;
}

}  // namespace bulwark::cli
