// gateway/handlers_moderation.cpp — POST /v1/moderations in OpenAI's shape. Harm findings map
// onto OpenAI's 13 categories; `flagged` is true when the policy blocks the input (also for
// categories OpenAI has no name for, e.g. prompt attacks or secrets), and the findings ride
// along in an extra `bulwark` field.
#include <algorithm>

#include "gateway/audit_content.h"
#include "gateway/errors.h"
#include "gateway/gateway.h"

namespace bulwark::gateway {

using nlohmann::json;

namespace {

const char* const kCategories[] = {"harassment", "harassment/threatening", "hate", "hate/threatening",
                                   "illicit", "illicit/violent", "self-harm", "self-harm/intent",
                                   "self-harm/instructions", "sexual", "sexual/minors", "violence",
                                   "violence/graphic"};

// "harm/self-harm/intent" → "self-harm/intent"; "" when not a harm category. Weapons go to
// "illicit/violent", OpenAI's category for advice on procuring or making weapons.
std::string openai_category(const std::string& category) {
  if (category.rfind("harm/", 0) != 0) return "";
  std::string c = category.substr(5);
  if (c == "weapons" || c.rfind("weapons/", 0) == 0) return "illicit/violent";
  std::replace(c.begin(), c.end(), '_', '-');
  return c;
}

json moderation_result(const ScannedPart& part) {
  json categories = json::object(), scores = json::object(), applied = json::object();
  for (const char* k : kCategories) {
    categories[k] = false;
    scores[k] = 0.0;
    applied[k] = json::array({"text"});
  }
  for (const auto& f : part.result.findings) {
    std::string k = openai_category(f.category);
    if (k.empty() || !categories.contains(k)) continue;
    scores[k] = std::max(scores[k].get<double>(), f.score);
    if (f.action == Action::kBlock) categories[k] = true;
  }
  bool flagged = part.result.decision == Action::kBlock;
  for (auto& [k, v] : categories.items()) flagged = flagged || v.get<bool>();
  return {{"flagged", flagged},
          {"categories", categories},
          {"category_scores", scores},
          {"category_applied_input_types", applied},
          {"bulwark",
           {{"decision", action_name(part.result.decision)},
            {"findings", findings_json({part})},
            {"unread", unread_json({part})}}}};
}

}  // namespace

void handle_moderations(GatewayState& s, Call& c, ResponseSink& out) {
  json body = json::parse(c.req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    out.send(openai_error(400, "We could not parse the JSON body of your request.", "invalid_request_error"));
    return;
  }
  if (!body.contains("input")) {
    out.send(openai_error(400, "Missing required parameter: 'input'.", "invalid_request_error", "", "input"));
    return;
  }
  std::string model = "omni-moderation-latest";
  if (body.contains("model")) {
    if (!body["model"].is_string()) {
      out.send(openai_error(400, "Invalid type for 'model': expected a string.", "invalid_request_error",
                            "invalid_type", "model"));
      return;
    }
    model = body["model"].get<std::string>();
  }
  c.audit.model = model;
  // Normalise to a list of texts; image parts are accepted and not scanned.
  std::vector<std::string> texts;
  const json& input = body["input"];
  auto bad_input = [&] {
    out.send(openai_error(400,
                          "Invalid type for 'input': expected a string, an array of strings, or an array of "
                          "text/image_url objects.",
                          "invalid_request_error", "invalid_type", "input"));
  };
  if (input.is_string()) {
    texts.push_back(input.get<std::string>());
  } else if (input.is_array() && !input.empty()) {
    bool objects = input[0].is_object();
    std::string joined;
    for (const auto& e : input) {
      if (!objects && e.is_string()) {
        texts.push_back(e.get<std::string>());
      } else if (objects && e.is_object() && e.value("type", "") == "text" && e.contains("text") &&
                 e["text"].is_string()) {
        joined += (joined.empty() ? "" : "\n") + e["text"].get<std::string>();
      } else if (objects && e.is_object() && e.value("type", "") == "image_url") {
        continue;
      } else {
        return bad_input();
      }
    }
    if (objects) texts.push_back(joined);   // multimodal input is one item: one result
  } else {
    return bad_input();
  }

  std::vector<ScannedPart> parts;
  json results = json::array();
  int64_t scan_ns = 0;
  AuditContent stored(c, s.config.audit_store_content);
  for (size_t i = 0; i < texts.size(); ++i) {
    auto r = c.scanner().scan(texts[i], Role::kUser);
    if (!r.ok()) {
      out.send(openai_error(r.status().code() == StatusCode::kInternal ? 500 : 400,
                            "input[" + std::to_string(i) + "]: " + r.status().message(),
                            r.status().code() == StatusCode::kInternal ? "server_error" : "invalid_request_error",
                            "", "input"));
      return;
    }
    scan_ns += static_cast<int64_t>(r->total_nanos);
    parts.push_back({Role::kUser, static_cast<int>(i), std::move(*r)});
    stored.add(texts[i], parts.back());
    results.push_back(moderation_result(parts.back()));
  }
  stored.store(c);
  c.audit.scan_us = scan_ns / 1000;
  c.audit.decision = std::string(action_name(strongest(parts)));
  c.audit.findings_json = findings_json(parts).dump();
  c.audit.unread_json = unread_json(parts).dump();
  std::string all;
  for (const auto& t : texts) all += t;
  c.audit.content_sha256 = sha256_hex(all);
  out.send(json_response(200, {{"id", "modr-" + c.audit.request_id.substr(4)}, {"model", model}, {"results", results}}));
}

}  // namespace bulwark::gateway
