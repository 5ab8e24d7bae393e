// gateway/handlers_chat.cpp — POST /v1/chat/completions (not streamed) and GET /v1/models.
// The prompt is scanned message by message before anything goes upstream; the answer is
// scanned before it goes back. Streams are handled in handlers_chat_stream.cpp.
#include "gateway/audit_content.h"
#include "gateway/chat.h"

#include <algorithm>
#include <map>

#include "gateway/chat_scan.h"
#include "gateway/errors.h"

namespace bulwark::gateway {

using nlohmann::json;

namespace {

HttpResponse bad_request(const std::string& msg, const std::string& param = "", const std::string& code = "") {
  return openai_error(400, msg, "invalid_request_error", code, param);
}

// Tool names a request declares: tools[].function.name and legacy functions[].name.
bool declared_tools(const json& body, std::vector<std::string>& names, std::string& error) {
  if (body.contains("tools") && !body["tools"].is_null()) {
    if (!body["tools"].is_array()) return error = "Invalid type for 'tools': expected an array.", false;
    for (const auto& t : body["tools"]) {
      if (!t.is_object()) return error = "Invalid type for 'tools[]': expected an object.", false;
      const json* fn = t.contains("function") ? &t["function"] : nullptr;
      if (fn && fn->is_object() && fn->contains("name") && (*fn)["name"].is_string())
        names.push_back((*fn)["name"].get<std::string>());
      else if (t.value("type", "function") == "function")
        return error = "Missing required parameter: 'tools[].function.name'.", false;
      else
        names.push_back(t.value("type", ""));   // built-in tool types count as tools by type
    }
  }
  if (body.contains("functions") && body["functions"].is_array())
    for (const auto& f : body["functions"])
      if (f.is_object() && f.contains("name") && f["name"].is_string()) names.push_back(f["name"].get<std::string>());
  return true;
}

}  // namespace

std::optional<HttpResponse> prepare_chat(GatewayState& s, Call& c, json& body, ChatPrompt& prompt) {
  if (body.is_discarded())
    return bad_request("We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
                       "your HTTP library correctly. The OpenAI API expects a JSON payload.)");
  if (!body.is_object()) return bad_request("The request body must be a JSON object.");
  if (!body.contains("messages")) return bad_request("Missing required parameter: 'messages'.", "messages");
  if (!body["messages"].is_array()) return bad_request("Invalid type for 'messages': expected an array.", "messages", "invalid_type");
  if (body["messages"].empty())
    return bad_request("Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages", "empty_array");
  if (body.contains("model") && !body["model"].is_string())
    return bad_request("Invalid type for 'model': expected a string.", "model", "invalid_type");
  prompt.model = body.value("model", "");
  if (prompt.model.empty() && s.config.upstream.azure_endpoint.empty())
    return bad_request("Missing required parameter: 'model'.", "model");
  c.audit.model = prompt.model.empty() ? s.config.upstream.azure_deployment : prompt.model;
  if (body.contains("stream") && !body["stream"].is_null() && !body["stream"].is_boolean())
    return bad_request("Invalid type for 'stream': expected a boolean.", "stream", "invalid_type");
  prompt.stream = body.value("stream", false);
  if (!c.identity.may_use_model(c.audit.model))
    return openai_error(403, "This key may not use the model '" + c.audit.model + "'.", "invalid_request_error",
                        "model_not_allowed", "model");
  std::vector<std::string> tools;
  std::string err;
  if (!declared_tools(body, tools, err)) return bad_request(err, "tools", "invalid_type");
  for (const auto& t : tools)
    if (!c.identity.may_use_tool(t))
      return openai_error(403, "This key may not use the tool '" + t + "'.", "invalid_request_error", "tool_not_allowed",
                          "tools");

  std::vector<PromptPart> parts;
  const json& msgs = body["messages"];
  for (size_t i = 0; i < msgs.size(); ++i) {
    const std::string where = "messages[" + std::to_string(i) + "]";
    if (!msgs[i].is_object()) return bad_request("Invalid type for '" + where + "': expected an object.", where, "invalid_type");
    if (!msgs[i].contains("role") || !msgs[i]["role"].is_string())
      return bad_request("Missing required parameter: '" + where + ".role'.", where + ".role");
    std::string text;
    if (!message_text(msgs[i].contains("content") ? msgs[i]["content"] : json(nullptr), text))
      return bad_request("Invalid type for '" + where + ".content'.", where + ".content", "invalid_type");
    const std::string role = msgs[i]["role"].get<std::string>();
    const Role r = role_for_message(role);
    if (r == Role::kUser) split_documents(text, static_cast<int>(i), parts);
    else parts.push_back({static_cast<int>(i), r, text, true});
    if (!(msgs[i].contains("content") && msgs[i]["content"].is_string())) parts.back().whole_message = false;
  }
  int64_t scan_ns = 0;
  AuditContent stored(c, s.config.audit_store_content);
  for (auto& p : parts) {
    if (p.text.empty()) continue;
    auto r = c.scanner().scan(p.text, p.role);
    if (!r.ok()) {
      const bool internal = r.status().code() == StatusCode::kInternal;
      return openai_error(internal ? 500 : 400, "messages[" + std::to_string(p.message_index) + "]: " + r.status().message(),
                          internal ? "server_error" : "invalid_request_error", "", "messages");
    }
    scan_ns += static_cast<int64_t>(r->total_nanos);
    if (p.whole_message && r->redacted_text) {
      body["messages"][p.message_index]["content"] = *r->redacted_text;
      prompt.body_changed = true;
    }
    prompt.parts.push_back({p.role, p.message_index, std::move(*r)});
    stored.add(p.text, prompt.parts.back());
  }
  stored.store(c);
  c.audit.scan_us = scan_ns / 1000;
  const std::string msgs_text = msgs.dump();
  c.audit.content_sha256 = sha256_hex(msgs_text);
  // One annotation per message, Azure OpenAI's prompt_filter_results shape.
  std::map<int, std::vector<const ScanResult*>> by_message;
  for (size_t i = 0; i < msgs.size(); ++i) by_message[static_cast<int>(i)];
  for (const auto& p : prompt.parts) by_message[p.index].push_back(&p.result);
  prompt.filter_results = json::array();
  for (const auto& [idx, results] : by_message)
    prompt.filter_results.push_back({{"prompt_index", idx}, {"content_filter_results", content_filter_results(results)}});
  const Action decision = strongest(prompt.parts);
  c.audit.decision = std::string(action_name(decision));
  c.audit.findings_json = findings_json(prompt.parts).dump();
  c.audit.unread_json = unread_json(prompt.parts).dump();
  c.audit.prompt_tokens = static_cast<int64_t>(msgs_text.size() / 4);
  c.audit.tokens_estimated = true;
  if (decision == Action::kBlock) {
    std::vector<const ScanResult*> all;
    for (const auto& p : prompt.parts) all.push_back(&p.result);
    return content_filter_error(content_filter_results(all));
  }
  if (!s.upstream)
    return openai_error(503, "No upstream is configured: set upstream.url in the config file or BULWARK_UPSTREAM_URL.",
                        "server_error", "upstream_not_configured");
  return std::nullopt;
}

void handle_chat_completions(GatewayState& s, Call& c, ResponseSink& out) {
  json body = json::parse(c.req.body, nullptr, false);
  ChatPrompt prompt;
  if (auto err = prepare_chat(s, c, body, prompt)) return (void)out.send(std::move(*err));
  if (prompt.stream) return stream_chat(s, c, out, body, prompt);

  const auto t0 = std::chrono::steady_clock::now();
  // Unchanged prompts go upstream byte for byte as the client sent them (and are not re-serialized).
  auto reply = s.upstream->request("POST", "/chat/completions", prompt.body_changed ? body.dump() : c.req.body);
  c.audit.upstream_us = micros_since(t0);
  s.metrics.upstream_seconds.observe(static_cast<double>(c.audit.upstream_us) / 1e6);
  if (!reply.ok())
    return (void)out.send(openai_error(502, "Upstream unavailable: " + reply.status().message(), "server_error", "upstream_error"));
  if (reply->status != 200) {
    HttpResponse r;
    r.status = reply->status;
    r.body = reply->body;
    if (!reply->content_type.empty()) r.content_type = reply->content_type;
    return (void)out.send(std::move(r));
  }
  json resp = json::parse(reply->body, nullptr, false);
  if (!resp.is_object())
    return (void)out.send(openai_error(502, "Upstream returned a body that is not a JSON object.", "server_error", "upstream_error"));

  std::vector<ScannedPart> all = prompt.parts;
  int64_t scan_ns = 0;
  if (resp.contains("choices") && resp["choices"].is_array()) {
    for (auto& choice : resp["choices"]) {
      if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object()) continue;
      json& msg = choice["message"];
      const int index = choice.value("index", 0);
      std::vector<ScannedPart> parts;
      bool tool_refused = false;
      auto scan = [&](const std::string& text, Role role) -> bool {
        auto r = c.scanner().scan(text, role);
        if (!r.ok()) return c.fail_open_after_scan_error();
        scan_ns += static_cast<int64_t>(r->total_nanos);
        parts.push_back({role, index, std::move(*r)});
        return true;
      };
      bool failed = false;
      if (msg.contains("content") && msg["content"].is_string()) failed |= !scan(msg["content"].get<std::string>(), Role::kAssistant);
      if (msg.contains("content") && msg["content"].is_string() && !parts.empty() && parts.back().result.redacted_text &&
          parts.back().result.decision == Action::kRedact)
        msg["content"] = *parts.back().result.redacted_text;
      if (msg.contains("tool_calls") && msg["tool_calls"].is_array())
        for (const auto& tc : msg["tool_calls"]) {
          if (!tc.is_object() || !tc.contains("function") || !tc["function"].is_object()) continue;
          const json& fn = tc["function"];
          if (fn.contains("name") && fn["name"].is_string() && !c.identity.may_use_tool(fn["name"].get<std::string>()))
            tool_refused = true;
          if (fn.contains("arguments") && fn["arguments"].is_string())
            failed |= !scan(fn["arguments"].get<std::string>(), Role::kToolCall);
        }
      std::vector<const ScanResult*> results;
      for (const auto& p : parts) results.push_back(&p.result);
      // Fail closed (unless the policy fails open): a choice that could not be scanned is not released.
      if (failed || tool_refused || strongest(parts) == Action::kBlock) {
        msg["content"] = nullptr;
        msg.erase("tool_calls");
        msg.erase("function_call");
        choice["finish_reason"] = "content_filter";
        c.audit.decision = "block";
      } else if (strongest(parts) > Action::kAllow && c.audit.decision == "allow") {
        c.audit.decision = std::string(action_name(strongest(parts)));
      }
      choice["content_filter_results"] = content_filter_results(results);
      for (auto& p : parts) all.push_back(std::move(p));
    }
  }
  resp["prompt_filter_results"] = prompt.filter_results;
  c.audit.scan_us += scan_ns / 1000;
  c.audit.findings_json = findings_json(all).dump();
  c.audit.unread_json = unread_json(all).dump();
  if (resp.contains("usage") && resp["usage"].is_object()) {
    const json& u = resp["usage"];
    if (u.contains("prompt_tokens") && u["prompt_tokens"].is_number_integer()) {
      c.audit.prompt_tokens = u["prompt_tokens"].get<int64_t>();
      c.audit.tokens_estimated = false;
    }
    if (u.contains("completion_tokens") && u["completion_tokens"].is_number_integer())
      c.audit.completion_tokens = u["completion_tokens"].get<int64_t>();
  }
  HttpResponse answer = json_response(200, resp);
  if (std::string u = unread_header(all); !u.empty()) answer.headers.emplace_back("x-bulwark-unread", u);
  out.send(std::move(answer));
}

void handle_models(GatewayState& s, Call& c, ResponseSink& out) {
  json data = json::array();
  if (s.upstream) {
    const auto t0 = std::chrono::steady_clock::now();
    auto reply = s.upstream->request("GET", "/models", "");
    c.audit.upstream_us = micros_since(t0);
    if (reply.ok() && reply->status == 200) {
      json j = json::parse(reply->body, nullptr, false);
      if (j.is_object() && j.contains("data") && j["data"].is_array()) data = j["data"];
    }
  }
  for (const auto& m : s.config.models) {
    bool present = std::any_of(data.begin(), data.end(), [&](const json& e) { return e.is_object() && e.value("id", "") == m; });
    if (!present) data.push_back({{"id", m}, {"object", "model"}, {"created", 0}, {"owned_by", "bulwark"}});
  }
  json visible = json::array();
  for (const auto& e : data)
    if (e.is_object() && c.identity.may_use_model(e.value("id", ""))) visible.push_back(e);
  out.send(json_response(200, {{"object", "list"}, {"data", visible}}));
}

}  // namespace bulwark::gateway
