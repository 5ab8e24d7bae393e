// bulwark incidents list|show|ack|resolve — the responder's incidents in the gateway's SQLite
// file. Resolving here updates the file; a running gateway lifts an in-memory suspension when
// the incident is resolved through POST /admin/incidents/{id}:resolve (or when it expires).
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.h"
#include "gateway/audit_admin.h"
#include "gateway/db.h"
#include "respond/incidents.h"
#include "respond/worker.h"

namespace bulwark::cli {

namespace {

int usage() {
  std::cerr << "usage: bulwark incidents [--db FILE] list [--status open|acknowledged|resolved] [--key ID] "
               "[--tenant T] [--limit N] [--json]\n"
               "       bulwark incidents [--db FILE] show ID\n"
               "       bulwark incidents [--db FILE] ack ID\n"
               "       bulwark incidents [--db FILE] resolve ID\n";
  return 2;
}

void print_row(const respond::Incident& i) {
  std::cout << i.id << "\t" << respond::iso8601_ms(i.opened_at_ms) << "\t" << i.status << "\t"
            << (i.tenant.empty() ? "-" : i.tenant) << "\t" << i.key_id << "\t" << i.kind << "\tscore=" << i.score
            << "/" << i.threshold << "\ttriggers=" << i.triggers << "\tsuspended_until="
            << (i.suspended_until_ms > 0 ? respond::iso8601_ms(i.suspended_until_ms) : "-") << "\n";
}

}  // namespace

int cmd_incidents(int argc, char** argv) {
  std::string db_path = "var/bulwark.db", sub, id;
  respond::IncidentFilter f;
  bool as_json = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--db") db_path = next();
    else if (a == "--status") f.status = next();
    else if (a == "--key") f.key_id = next();
    else if (a == "--tenant") f.tenant = next();
    else if (a == "--limit" || a == "-n") f.limit = std::atoi(next().c_str());
    else if (a == "--json") as_json = true;
    else if (a == "--help" || a == "-h") return usage(), 0;
    else if (sub.empty()) sub = a;
    else if (id.empty()) id = a;
    else return usage();
  }
  const bool needs_id = sub == "show" || sub == "ack" || sub == "resolve";
  if (!(sub == "list" || needs_id) || (needs_id && id.empty())) return usage();
  auto db = gateway::open_db(db_path);
  if (!db.ok()) return std::cerr << "bulwark incidents: " << db.status().message() << "\n", 2;
  if (Status st = respond::IncidentTable::ensure_schema(db->get()); !st.ok())
    return std::cerr << "bulwark incidents: " << st.message() << "\n", 2;
  respond::IncidentTable table(db->get());
  if (sub == "list") {
    auto rows = table.list(f);
    if (!rows.ok()) return std::cerr << "bulwark incidents: " << rows.status().message() << "\n", 2;
    for (const auto& i : *rows) {
      if (as_json) std::cout << respond::incident_json(i).dump() << "\n";
      else print_row(i);
    }
    return 0;
  }
  if (sub == "show") {
    auto i = table.get(id);
    if (!i.ok()) return std::cerr << "bulwark incidents: " << i.status().message() << "\n", 2;
    if (!*i) return std::cerr << "bulwark incidents: no incident " << id << "\n", 1;
    std::cout << respond::incident_json(**i).dump(2) << "\n";
    return 0;
  }
  auto r = table.transition(id, sub == "ack" ? "acknowledged" : "resolved", respond::wall_ms());
  if (Status st = gateway::audit_admin_action(db->get(), "cli:incidents", "incident." + sub, id, r.status()); !st.ok())
    std::cerr << "bulwark incidents: could not write the audit row: " << st.message() << "\n";
  if (!r.ok()) return std::cerr << "bulwark incidents: " << r.status().message() << "\n", 1;
  print_row(*r);
  return 0;
}

}  // namespace bulwark::cli
