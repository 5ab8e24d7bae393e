// gateway/http.h — the gateway's own request/response types. Handlers see these, never Beast,
// so that only the listener and the upstream client pay Beast's compile cost.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::gateway {

struct HttpRequest {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // path + query as received
  std::string path;                            // percent-decoding is not applied
  std::map<std::string, std::string> query;    // decoded query parameters
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string request_id;

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  const std::string* query_param(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? nullptr : &it->second;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;
  std::string content_type = "application/json";
};

// Where a handler sends its answer: one whole response, or a chunked stream (SSE).
// Every method returns false once the client is gone; handlers then stop early.
class ResponseSink {
 public:
  virtual ~ResponseSink() = default;
  virtual bool send(HttpResponse response) = 0;
  // `headers`: extra response headers (lower-case names), sent with the stream's head.
  virtual bool begin_stream(int status, const std::string& content_type, Headers headers) = 0;
  virtual bool write(std::string_view data) = 0;
  virtual bool end_stream() = 0;
  virtual bool started() const = 0;
};

// Splits "a=1&b=x%20y" into decoded pairs.
std::map<std::string, std::string> parse_query(std::string_view query);
std::string url_decode(std::string_view s);

}  // namespace bulwark::gateway
