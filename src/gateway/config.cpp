#include "gateway/config.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "common/yaml_fields.h"

namespace bulwark::gateway {

namespace {

using yaml_fields::check_keys;
using yaml_fields::read;
using yaml_fields::read_list;
using yaml_fields::field_error;

bool is_hex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

Status parse_listen(const std::string& spec, std::string& host, uint16_t& port) {
  size_t colon = spec.rfind(':');
  if (colon == std::string::npos) return invalid_argument("listen: expected HOST:PORT, got '" + spec + "'");
  std::string h = spec.substr(0, colon);
  std::string p = spec.substr(colon + 1);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty()) h = "0.0.0.0";
  char* end = nullptr;
  long v = std::strtol(p.c_str(), &end, 10);
  if (p.empty() || *end != '\0' || v < 0 || v > 65535)
    return invalid_argument("listen: bad port '" + p + "' in '" + spec + "'");
  host = h;
  port = static_cast<uint16_t>(v);
  return Status::Ok();
}

Result<GatewayConfig> parse_gateway_config(const std::string& yaml, const std::string& file) {
  GatewayConfig c;
  c.source = file;
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    return invalid_argument(file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) return c;   // an empty file means all defaults
  BULWARK_RETURN_IF_ERROR(check_keys(file, root, "",
                                     {"listen", "policy", "upstream", "limits", "auth", "keys",
                                      "storage", "audit", "streaming", "models", "policies", "tls", "respond"}));
  if (auto n = root["listen"]) {
    std::string spec;
    BULWARK_RETURN_IF_ERROR(read(file, n, "listen", spec));
    Status st = parse_listen(spec, c.listen_host, c.listen_port);
    if (!st.ok()) return field_error(file, n, "listen", st.message());
  }
  if (auto n = root["policy"]) BULWARK_RETURN_IF_ERROR(read(file, n, "policy", c.policy_file));
  if (auto u = root["upstream"]) {
    BULWARK_RETURN_IF_ERROR(check_keys(file, u, "upstream", {"url", "api_key", "azure", "timeout_ms", "ca_file",
                                                                "max_idle_connections", "idle_timeout_ms"}));
    if (u["url"]) BULWARK_RETURN_IF_ERROR(read(file, u["url"], "upstream.url", c.upstream.url));
    if (u["api_key"]) BULWARK_RETURN_IF_ERROR(read(file, u["api_key"], "upstream.api_key", c.upstream.api_key));
    if (u["timeout_ms"]) BULWARK_RETURN_IF_ERROR(read(file, u["timeout_ms"], "upstream.timeout_ms", c.upstream.timeout_ms));
    if (u["ca_file"]) BULWARK_RETURN_IF_ERROR(read(file, u["ca_file"], "upstream.ca_file", c.upstream.ca_file));
    if (u["max_idle_connections"])
      BULWARK_RETURN_IF_ERROR(read(file, u["max_idle_connections"], "upstream.max_idle_connections", c.upstream.max_idle_connections));
    if (u["idle_timeout_ms"])
      BULWARK_RETURN_IF_ERROR(read(file, u["idle_timeout_ms"], "upstream.idle_timeout_ms", c.upstream.idle_timeout_ms));
    if (auto a = u["azure"]) {
      BULWARK_RETURN_IF_ERROR(check_keys(file, a, "upstream.azure", {"endpoint", "deployment", "api_version"}));
      if (a["endpoint"]) BULWARK_RETURN_IF_ERROR(read(file, a["endpoint"], "upstream.azure.endpoint", c.upstream.azure_endpoint));
      if (a["deployment"]) BULWARK_RETURN_IF_ERROR(read(file, a["deployment"], "upstream.azure.deployment", c.upstream.azure_deployment));
      if (a["api_version"]) BULWARK_RETURN_IF_ERROR(read(file, a["api_version"], "upstream.azure.api_version", c.upstream.azure_api_version));
      if (!c.upstream.azure_endpoint.empty() && c.upstream.azure_deployment.empty())
        return field_error(file, a, "upstream.azure.deployment", "required with upstream.azure.endpoint");
    }
  }
  if (auto t = root["tls"]) {
    BULWARK_RETURN_IF_ERROR(check_keys(file, t, "tls", {"cert_file", "key_file"}));
    if (t["cert_file"]) BULWARK_RETURN_IF_ERROR(read(file, t["cert_file"], "tls.cert_file", c.tls.cert_file));
    if (t["key_file"]) BULWARK_RETURN_IF_ERROR(read(file, t["key_file"], "tls.key_file", c.tls.key_file));
    if (c.tls.cert_file.empty() != c.tls.key_file.empty())
      return field_error(file, t, "tls", "cert_file and key_file go together");
  }
  if (auto l = root["limits"]) {
    BULWARK_RETURN_IF_ERROR(check_keys(file, l, "limits",
                                       {"max_body_bytes", "max_header_bytes", "max_connections",
                                        "header_timeout_ms", "idle_timeout_ms", "body_timeout_ms", "request_timeout_ms",
                                        "drain_timeout_ms"}));
    auto& L = c.limits;
    if (l["max_body_bytes"]) BULWARK_RETURN_IF_ERROR(read(file, l["max_body_bytes"], "limits.max_body_bytes", L.max_body_bytes));
    if (l["max_header_bytes"]) BULWARK_RETURN_IF_ERROR(read(file, l["max_header_bytes"], "limits.max_header_bytes", L.max_header_bytes));
    if (l["max_connections"]) BULWARK_RETURN_IF_ERROR(read(file, l["max_connections"], "limits.max_connections", L.max_connections));
    if (l["header_timeout_ms"]) BULWARK_RETURN_IF_ERROR(read(file, l["header_timeout_ms"], "limits.header_timeout_ms", L.header_timeout_ms));
    if (l["idle_timeout_ms"]) BULWARK_RETURN_IF_ERROR(read(file, l["idle_timeout_ms"], "limits.idle_timeout_ms", L.idle_timeout_ms));
    if (l["body_timeout_ms"]) BULWARK_RETURN_IF_ERROR(read(file, l["body_timeout_ms"], "limits.body_timeout_ms", L.body_timeout_ms));
    if (l["request_timeout_ms"]) BULWARK_RETURN_IF_ERROR(read(file, l["request_timeout_ms"], "limits.request_timeout_ms", L.request_timeout_ms));
    if (l["drain_timeout_ms"]) BULWARK_RETURN_IF_ERROR(read(file, l["drain_timeout_ms"], "limits.drain_timeout_ms", L.drain_timeout_ms));
    for (auto [v, name] : {std::pair{L.header_timeout_ms, "header_timeout_ms"}, std::pair{L.idle_timeout_ms, "idle_timeout_ms"},
                           std::pair{L.body_timeout_ms, "body_timeout_ms"}, std::pair{L.request_timeout_ms, "request_timeout_ms"}})
      if (v == 0) return field_error(file, l, std::string("limits.") + name, "must be at least 1");
    if (L.max_connections == 0) return field_error(file, l, "limits.max_connections", "must be at least 1");
    if (L.max_body_bytes == 0) return field_error(file, l, "limits.max_body_bytes", "must be at least 1");
  }
  if (auto a = root["auth"]) {
    BULWARK_RETURN_IF_ERROR(check_keys(file, a, "auth", {"required"}));
    if (a["required"]) BULWARK_RETURN_IF_ERROR(read(file, a["required"], "auth.required", c.auth_required));
  }
  if (auto ks = root["keys"]) {
    if (!ks.IsSequence()) return field_error(file, ks, "keys", "expected a list");
    size_t i = 0;
    for (const auto& k : ks) {
      const std::string path = "keys[" + std::to_string(i++) + "]";
      BULWARK_RETURN_IF_ERROR(check_keys(file, k, path,
                                         {"id", "sha256", "tenant", "app", "user", "roles", "models", "tools", "rpm", "tpm"}));
      KeyConfig kc;
      if (!k["id"]) return field_error(file, k, path + ".id", "missing");
      if (!k["sha256"]) return field_error(file, k, path + ".sha256", "missing (keys are configured by hash only)");
      BULWARK_RETURN_IF_ERROR(read(file, k["id"], path + ".id", kc.id));
      BULWARK_RETURN_IF_ERROR(read(file, k["sha256"], path + ".sha256", kc.sha256));
      if (!is_hex64(kc.sha256))
        return field_error(file, k["sha256"], path + ".sha256", "expected 64 lower-case hex digits");
      if (k["tenant"]) BULWARK_RETURN_IF_ERROR(read(file, k["tenant"], path + ".tenant", kc.tenant));
      if (k["app"]) BULWARK_RETURN_IF_ERROR(read(file, k["app"], path + ".app", kc.app));
      if (k["user"]) BULWARK_RETURN_IF_ERROR(read(file, k["user"], path + ".user", kc.user));
      if (k["roles"]) BULWARK_RETURN_IF_ERROR(read_list(file, k["roles"], path + ".roles", kc.roles));
      if (k["models"]) BULWARK_RETURN_IF_ERROR(read_list(file, k["models"], path + ".models", kc.models));
      if (k["tools"]) BULWARK_RETURN_IF_ERROR(read_list(file, k["tools"], path + ".tools", kc.tools));
      if (k["rpm"]) BULWARK_RETURN_IF_ERROR(read(file, k["rpm"], path + ".rpm", kc.rpm));
      if (k["tpm"]) BULWARK_RETURN_IF_ERROR(read(file, k["tpm"], path + ".tpm", kc.tpm));
      c.keys.push_back(std::move(kc));
    }
  }
  if (auto s = root["storage"]) {
    BULWARK_RETURN_IF_ERROR(check_keys(file, s, "storage", {"db"}));
    if (s["db"]) BULWARK_RETURN_IF_ERROR(read(file, s["db"], "storage.db", c.db_path));
  }
  if (auto a = root["audit"]) {
    BULWARK_RETURN_IF_ERROR(check_keys(file, a, "audit",
                                       {"queue_size", "store_content", "durable", "synchronous", "retention_days"}));
    if (a["durable"]) BULWARK_RETURN_IF_ERROR(read(file, a["durable"], "audit.durable", c.audit_durable));
    if (auto n = a["synchronous"]) {
      std::string v;
      BULWARK_RETURN_IF_ERROR(read(file, n, "audit.synchronous", v));
      if (v == "full") c.audit_synchronous_full = true;
      else if (v == "normal") c.audit_synchronous_full = false;
      else return field_error(file, n, "audit.synchronous", "expected normal or full, got '" + v + "'");
    }
    if (auto n = a["retention_days"]) {
      BULWARK_RETURN_IF_ERROR(read(file, n, "audit.retention_days", c.audit_retention_days));
      if (c.audit_retention_days < 0) return field_error(file, n, "audit.retention_days", "must be 0 (keep) or more");
    }
    if (a["queue_size"]) BULWARK_RETURN_IF_ERROR(read(file, a["queue_size"], "audit.queue_size", c.audit_queue_size));
    if (auto n = a["store_content"]) {
      std::string v;
      BULWARK_RETURN_IF_ERROR(read(file, n, "audit.store_content", v));
      if (v == "redacted" || v == "true") c.audit_store_content = true;
      else if (v == "off" || v == "false" || v == "none") c.audit_store_content = false;
      else return field_error(file, n, "audit.store_content", "expected off or redacted, got '" + v + "'");
    }
    if (c.audit_queue_size == 0) return field_error(file, a, "audit.queue_size", "must be at least 1");
  }
  if (auto s = root["streaming"]) {
    BULWARK_RETURN_IF_ERROR(check_keys(file, s, "streaming", {"holdback_chars"}));
    if (s["holdback_chars"]) BULWARK_RETURN_IF_ERROR(read(file, s["holdback_chars"], "streaming.holdback_chars", c.holdback_chars));
    if (c.holdback_chars == 0) return field_error(file, s, "streaming.holdback_chars", "must be at least 1");
  }
  if (auto m = root["models"]) BULWARK_RETURN_IF_ERROR(read_list(file, m, "models", c.models));
  if (auto ps = root["policies"]) {
    if (!ps.IsSequence()) return field_error(file, ps, "policies", "expected a list");
    size_t i = 0;
    for (const auto& p : ps) {
      const std::string path = "policies[" + std::to_string(i++) + "]";
      BULWARK_RETURN_IF_ERROR(check_keys(file, p, path, {"tenant", "app", "policy", "holdback_chars"}));
      PolicyBinding b;
      if (p["tenant"]) BULWARK_RETURN_IF_ERROR(read(file, p["tenant"], path + ".tenant", b.tenant));
      if (p["app"]) BULWARK_RETURN_IF_ERROR(read(file, p["app"], path + ".app", b.app));
      if (!p["policy"]) return field_error(file, p, path + ".policy", "missing (the policy file for this tenant/app)");
      BULWARK_RETURN_IF_ERROR(read(file, p["policy"], path + ".policy", b.policy_file));
      if (p["holdback_chars"]) {
        BULWARK_RETURN_IF_ERROR(read(file, p["holdback_chars"], path + ".holdback_chars", b.holdback_chars));
        if (b.holdback_chars == 0) return field_error(file, p["holdback_chars"], path + ".holdback_chars", "must be at least 1");
      }
      if (b.tenant.empty() && b.app.empty())
        return field_error(file, p, path, "names neither tenant nor app (use the top-level policy for everyone)");
      for (const auto& o : c.policies)
        if (o.tenant == b.tenant && o.app == b.app)
          return field_error(file, p, path, "a policy for tenant '" + b.tenant + "' app '" + b.app + "' is already configured");
      c.policies.push_back(std::move(b));
    }
  }
  if (auto r = root["respond"]) BULWARK_RETURN_IF_ERROR(respond::parse_respond_config(file, r, c.respond));
  return c;
}

Result<GatewayConfig> load_gateway_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found(path + ": cannot open config file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_gateway_config(ss.str(), path);
}

void apply_environment(GatewayConfig& c) {
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
  };
  if (c.upstream.url.empty() && c.upstream.azure_endpoint.empty()) c.upstream.url = env("BULWARK_UPSTREAM_URL");
  if (c.upstream.api_key.empty()) c.upstream.api_key = env("BULWARK_UPSTREAM_KEY");
  std::string mk = env("BULWARK_MASTER_KEY");
  if (!mk.empty()) c.master_key = mk;
}

}  // namespace bulwark::gateway
