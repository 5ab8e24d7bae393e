// gateway/upstream.h — a blocking HTTP/1.1 client for the OpenAI-compatible upstream (or an
// Azure OpenAI deployment), over http or https (certificates verified against the system store
// or upstream.ca_file, with SNI). Connections are kept alive and reused from a bounded pool
// (gateway/upstream_pool.h). A request that fails on a reused connection is retried once on a
// new one only when it cannot have reached the upstream (the write failed) or, for GET, when
// no byte of the response came back; a POST is never sent twice. Upstream credentials are
// added here and never leave the gateway in the other direction.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/result.h"
#include "gateway/config.h"

namespace bulwark::gateway {

struct UpstreamReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

struct ParsedUrl {
  std::string scheme, host, port, base_path;   // base_path without trailing '/'
};
Result<ParsedUrl> parse_url(const std::string& url);

struct UpstreamConnection;

struct UpstreamPoolStats {
  uint64_t opened = 0, reused = 0, discarded_stale = 0, retried = 0;
  size_t idle = 0;
};

class UpstreamClient {
 public:
  explicit UpstreamClient(UpstreamConfig config);
  ~UpstreamClient();
  Status check() const;   // the URL parses, its scheme is supported and the TLS setup loaded
  UpstreamPoolStats pool_stats() const;

  using Headers = std::vector<std::pair<std::string, std::string>>;
  // path relative to the base URL, e.g. "/chat/completions" ("" = the base URL itself). method
  // "GET" sends no body. headers are added to the request (e.g. a webhook's signature).
  Result<UpstreamReply> request(const std::string& method, const std::string& path, const std::string& body,
                                const Headers& headers = {}) const;

  // Streams the body: on_start(status, content_type) once (return false to stop), then
  // on_data per received piece (return false to stop reading).
  Status stream(const std::string& path, const std::string& body,
                const std::function<bool(int, const std::string&)>& on_start,
                const std::function<bool(std::string_view)>& on_data) const;

 private:
  std::string target_for(const std::string& path) const;
  Status send(const std::string& method, const std::string& path, const std::string& body, const Headers& headers,
              const std::function<bool(int, const std::string&)>& on_start,
              const std::function<bool(std::string_view)>& on_data) const;
  Result<std::unique_ptr<UpstreamConnection>> open_connection() const;
  UpstreamConfig config_;
  ParsedUrl url_;
  Status url_status_;
  struct Impl;   // pool, TLS context: keeps Asio/OpenSSL headers out of every handler
  std::unique_ptr<Impl> impl_;
};

}  // namespace bulwark::gateway
