// respond/http_post.h — a minimal blocking HTTP/1.1 POST for webhooks (plain http, one
// connection per delivery, Connection: close). Raw sockets with SO_SNDTIMEO/SO_RCVTIMEO so that a
// dead receiver costs at most the timeout, on the alert worker thread only.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/result.h"

namespace bulwark::respond {

struct HttpTarget {
  std::string host, port, path;
};
// "http://host[:port][/path]" (port 80 by default; "[v6]" hosts allowed).
Result<HttpTarget> parse_http_url(const std::string& url);

// Returns the response status code (any code; the caller decides what is success).
Result<int> http_post(const HttpTarget& target, const std::vector<std::pair<std::string, std::string>>& headers,
                      const std::string& body, uint32_t timeout_ms);

}  // namespace bulwark::respond
