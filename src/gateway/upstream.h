// gateway/upstream.h — a blocking HTTP/1.1 client for the OpenAI-compatible upstream (or an
// Azure OpenAI deployment). One connection per call; upstream credentials are added here and
// never leave the gateway in the other direction.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

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

class UpstreamClient {
 public:
  explicit UpstreamClient(UpstreamConfig config);
  Status check() const;   // the URL parses and its scheme is supported

  // path relative to the base URL, e.g. "/chat/completions".
  Result<UpstreamReply> request(const std::string& method, const std::string& path, const std::string& body) const;

  // Streams the body: on_start(status, content_type) once (return false to stop), then
  // on_data per received piece (return false to stop reading).
  Status stream(const std::string& path, const std::string& body,
                const std::function<bool(int, const std::string&)>& on_start,
                const std::function<bool(std::string_view)>& on_data) const;

 private:
  std::string target_for(const std::string& path) const;
  UpstreamConfig config_;
  ParsedUrl url_;
  Status url_status_;
};

}  // namespace bulwark::gateway
