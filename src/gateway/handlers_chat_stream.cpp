// gateway/handlers_chat_stream.cpp — streamed chat completions through the hold-back window.
// Upstream events are held until the text they carry has been scanned; a violation ends the
// stream with a content_filter chunk and an error event, and no [DONE].
#include <chrono>

#include "gateway/chat.h"
#include "gateway/errors.h"
#include "gateway/holdback.h"
#include "gateway/sse.h"

namespace bulwark::gateway {

using nlohmann::json;

namespace {

struct StreamState {
  StreamState(GatewayState& gs, Call& call, ResponseSink& sink, size_t window)
      : s(gs), c(call), out(sink), hold(window) {}
  GatewayState& s;
  Call& c;
  ResponseSink& out;
  HoldBack hold;
  SseParser sse;
  bool client_wants_usage = false;
  bool blocked = false, done = false, client_gone = false;
  std::string id, model;
  int64_t created = 0;
  size_t completion_chars = 0;
  int64_t scan_ns = 0;
  std::vector<ScannedPart> parts;   // findings of the answer, for the audit row

  bool emit(const std::string& data) {
    if (!out.write("data: " + data + "\n\n")) client_gone = true;
    return !client_gone;
  }

  void violation(const json& filter_results) {
    blocked = true;
    c.audit.decision = "block";
    json chunk = {{"id", id},
                  {"object", "chat.completion.chunk"},
                  {"created", created},
                  {"model", model},
                  {"choices", json::array({{{"index", 0},
                                            {"delta", json::object()},
                                            {"finish_reason", "content_filter"},
                                            {"content_filter_results", filter_results}}})}};
    emit(chunk.dump(-1, ' ', false, json::error_handler_t::replace));
    json err = {{"error",
                 {{"message", "The response was filtered due to the completion triggering the content management "
                              "policy (Bulwark streaming hold-back)."},
                  {"type", nullptr},
                  {"param", nullptr},
                  {"code", "content_filter"},
                  {"status", 400},
                  {"content_filter_results", filter_results}}}};
    if (!out.write("event: error\ndata: " + err.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n"))
      client_gone = true;
  }

  // Scans what is held; releases it when clean. False after a violation.
  bool check() {
    std::vector<ScannedPart> now;
    auto scan = [&](std::string_view text, Role role) -> bool {
      if (text.empty()) return true;
      auto r = c.scanner().scan(text, role);
      // Fail closed (the default): unscannable text is never released.
      if (!r.ok()) return c.fail_open_after_scan_error();
      scan_ns += static_cast<int64_t>(r->total_nanos);
      now.push_back({role, 0, std::move(*r)});
      return true;
    };
    bool ok = scan(hold.content_to_scan(), Role::kAssistant) && scan(hold.tool_args(), Role::kToolCall);
    std::vector<const ScanResult*> results;
    for (const auto& p : now) results.push_back(&p.result);
    const bool bad = !ok || strongest(now) == Action::kBlock;
    for (auto& p : now)
      if (!p.result.findings.empty()) parts.push_back(std::move(p));
    if (bad) {
      violation(content_filter_results(results));
      return false;
    }
    for (auto& e : hold.release())
      if (!emit(e)) return false;
    return true;
  }

  void on_event(const std::string& data) {
    if (blocked || client_gone || done) return;
    if (data == "[DONE]") {
      if (check()) {
        emit("[DONE]");
        done = true;
      }
      return;
    }
    json j = json::parse(data, nullptr, false);
    if (!j.is_object()) {
      if (hold.add(data, "")) check();
      return;
    }
    if (j.contains("id") && j["id"].is_string()) id = j["id"].get<std::string>();
    if (j.contains("model") && j["model"].is_string()) model = j["model"].get<std::string>();
    if (j.contains("created") && j["created"].is_number_integer()) created = j["created"].get<int64_t>();
    if (j.contains("usage") && j["usage"].is_object()) {
      const json& u = j["usage"];
      if (u.contains("prompt_tokens") && u["prompt_tokens"].is_number_integer()) {
        c.audit.prompt_tokens = u["prompt_tokens"].get<int64_t>();
        c.audit.tokens_estimated = false;
      }
      if (u.contains("completion_tokens") && u["completion_tokens"].is_number_integer())
        c.audit.completion_tokens = u["completion_tokens"].get<int64_t>();
      // We asked for usage; a client that did not gets no usage-only chunk.
      if (!client_wants_usage && (!j.contains("choices") || (j["choices"].is_array() && j["choices"].empty())))
        return;
    }
    std::string content, args;
    if (j.contains("choices") && j["choices"].is_array())
      for (const auto& ch : j["choices"]) {
        if (!ch.is_object() || !ch.contains("delta") || !ch["delta"].is_object()) continue;
        const json& d = ch["delta"];
        if (d.contains("content") && d["content"].is_string()) content += d["content"].get<std::string>();
        if (d.contains("tool_calls") && d["tool_calls"].is_array())
          for (const auto& tc : d["tool_calls"]) {
            if (!tc.is_object() || !tc.contains("function") || !tc["function"].is_object()) continue;
            const json& fn = tc["function"];
            if (fn.contains("name") && fn["name"].is_string() && !c.identity.may_use_tool(fn["name"].get<std::string>())) {
              json r = content_filter_results({});
              r["tool_not_allowed"] = {{"filtered", true}, {"detected", true}, {"tool", fn["name"]}};
              violation(r);
              return;
            }
            if (fn.contains("arguments") && fn["arguments"].is_string()) args += fn["arguments"].get<std::string>();
          }
      }
    completion_chars += count_code_points(content) + count_code_points(args);
    if (hold.add(data, content, args)) check();
  }
};

}  // namespace

void stream_chat(GatewayState& s, Call& c, ResponseSink& out, json& body, const ChatPrompt& prompt) {
  StreamState st(s, c, out, c.policy->holdback_chars);
  if (body.contains("stream_options") && body["stream_options"].is_object())
    st.client_wants_usage = body["stream_options"].value("include_usage", false);
  else
    body["stream_options"] = json::object();
  body["stream_options"]["include_usage"] = true;   // so that token counts are known

  int upstream_status = 0;
  std::string upstream_ct, error_body;
  const auto t0 = std::chrono::steady_clock::now();
  bool first_byte = false;
  size_t tail_bytes = 0;
  Status result = s.upstream->stream(
      "/chat/completions", body.dump(),
      [&](int status, const std::string& ct) {
        upstream_status = status;
        upstream_ct = ct;
        if (status != 200) return true;
        Headers headers;
        if (std::string u = unread_header(prompt.parts); !u.empty()) headers.emplace_back("x-bulwark-unread", u);
        if (!out.begin_stream(200, "text/event-stream", std::move(headers))) return false;
        // Azure OpenAI sends the prompt annotations first, in a chunk without choices.
        json first = {{"id", ""}, {"object", ""}, {"created", 0}, {"model", ""},
                      {"prompt_filter_results", prompt.filter_results}, {"choices", json::array()}};
        return st.emit(first.dump(-1, ' ', false, json::error_handler_t::replace));
      },
      [&](std::string_view data) {
        if (!first_byte) {
          first_byte = true;
          s.metrics.upstream_seconds.observe(static_cast<double>(micros_since(t0)) / 1e6);
        }
        if (upstream_status != 200) {
          error_body.append(data);
          return error_body.size() < (1u << 20);
        }
        for (const auto& ev : st.sse.feed(data)) st.on_event(ev);
        // After [DONE] keep reading the (normally empty) rest of the response, so that the
        // upstream connection ends cleanly and can be reused; a runaway tail is cut off.
        if (st.done) tail_bytes += data.size();
        return !st.blocked && !st.client_gone && tail_bytes < 65536;
      });
  c.audit.upstream_us = micros_since(t0);
  if (!out.started()) {
    if (!result.ok())
      return (void)out.send(openai_error(502, "Upstream unavailable: " + result.message(), "server_error", "upstream_error"));
    HttpResponse r;
    r.status = upstream_status ? upstream_status : 502;
    r.body = error_body;
    if (!upstream_ct.empty()) r.content_type = upstream_ct;
    return (void)out.send(std::move(r));
  }
  if (!st.blocked && !st.done && !st.client_gone) {
    for (const auto& ev : st.sse.finish()) st.on_event(ev);
    if (!st.blocked && !st.done && !st.client_gone) {
      // The upstream ended without [DONE] (or failed): release what is clean, then say so.
      if (st.check()) {
        json err = {{"error", {{"message", "Upstream stream ended early: " + (result.ok() ? std::string("no [DONE]") : result.message())},
                               {"type", "server_error"}, {"param", nullptr}, {"code", "upstream_error"}}}};
        st.out.write("event: error\ndata: " + err.dump() + "\n\n");
      }
    }
  }
  out.end_stream();
  if (c.audit.completion_tokens < 0) {
    c.audit.completion_tokens = static_cast<int64_t>((st.completion_chars + 3) / 4);
    c.audit.tokens_estimated = true;
  }
  std::vector<ScannedPart> all = prompt.parts;
  for (auto& p : st.parts) all.push_back(std::move(p));
  c.audit.findings_json = findings_json(all).dump();
  c.audit.unread_json = unread_json(all).dump();
  c.audit.scan_us += st.scan_ns / 1000;
  if (!st.blocked) {
    const Action a = strongest(all);
    c.audit.decision = std::string(action_name(a));
  }
}

}  // namespace bulwark::gateway
