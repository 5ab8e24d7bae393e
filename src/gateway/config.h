// gateway/config.h — `bulwark serve` settings: the YAML file, then environment variables for
// what the file leaves empty, then command-line flags (which win over both).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bulwark/result.h"
#include "respond/config.h"

namespace bulwark::gateway {

// An API key as configured: only its SHA-256 is ever stored.
struct KeyConfig {
  std::string id;
  std::string sha256;   // lower-case hex of SHA-256(key)
  std::string tenant, app, user;
  std::vector<std::string> roles;
  std::vector<std::string> models;   // empty: every model
  std::vector<std::string> tools;    // empty: every tool
  uint32_t rpm = 0;                  // requests per minute; 0: unlimited
  uint32_t tpm = 0;                  // tokens per minute (chat completions); 0: unlimited
};

struct UpstreamConfig {
  std::string url;       // OpenAI-compatible base URL, e.g. http://127.0.0.1:9000/v1
  std::string api_key;   // sent upstream only, never to callers
  // Azure OpenAI deployment (used instead of url when endpoint is set).
  std::string azure_endpoint, azure_deployment, azure_api_version = "2024-10-21";
  uint32_t timeout_ms = 60000;
  std::string ca_file;                  // https: trust these CAs instead of the system store
  uint32_t max_idle_connections = 64;   // kept-alive connections held for reuse
  uint32_t idle_timeout_ms = 4000;      // an idle connection older than this is closed, not reused
  bool configured() const { return !url.empty() || !azure_endpoint.empty(); }
};

struct LimitsConfig {
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  uint32_t max_connections = 256;
  uint32_t header_timeout_ms = 10000;   // a request header, from its first byte (fresh connection: from the accept)
  uint32_t idle_timeout_ms = 60000;     // a keep-alive connection waiting for its next request
  uint32_t body_timeout_ms = 60000;     // a request body, from the end of its header
  uint32_t request_timeout_ms = 120000; // one request, upstream included
  uint32_t drain_timeout_ms = 10000;    // SIGTERM: time given to in-flight requests
};

// A policy for one tenant, one application, or one application of one tenant. The most
// specific binding that matches a key's identity wins (tenant+app, then tenant, then app);
// keys matching none use the process-wide `policy`.
struct PolicyBinding {
  std::string tenant, app;              // empty: any
  std::string policy_file;              // the engine's YAML policy (failure_mode lives there)
  size_t holdback_chars = 0;            // 0: streaming.holdback_chars
};

// TLS on the listener (PEM files); off when cert_file is empty.
struct TlsConfig {
  std::string cert_file;   // certificate chain, leaf first
  std::string key_file;    // its private key (unencrypted)
};

struct GatewayConfig {
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;
  std::string policy_file;              // empty: the built-in default policy
  UpstreamConfig upstream;
  TlsConfig tls;
  LimitsConfig limits;
  bool auth_required = true;
  std::string master_key;               // BULWARK_MASTER_KEY; every right
  std::vector<KeyConfig> keys;
  std::string db_path = "var/bulwark.db";
  size_t audit_queue_size = 10000;
  bool audit_store_content = false;     // store redacted content, not only its hash
  bool audit_durable = true;            // answer only after the audit row is committed (docs/audit.md)
  bool audit_synchronous_full = false;  // audit.synchronous: full (fsync per commit) instead of normal
  int audit_retention_days = 0;         // 0: keep audit rows forever
  size_t holdback_chars = 1000;         // streaming window scanned before release
  std::vector<PolicyBinding> policies;  // per tenant / application
  std::vector<std::string> models;      // served by GET /v1/models without an upstream
  respond::RespondConfig respond;       // detect and respond (docs/respond.md); off without a respond: section
  std::string source;                   // file the config came from
};

Result<GatewayConfig> parse_gateway_config(const std::string& yaml, const std::string& filename);
Result<GatewayConfig> load_gateway_config(const std::string& path);

// Fills upstream url/key and the master key from BULWARK_UPSTREAM_URL, BULWARK_UPSTREAM_KEY and
// BULWARK_MASTER_KEY; the file wins for the upstream, the environment names the master key.
void apply_environment(GatewayConfig& config);

// "HOST:PORT", "[v6]:PORT" or ":PORT".
Status parse_listen(const std::string& spec, std::string& host, uint16_t& port);

}  // namespace bulwark::gateway
