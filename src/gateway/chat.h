// gateway/chat.h — shared steps of the chat completions face.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "gateway/gateway.h"

namespace bulwark::gateway {

struct ChatPrompt {
  std::string model;
  bool stream = false;
  std::vector<ScannedPart> parts;
  nlohmann::json filter_results;   // prompt_filter_results
  bool body_changed = false;       // a redaction rewrote a message: the body must be re-serialized
};

// Validates the request, checks model and tool rights, scans every message (redacting in
// place where the policy says so). Returns the response to send when the request must not go
// upstream (bad request, refused, blocked, no upstream).
std::optional<HttpResponse> prepare_chat(GatewayState& s, Call& c, nlohmann::json& body, ChatPrompt& prompt);

void stream_chat(GatewayState& s, Call& c, ResponseSink& out, nlohmann::json& body, const ChatPrompt& prompt);

}  // namespace bulwark::gateway
