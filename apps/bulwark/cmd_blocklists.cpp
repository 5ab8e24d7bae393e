// bulwark blocklists — the blocklists of a running gateway, through its Azure AI Content Safety
// blocklist API (/contentsafety/text/blocklists, api-version 2024-09-01): list, show, create,
// add items, remove items, delete. The same calls an Azure SDK makes; every one is audited.
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "admin_client.h"
#include "commands.h"

namespace bulwark::cli {

namespace {

using nlohmann::json;

constexpr const char* kApi = "api-version=2024-09-01";

int usage() {
  std::cerr << "usage: bulwark blocklists [--server URL] [--key KEY] COMMAND\n"
               "  list                                   every blocklist\n"
               "  show NAME                              its items (id, text, regex)\n"
               "  create NAME [--description TEXT]       create or update a blocklist\n"
               "  add NAME [--regex] ITEM...             add items (RE2 patterns with --regex)\n"
               "  remove NAME ITEM_ID...                 remove items by id\n"
               "  delete NAME                            delete the blocklist and its items\n"
               "--server defaults to $BULWARK_SERVER or http://127.0.0.1:8080; --key to $BULWARK_ADMIN_KEY,\n"
               "then $BULWARK_MASTER_KEY. Exit status: 0 done, 1 refused by the server, 2 usage or connection error.\n";
  return 2;
}

}  // namespace

int cmd_blocklists(int argc, char** argv) {
  std::string server = default_admin_server();
  std::string key = default_admin_key();
  std::string cmd, name, description;
  bool regex = false;
  std::vector<std::string> items;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--server") server = next();
    else if (a == "--key") key = next();
    else if (a == "--description") description = next();
    else if (a == "--regex") regex = true;
    else if (a == "-h" || a == "--help") return usage(), 0;
    else if (cmd.empty()) cmd = a;
    else if (name.empty()) name = a;
    else items.push_back(a);
  }
  if (cmd.empty() || (cmd != "list" && name.empty())) return usage();
  if (key.empty()) {
    std::cerr << "bulwark blocklists: no key: pass --key or set BULWARK_ADMIN_KEY\n";
    return 2;
  }
  const std::string base = "/contentsafety/text/blocklists";
  std::string method = "GET", path, body;
  if (cmd == "list") {
    path = base + "?" + kApi;
  } else if (cmd == "show") {
    path = base + "/" + name + "/blocklistItems?" + kApi;
  } else if (cmd == "create") {
    method = "PATCH", path = base + "/" + name + "?" + kApi, body = json{{"description", description}}.dump();
  } else if (cmd == "delete") {
    method = "DELETE", path = base + "/" + name + "?" + kApi;
  } else if (cmd == "add") {
    if (items.empty()) return usage();
    json list = json::array();
    for (const auto& t : items) list.push_back({{"text", t}, {"isRegex", regex}});
    method = "POST", path = base + "/" + name + ":addOrUpdateBlocklistItems?" + kApi;
    body = json{{"blocklistItems", list}}.dump();
  } else if (cmd == "remove") {
    if (items.empty()) return usage();
    method = "POST", path = base + "/" + name + ":removeBlocklistItems?" + kApi;
    body = json{{"blocklistItemIds", items}}.dump();
  } else {
    return usage();
  }
  auto r = admin_call(server, method, path, key, body, "application/json");
  if (!r.ok()) {
    std::cerr << "bulwark blocklists: " << r.status().message() << "\n";
    return 2;
  }
  if (r->status >= 300) return print_refusal("blocklists", *r);
  auto j = json::parse(r->body, nullptr, false);
  if (cmd == "list") {
    for (const auto& b : j.value("value", json::array()))
      std::cout << b.value("blocklistName", "") << "\t" << b.value("description", "") << "\n";
  } else if (cmd == "show") {
    for (const auto& it : j.value("value", json::array()))
      std::cout << it.value("blocklistItemId", "") << "\t" << (it.value("isRegex", false) ? "regex" : "text") << "\t"
                << it.value("text", "") << "\n";
  } else if (cmd == "add") {
    for (const auto& it : j.value("blocklistItems", json::array()))
      std::cout << it.value("blocklistItemId", "") << "\t" << it.value("text", "") << "\n";
  } else {
    std::cout << "bulwark blocklists: " << cmd << " " << name << ": done\n";
  }
  return 0;
}

}  // namespace bulwark::cli
