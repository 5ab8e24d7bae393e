// bulwark serve — the gateway. Thin: flags and lifecycle; everything else is src/gateway/.
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "commands.h"
#include "gateway/config.h"
#include "gateway/gateway.h"
#include "gateway/server.h"

namespace bulwark::cli {

int cmd_serve(int argc, char** argv) {
  std::string config_path, listen, policy, db;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::cerr << "bulwark serve: " << name << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--config" || a == "-c") config_path = value("--config");
    else if (a == "--listen") listen = value("--listen");
    else if (a == "--policy") policy = value("--policy");
    else if (a == "--db") db = value("--db");
    else if (a == "--help" || a == "-h") {
      std::cout << "usage: bulwark serve [--config FILE] [--listen HOST:PORT] [--policy FILE] [--db FILE]\n\n"
                   "Environment: BULWARK_UPSTREAM_URL, BULWARK_UPSTREAM_KEY (used when the config names no\n"
                   "upstream), BULWARK_MASTER_KEY (a key with every right). See docs/gateway.md.\n";
      return 0;
    } else {
      std::cerr << "bulwark serve: unknown option '" << a << "' (try --help)\n";
      return 2;
    }
  }
  gateway::GatewayConfig config;
  if (!config_path.empty()) {
    auto c = gateway::load_gateway_config(config_path);
    if (!c.ok()) {
      std::cerr << "bulwark serve: " << c.status().message() << "\n";
      return 2;
    }
    config = std::move(*c);
  }
  gateway::apply_environment(config);
  if (!listen.empty()) {
    Status st = gateway::parse_listen(listen, config.listen_host, config.listen_port);
    if (!st.ok()) {
      std::cerr << "bulwark serve: --" << st.message() << "\n";
      return 2;
    }
  }
  if (!policy.empty()) config.policy_file = policy;
  if (!db.empty()) config.db_path = db;

  // Before any thread exists, so that every thread inherits the blocked mask.
  gateway::block_shutdown_signals();
  auto gw = gateway::Gateway::create(config);
  if (!gw.ok()) {
    std::cerr << "bulwark serve: " << gw.status().message() << "\n";
    return 2;
  }
  gateway::Server server(**gw, config);
  Status st = server.start();
  if (!st.ok()) {
    std::cerr << "bulwark serve: " << st.message() << "\n";
    (*gw)->shutdown();
    return 2;
  }
  const bool open = !config.auth_required;
  std::cout << "bulwark serve: listening on " << (config.tls.cert_file.empty() ? "http" : "https") << "://" << config.listen_host << ":" << server.port()
            << " (policy: " << (config.policy_file.empty() ? "built-in default" : config.policy_file)
            << ", audit: " << config.db_path << ")\n";
  if (config.upstream.configured())
    std::cout << "bulwark serve: upstream " << (config.upstream.azure_endpoint.empty() ? config.upstream.url : config.upstream.azure_endpoint) << "\n";
  else
    std::cout << "bulwark serve: no upstream; scanning APIs only. Set BULWARK_UPSTREAM_URL=http://HOST:PORT/v1 "
                 "(and BULWARK_UPSTREAM_KEY) to proxy /v1/chat/completions.\n";
  if (open) std::cout << "bulwark serve: WARNING auth.required is false: requests need no key\n";
  else if (config.master_key.empty() && config.keys.empty())
    std::cout << "bulwark serve: no master key; set BULWARK_MASTER_KEY or create keys with 'bulwark keys create'\n";
  std::cout.flush();

  (*gw)->state().config_path = config_path;
  (*gw)->state().policy_override = !policy.empty();
  int sig = gateway::wait_for_shutdown_signal();
  while (sig == SIGHUP) {
    // Reload: every policy file is validated first; one bad file keeps all running policies.
    auto r = gateway::reload_policies((*gw)->state());
    if (r.ok()) std::cout << "bulwark serve: SIGHUP: " << *r << "\n";
    else std::cout << "bulwark serve: SIGHUP: reload failed: " << r.status().message() << "\n";
    std::cout.flush();
    sig = gateway::wait_for_shutdown_signal();
  }
  std::cout << "bulwark serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ": draining\n";
  std::cout.flush();
  int left = server.drain();
  (*gw)->shutdown();   // writes every queued audit row
  std::cout << "bulwark serve: stopped"
            << (left ? " (" + std::to_string(left) + " connections still open after the drain timeout)" : "") << "\n";
  std::cout.flush();
  if (left) std::_Exit(0);   // detached connection threads must not outlive static destructors
  return 0;
}

}  // namespace bulwark::cli
