// bulwark keys create|list|update|revoke|rotate — API keys in the gateway's SQLite file.
#include <cstdint>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string>

#include "commands.h"
#include "gateway/audit_admin.h"
#include "gateway/keys.h"

namespace bulwark::cli {

namespace {

// Changes made here are admin actions: each leaves an audit row (never the plain key).
void audit(sqlite3* db, const std::string& action, const std::string& subject, const Status& outcome) {
  if (Status st = gateway::audit_admin_action(db, "cli:keys", action, subject, outcome); !st.ok())
    std::cerr << "bulwark keys: could not write the audit row: " << st.message() << "\n";
}

std::vector<std::string> split_csv(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string o;
  for (const auto& s : v) o += (o.empty() ? "" : ",") + s;
  return o.empty() ? "*" : o;
}

std::string iso(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
  return buf;
}

// A per-minute limit: digits only, at most UINT32_MAX; 0 means unlimited.
bool parse_limit(const std::string& s, uint32_t* out) {
  if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  uint64_t v = std::stoull(s);
  if (v > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

std::string limit_text(uint32_t v) { return v == 0 ? "-" : std::to_string(v); }

int usage() {
  std::cerr << "usage: bulwark keys [--db FILE] create --id ID [--tenant T] [--app A] [--user U] [--roles r1,r2]\n"
               "                                  [--models m1,m2] [--tools t1,t2] [--rpm N] [--tpm N]\n"
               "       bulwark keys [--db FILE] list\n"
               "       bulwark keys [--db FILE] update ID [--roles r1,r2] [--models m1,m2] [--tools t1,t2]\n"
               "                                  [--rpm N] [--tpm N]   (a list of '' or '*' allows any)\n"
               "       bulwark keys [--db FILE] revoke ID\n"
               "       bulwark keys [--db FILE] rotate ID --new-id ID2 [--overlap SECONDS (default 86400)]\n";
  return 2;
}

}  // namespace

int cmd_keys(int argc, char** argv) {
  std::string db_path = "var/bulwark.db", sub, positional;
  gateway::StoredKey key;
  gateway::KeyChange change;   // the same flags, for update: only those given
  std::string new_id;
  int64_t overlap = 86400;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--db") db_path = next();
    else if (a == "--id") key.id = next();
    else if (a == "--tenant") key.tenant = next();
    else if (a == "--app") key.app = next();
    else if (a == "--user") key.user = next();
    else if (a == "--roles") change.roles = key.roles = split_csv(next());
    else if (a == "--models") change.models = key.models = split_csv(next());
    else if (a == "--tools") change.tools = key.tools = split_csv(next());
    else if (a == "--rpm" || a == "--tpm") {
      std::string v = next();
      uint32_t& limit = a == "--rpm" ? key.rpm : key.tpm;
      if (!parse_limit(v, &limit)) {
        std::cerr << "bulwark keys: " << a << " expects a whole number of requests/tokens per minute (0: unlimited), got '"
                  << v << "'\n";
        return 2;
      }
      (a == "--rpm" ? change.rpm : change.tpm) = limit;
    } else if (a == "--new-id") new_id = next();
    else if (a == "--overlap") overlap = std::atoll(next().c_str());
    else if (a == "--help" || a == "-h") return usage(), 0;
    else if (sub.empty()) sub = a;
    else if (positional.empty()) positional = a;
    else return usage();
  }
  if (sub.empty()) return usage();
  auto db = gateway::open_db(db_path);
  if (!db.ok()) {
    std::cerr << "bulwark keys: " << db.status().message() << "\n";
    return 2;
  }
  gateway::KeyTable table(db->get());
  if (sub == "create") {
    if (key.id.empty()) key.id = positional;
    if (key.id.empty()) return usage();
    auto plain = table.create(key);
    audit(db->get(), "key.create", key.id, plain.status());
    if (!plain.ok()) return std::cerr << "bulwark keys: " << plain.status().message() << "\n", 2;
    std::cout << *plain << "\n";
    std::cerr << "key '" << key.id << "' created; it is shown only this once (stored as SHA-256)\n";
    return 0;
  }
  if (sub == "list") {
    auto keys = table.list();
    if (!keys.ok()) return std::cerr << "bulwark keys: " << keys.status().message() << "\n", 2;
    std::cout << "id\ttenant\tapp\tuser\troles\tmodels\ttools\trpm\ttpm\tcreated\tstatus\n";
    const int64_t now = gateway::now_seconds();
    for (const auto& k : *keys) {
      std::string status = k.revoked_at                              ? "revoked " + iso(*k.revoked_at)
                           : k.expires_at && *k.expires_at <= now    ? "expired " + iso(*k.expires_at)
                           : k.expires_at                            ? "expires " + iso(*k.expires_at)
                                                                     : "active";
      std::cout << k.id << "\t" << k.tenant << "\t" << k.app << "\t" << k.user << "\t" << join(k.roles) << "\t"
                << join(k.models) << "\t" << join(k.tools) << "\t" << limit_text(k.rpm) << "\t" << limit_text(k.tpm) << "\t" << iso(k.created_at) << "\t" << status << "\n";
    }
    return 0;
  }
  if (sub == "update") {
    if (positional.empty()) return usage();
    if (change.empty()) {
      std::cerr << "bulwark keys: update needs at least one of --roles, --models, --tools, --rpm, --tpm\n";
      return 2;
    }
    auto k = table.update(positional, change);
    audit(db->get(), "key.update", positional, k.status());
    if (!k.ok()) return std::cerr << "bulwark keys: " << k.status().message() << "\n", 1;
    std::cerr << "key '" << positional << "' updated: roles " << join(k->roles) << ", models " << join(k->models)
              << ", tools " << join(k->tools) << ", rpm " << limit_text(k->rpm) << ", tpm " << limit_text(k->tpm)
              << " (applies from its next request)\n";
    return 0;
  }
  if (sub == "revoke") {
    if (positional.empty()) return usage();
    Status st = table.revoke(positional);
    audit(db->get(), "key.revoke", positional, st);
    if (!st.ok()) return std::cerr << "bulwark keys: " << st.message() << "\n", 1;
    std::cerr << "key '" << positional << "' revoked\n";
    return 0;
  }
  if (sub == "rotate") {
    if (positional.empty()) return usage();
    if (new_id.empty()) new_id = positional + "-" + std::to_string(gateway::now_seconds());
    auto plain = table.rotate(positional, new_id, overlap);
    audit(db->get(), "key.rotate", positional + " -> " + new_id, plain.status());
    if (!plain.ok()) return std::cerr << "bulwark keys: " << plain.status().message() << "\n", 1;
    std::cout << *plain << "\n";
    std::cerr << "key '" << new_id << "' replaces '" << positional << "', which stays valid for " << overlap
              << " s\n";
    return 0;
  }
  return usage();
}

}  // namespace bulwark::cli
