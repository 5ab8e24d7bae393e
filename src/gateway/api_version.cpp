#include "gateway/api_version.h"

#include "gateway/errors.h"

namespace bulwark::gateway {

std::optional<HttpResponse> check_api_version(const HttpRequest& req) {
  const std::string* v = req.query_param("api-version");
  if (!v || v->empty())
    return azure_error(400, "MissingApiVersionParameter",
                       "The api-version query parameter (?api-version=) is required for all requests.");
  if (*v != kContentSafetyGa)
    return azure_error(400, "UnsupportedApiVersion",
                       "The HTTP resource that matches the request URI does not support the API version '" + *v +
                           "'. Supported: " + kContentSafetyGa + ".");
  return std::nullopt;
}

}  // namespace bulwark::gateway
