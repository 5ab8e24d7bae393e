#include "gateway/errors.h"

namespace bulwark::gateway {

using nlohmann::json;

HttpResponse json_response(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

HttpResponse openai_error(int status, const std::string& message, const std::string& type,
                          const std::string& code, const std::string& param) {
  json e = {{"message", message},
            {"type", type},
            {"param", param.empty() ? json(nullptr) : json(param)},
            {"code", code.empty() ? json(nullptr) : json(code)}};
  return json_response(status, {{"error", e}});
}

HttpResponse azure_error(int status, const std::string& code, const std::string& message) {
  return json_response(status, {{"error", {{"code", code}, {"message", message}}}});
}

HttpResponse face_error(Face face, int status, const std::string& message) {
  if (face == Face::kAzure) {
    const char* code = status == 404   ? "NotFound"
                       : status == 408 ? "Timeout"
                       : status == 413 ? "InvalidRequestBody"
                       : status == 429 ? "TooManyRequests"
                       : status >= 500 ? "InternalError"
                                       : "InvalidRequestBody";
    return azure_error(status, code, message);
  }
  const char* type = status >= 500 ? "server_error" : "invalid_request_error";
  return openai_error(status, message, type);
}

HttpResponse unauthorized(Face face) {
  if (face == Face::kAzure)
    return azure_error(401, "401",
                       "Access denied due to invalid subscription key or wrong API endpoint. Make sure to "
                       "provide a valid key for an active subscription and use a correct regional API endpoint "
                       "for your resource.");
  return openai_error(401,
                      "Incorrect API key provided. Pass a Bulwark key as 'Authorization: Bearer <key>', "
                      "'api-key' or 'Ocp-Apim-Subscription-Key'.",
                      "invalid_request_error", "invalid_api_key");
}

HttpResponse content_filter_error(const json& results) {
  json inner = {{"code", "ResponsibleAIPolicyViolation"},
                {"content_filter_results", results},
                // Azure OpenAI itself sends the singular name; clients read either.
                {"content_filter_result", results}};
  json e = {{"message",
             "The response was filtered due to the prompt triggering Azure OpenAI's content management "
             "policy. Please modify your prompt and retry. (Bulwark policy)"},
            {"type", nullptr},
            {"param", "prompt"},
            {"code", "content_filter"},
            {"status", 400},
            {"innererror", inner}};
  return json_response(400, {{"error", e}});
}

}  // namespace bulwark::gateway
