// gateway/errors.h — error bodies in each face's own shape, so that official SDKs parse them.
//   OpenAI:        {"error":{"message","type","param","code"}}
//   Azure (Core):  {"error":{"code","message"}}
//   Azure OpenAI content filter (blocked prompt): HTTP 400, code "content_filter",
//                  innererror {code "ResponsibleAIPolicyViolation", content_filter_results}
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "gateway/http.h"

namespace bulwark::gateway {

enum class Face { kOpenAI, kAzure };

HttpResponse openai_error(int status, const std::string& message, const std::string& type,
                          const std::string& code = "", const std::string& param = "");
HttpResponse azure_error(int status, const std::string& code, const std::string& message);
HttpResponse face_error(Face face, int status, const std::string& message);
HttpResponse unauthorized(Face face);
HttpResponse content_filter_error(const nlohmann::json& content_filter_results);
HttpResponse json_response(int status, const nlohmann::json& body);

}  // namespace bulwark::gateway
