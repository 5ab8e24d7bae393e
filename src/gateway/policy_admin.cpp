// gateway/policy_admin.cpp — policy versions going live: at start, through the admin API and on
// SIGHUP. Compile first, then store, then swap: a policy that does not compile never runs, and a
// failed change leaves every running policy untouched.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "gateway/gateway.h"
#include "gateway/policy_store.h"

namespace bulwark::gateway {

namespace {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot open policy file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `label` names the source in errors ("examples/policy.yaml:3: rules[0].action: ...").
Result<std::shared_ptr<const Scanner>> compile_yaml(GatewayState& s, const std::string& yaml, const std::string& label) {
  auto policy = parse_policy_yaml(yaml, label);
  if (!policy.ok()) return policy.status();
  if (policy->respond_scores && !s.config.respond.enabled)
    std::cerr << "bulwark serve: warning: " << label
              << ": respond.scores is set but the gateway config has no enabled respond: section, so nothing is "
                 "scored (docs/respond.md)\n";
  auto engine = Engine::compile(*policy);
  if (!engine.ok()) return Status(engine.status().code(), label + ": " + engine.status().message());
  return std::make_shared<const Scanner>(std::move(*engine), &s.metrics);
}

// The stored version with this exact text, else a new one.
Result<PolicyVersion> store_version(PolicyStore& store, const std::string& target, const std::string& yaml,
                                    const Scanner& compiled, const std::string& actor, const std::string& source) {
  const std::string sha = sha256_hex(yaml);
  auto versions = store.list(target);
  if (!versions.ok()) return versions.status();
  if (source == "file")
    for (const auto& v : *versions)
      if (v.sha256 == sha) return v;
  PolicyVersion v;
  v.target = target;
  v.yaml = yaml;
  v.sha256 = sha;
  v.name = compiled.engine().policy().name;
  v.created_by = actor;
  v.source = source;
  return store.add(std::move(v));
}

std::vector<ScanPolicy*> all_targets(GatewayState& s) {
  std::vector<ScanPolicy*> out{&s.default_policy};
  for (auto& b : s.bindings) out.push_back(&b);
  return out;
}

}  // namespace

std::string policy_target_name(const std::string& tenant, const std::string& app) {
  if (tenant.empty() && app.empty()) return "default";
  std::string t;
  if (!tenant.empty()) t = "tenant=" + tenant;
  if (!app.empty()) t += (t.empty() ? "" : ",") + std::string("app=") + app;
  return t;
}

ScanPolicy* find_policy_target(GatewayState& s, const std::string& target) {
  for (ScanPolicy* p : all_targets(s))
    if (p->target == target) return p;
  return nullptr;
}

Status load_policies(GatewayState& s) {
  std::lock_guard db_lock(s.db_mu);
  BULWARK_RETURN_IF_ERROR(PolicyStore::ensure_schema(s.db.get()));
  PolicyStore store(s.db.get());
  std::map<std::string, std::shared_ptr<const Scanner>> by_text;   // one compile per distinct text
  auto compile = [&](const std::string& yaml, const std::string& label) -> Result<std::shared_ptr<const Scanner>> {
    const std::string sha = sha256_hex(yaml);
    if (auto it = by_text.find(sha); it != by_text.end()) return it->second;
    auto sc = compile_yaml(s, yaml, label);
    if (sc.ok()) by_text[sha] = *sc;
    return sc;
  };
  for (ScanPolicy* p : all_targets(s)) {
    auto active = store.active(p->target);
    if (!active.ok()) return active.status();
    if (!p->file.empty()) {
      auto yaml = read_file(p->file);
      if (!yaml.ok()) return yaml.status();
      const std::string sha = sha256_hex(*yaml);
      if (!*active || (*active)->file_sha256 != sha) {
        // First start, or the file changed since it was last read: the file wins.
        auto sc = compile(*yaml, p->file);
        if (!sc.ok()) return sc.status();
        auto v = store_version(store, p->target, *yaml, **sc, "config", "file");
        if (!v.ok()) return v.status();
        BULWARK_RETURN_IF_ERROR(store.set_active({p->target, v->version, 0, "config", sha}));
        p->swap_in(*sc, v->version);
        continue;
      }
    }
    if (*active && (*active)->version > 0) {
      // The version made live last (an upload through the admin API survives a restart).
      auto v = store.get(p->target, (*active)->version);
      if (!v.ok()) return v.status();
      if (!*v) return internal_error("policy " + p->target + " v" + std::to_string((*active)->version) + " is active but not stored");
      auto sc = compile((*v)->yaml, p->target + " v" + std::to_string((*v)->version));
      if (!sc.ok()) return sc.status();
      p->swap_in(*sc, (*v)->version);
      continue;
    }
    auto engine = Engine::compile(Policy::defaults());
    if (!engine.ok()) return Status(engine.status().code(), "default policy: " + engine.status().message());
    p->swap_in(std::make_shared<const Scanner>(std::move(*engine), &s.metrics), 0);
  }
  return Status::Ok();
}

Result<int64_t> install_policy(GatewayState& s, ScanPolicy& p, const std::string& yaml, const std::string& actor,
                               const std::string& source) {
  std::lock_guard change(s.policy_mu);
  auto sc = compile_yaml(s, yaml, "policy");
  if (!sc.ok()) return sc.status();
  std::lock_guard db_lock(s.db_mu);
  PolicyStore store(s.db.get());
  auto active = store.active(p.target);
  if (!active.ok()) return active.status();
  auto v = store_version(store, p.target, yaml, **sc, actor, source);
  if (!v.ok()) return v.status();
  BULWARK_RETURN_IF_ERROR(store.set_active({p.target, v->version, 0, actor, *active ? (*active)->file_sha256 : ""}));
  p.swap_in(*sc, v->version);
  return v->version;
}

Result<int64_t> activate_policy(GatewayState& s, ScanPolicy& p, int64_t version, const std::string& actor) {
  std::lock_guard change(s.policy_mu);
  std::unique_lock db_lock(s.db_mu);
  PolicyStore store(s.db.get());
  auto active = store.active(p.target);
  if (!active.ok()) return active.status();
  const int64_t current = *active ? (*active)->version : 0;
  if (version == 0) {
    auto prev = store.previous(p.target, current);
    if (!prev.ok()) return prev.status();
    if (!*prev)
      return Status(StatusCode::kInvalidArgument,
                    "policy " + p.target + " has no version before v" + std::to_string(current) + " to roll back to");
    version = **prev;
  }
  auto v = store.get(p.target, version);
  if (!v.ok()) return v.status();
  if (!*v) return not_found("policy " + p.target + " has no version " + std::to_string(version));
  db_lock.unlock();   // compiling takes a while; the keys and blocklists must not wait for it
  auto sc = compile_yaml(s, (*v)->yaml, p.target + " v" + std::to_string(version));
  if (!sc.ok()) return sc.status();
  db_lock.lock();
  BULWARK_RETURN_IF_ERROR(store.set_active({p.target, version, 0, actor, *active ? (*active)->file_sha256 : ""}));
  p.swap_in(*sc, version);
  return version;
}

Result<std::string> reload_policies(GatewayState& s, const std::string& config_path) {
  std::lock_guard change(s.policy_mu);
  // The files as the config names them now; without a config file, the ones read at start.
  std::map<std::string, std::string> files;   // target -> file
  std::string notes;
  for (ScanPolicy* p : all_targets(s)) files[p->target] = p->file;
  if (!config_path.empty()) {
    auto c = load_gateway_config(config_path);
    if (!c.ok()) return Status(c.status().code(), c.status().message() + " (nothing reloaded)");
    if (!s.policy_override) files["default"] = c->policy_file;
    std::map<std::string, bool> seen;
    for (const auto& b : c->policies) {
      const std::string t = policy_target_name(b.tenant, b.app);
      seen[t] = true;
      if (files.count(t)) files[t] = b.policy_file;
      else notes += "; " + t + " is new in the config: it takes effect at the next restart";
    }
    for (const auto& b : s.bindings)
      if (!seen.count(b.target)) notes += "; " + b.target + " left the config: it keeps running until the next restart";
  }
  struct Change {
    ScanPolicy* p;
    std::string file, yaml, sha;
    std::shared_ptr<const Scanner> scanner;
  };
  std::vector<Change> changes;
  {
    std::lock_guard db_lock(s.db_mu);
    PolicyStore store(s.db.get());
    for (ScanPolicy* p : all_targets(s)) {
      const std::string& file = files[p->target];
      if (file.empty()) continue;   // the built-in default or an upload: nothing to re-read
      auto yaml = read_file(file);
      if (!yaml.ok()) return Status(yaml.status().code(), yaml.status().message() + " (nothing reloaded)");
      auto active = store.active(p->target);
      if (!active.ok()) return active.status();
      const std::string sha = sha256_hex(*yaml);
      if (*active && (*active)->file_sha256 == sha && file == p->file) continue;   // unchanged
      changes.push_back({p, file, std::move(*yaml), sha, nullptr});
    }
  }
  // All or nothing: every changed file must compile before any goes live.
  for (auto& c : changes) {
    auto sc = compile_yaml(s, c.yaml, c.file);
    if (!sc.ok()) return Status(sc.status().code(), sc.status().message() + " (nothing reloaded; the running policies stay)");
    c.scanner = *sc;
  }
  std::string done;
  std::lock_guard db_lock(s.db_mu);
  PolicyStore store(s.db.get());
  for (auto& c : changes) {
    auto v = store_version(store, c.p->target, c.yaml, *c.scanner, "config", "file");
    if (!v.ok()) return v.status();
    BULWARK_RETURN_IF_ERROR(store.set_active({c.p->target, v->version, 0, "config", c.sha}));
    c.p->file = c.file;
    c.p->swap_in(c.scanner, v->version);
    done += (done.empty() ? "" : ", ") + c.p->target + " v" + std::to_string(v->version) + " (" + c.file + ")";
  }
  return (done.empty() ? std::string("no policy file changed") : "reloaded " + done) + notes;
}

}  // namespace bulwark::gateway
