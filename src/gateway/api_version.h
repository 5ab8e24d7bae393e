// gateway/api_version.h — the Azure AI Content Safety api-version check. Azure REST
// convention (inferred, see docs/gateway.md): 400 with code MissingApiVersionParameter or
// UnsupportedApiVersion.
#pragma once

#include <optional>

#include "gateway/http.h"

namespace bulwark::gateway {

inline constexpr const char* kContentSafetyGa = "2024-09-01";

// nullopt when the request's api-version is accepted; otherwise the error response.
std::optional<HttpResponse> check_api_version(const HttpRequest& req);

}  // namespace bulwark::gateway
