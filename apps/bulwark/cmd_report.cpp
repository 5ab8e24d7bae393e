// bulwark report — the posture report (identify): the responsibility matrix for a deployment
// model judged against a gateway configuration, framework mappings and audit activity.
// Thin: flags and output; everything else is src/report/.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "commands.h"
#include "gateway/audit.h"
#include "gateway/config.h"
#include "report/render.h"

namespace bulwark::cli {

namespace {

int usage(std::ostream& os, int rc) {
  os << "usage: bulwark report --deployment saas|paas|iaas [--config FILE] [--policy FILE] [--audit DB]\n"
        "                      [--format md|html|json] [--out FILE] [--since 7d|2026-11-28T00:00:00Z]\n\n"
        "The AI shared-responsibility matrix for the deployment model, with the Bulwark controls that cover\n"
        "each customer-owned row as configured (gateway config and its policy), the gaps and the\n"
        "configuration that closes them; OWASP LLM Top 10 (2025), MITRE ATLAS and NIST AI RMF mappings;\n"
        "and, with --audit, activity from the gateway's audit database (opened read-only).\n\n"
        "Environment: BULWARK_REPORT_DEPLOYMENT, BULWARK_REPORT_FORMAT; BULWARK_UPSTREAM_URL and\n"
        "BULWARK_MASTER_KEY as for 'bulwark serve'. See docs/report.md.\n";
  return rc;
}

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace

int cmd_report(int argc, char** argv) {
  std::string deployment = env_or("BULWARK_REPORT_DEPLOYMENT", ""), format = env_or("BULWARK_REPORT_FORMAT", "md");
  std::string config_path, policy_path, audit_path, out_path, since;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& dst) {
      if (i + 1 >= argc) return false;
      dst = argv[++i];
      return true;
    };
    bool ok = true;
    if (a == "--deployment" || a == "-d") ok = value(deployment);
    else if (a == "--config" || a == "-c") ok = value(config_path);
    else if (a == "--policy") ok = value(policy_path);
    else if (a == "--audit") ok = value(audit_path);
    else if (a == "--format" || a == "-f") ok = value(format);
    else if (a == "--out" || a == "-o") ok = value(out_path);
    else if (a == "--since") ok = value(since);
    else if (a == "--help" || a == "-h") return usage(std::cout, 0);
    else {
      std::cerr << "bulwark report: unknown option '" << a << "'\n";
      return usage(std::cerr, 2);
    }
    if (!ok) return std::cerr << "bulwark report: " << a << " needs a value\n", 2;
  }
  auto dep = report::parse_deployment(deployment);
  if (!dep) {
    std::cerr << "bulwark report: --deployment must be saas, paas or iaas"
              << (deployment.empty() ? "" : " (got '" + deployment + "')") << "\n";
    return 2;
  }
  if (format != "md" && format != "html" && format != "json")
    return std::cerr << "bulwark report: --format must be md, html or json (got '" << format << "')\n", 2;

  // The same configuration `bulwark serve --config FILE [--policy FILE]` would run.
  gateway::GatewayConfig config;
  if (!config_path.empty()) {
    auto c = gateway::load_gateway_config(config_path);
    if (!c.ok()) return std::cerr << "bulwark report: " << c.status().message() << "\n", 2;
    config = std::move(*c);
  }
  gateway::apply_environment(config);
  if (!policy_path.empty()) config.policy_file = policy_path;
  auto policy = report::load_effective_policy(config);
  if (!policy.ok()) return std::cerr << "bulwark report: " << policy.status().message() << "\n", 2;

  const int64_t now = gateway::now_millis();
  std::optional<int64_t> since_ms;
  if (!since.empty()) {
    since_ms = report::parse_since(since, now);
    if (!since_ms) return std::cerr << "bulwark report: bad --since '" << since << "'\n", 2;
  }
  std::optional<report::Activity> activity;
  std::optional<std::vector<report::KeyFacts>> db_keys;
  if (!audit_path.empty()) {
    auto act = report::read_activity(audit_path, since_ms);
    if (!act.ok()) return std::cerr << "bulwark report: " << act.status().message() << "\n", 2;
    activity = std::move(*act);
    // Keys created with 'bulwark keys' live in the same file when it is the gateway's storage.db.
    auto keys = report::read_database_keys(audit_path);
    if (!keys.ok()) return std::cerr << "bulwark report: " << keys.status().message() << "\n", 2;
    db_keys = std::move(*keys);
  }
  auto posture = report::build_posture(config, !config_path.empty(), *policy, !config.policy_file.empty(),
                                       db_keys ? &*db_keys : nullptr);
  if (!posture.ok()) return std::cerr << "bulwark report: " << posture.status().message() << "\n", 2;
  auto r = report::build_report(*dep, *posture, activity ? &*activity : nullptr, now);

  const std::string text = format == "json" ? report::render_json(r)
                           : format == "html" ? report::render_html(r)
                                              : report::render_markdown(r);
  if (out_path.empty() || out_path == "-") {
    std::cout << text;
    return 0;
  }
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return std::cerr << "bulwark report: cannot write '" << out_path << "'\n", 2;
  std::cerr << "bulwark report: wrote " << out_path << "\n";
  return 0;
}

}  // namespace bulwark::cli
