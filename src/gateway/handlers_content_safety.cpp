// gateway/handlers_content_safety.cpp — Azure AI Content Safety text:analyze and
// text:shieldPrompt (api-version 2024-09-01), with Azure's field names, limits and errors.
#include <algorithm>

#include "gateway/audit_content.h"
#include "gateway/api_version.h"
#include "gateway/blocklists.h"
#include "gateway/errors.h"
#include "gateway/gateway.h"
#include "gateway/holdback.h"

namespace bulwark::gateway {

using nlohmann::json;

namespace {

constexpr size_t kMaxTextChars = 10000;
constexpr size_t kMaxDocuments = 5;

struct AzureCategory {
  const char* name;
  const char* engine_category;
};
const AzureCategory kAzureCategories[] = {
    {"Hate", "harm/hate"}, {"SelfHarm", "harm/self-harm"}, {"Sexual", "harm/sexual"}, {"Violence", "harm/violence"}};

HttpResponse bad_body(const std::string& msg) { return azure_error(400, "InvalidRequestBody", msg); }

std::optional<json> parse_object(const HttpRequest& req, ResponseSink& out) {
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    out.send(bad_body("The request body is not valid JSON or is not a JSON object."));
    return std::nullopt;
  }
  return body;
}

bool is_attack(const ScanResult& r) {
  return std::any_of(r.findings.begin(), r.findings.end(), [](const Finding& f) {
    return (f.category == "prompt_attack" || f.category == "hidden_text") && f.action == Action::kBlock;
  });
}

}  // namespace

void handle_analyze_text(GatewayState& s, Call& c, ResponseSink& out) {
  if (auto err = check_api_version(c.req)) return (void)out.send(std::move(*err));
  auto body = parse_object(c.req, out);
  if (!body) return;
  const json& b = *body;
  if (!b.contains("text") || !b["text"].is_string())
    return (void)out.send(bad_body("The field 'text' is required and must be a string."));
  const std::string text = b["text"].get<std::string>();
  if (count_code_points(text) > kMaxTextChars)
    return (void)out.send(bad_body("The text is too long: the maximum is 10000 characters."));
  std::vector<std::string> categories;
  if (b.contains("categories") && !b["categories"].is_null()) {
    if (!b["categories"].is_array()) return (void)out.send(bad_body("The field 'categories' must be an array."));
    for (const auto& e : b["categories"]) {
      if (!e.is_string()) return (void)out.send(bad_body("The field 'categories' must contain strings."));
      std::string name = e.get<std::string>();
      bool known = std::any_of(std::begin(kAzureCategories), std::end(kAzureCategories),
                               [&](const AzureCategory& a) { return name == a.name; });
      if (!known)
        return (void)out.send(bad_body("Unknown category '" + name + "'. Valid: Hate, SelfHarm, Sexual, Violence."));
      if (std::find(categories.begin(), categories.end(), name) == categories.end()) categories.push_back(name);
    }
  }
  if (categories.empty())
    for (const auto& a : kAzureCategories) categories.push_back(a.name);
  bool eight = false;
  if (b.contains("outputType") && !b["outputType"].is_null()) {
    if (!b["outputType"].is_string()) return (void)out.send(bad_body("The field 'outputType' must be a string."));
    std::string ot = b["outputType"].get<std::string>();
    if (ot == "EightSeverityLevels") eight = true;
    else if (ot != "FourSeverityLevels")
      return (void)out.send(bad_body("Invalid outputType '" + ot + "'. Valid: FourSeverityLevels, EightSeverityLevels."));
  }
  bool halt = false;
  if (b.contains("haltOnBlocklistHit") && !b["haltOnBlocklistHit"].is_null()) {
    if (!b["haltOnBlocklistHit"].is_boolean())
      return (void)out.send(bad_body("The field 'haltOnBlocklistHit' must be a boolean."));
    halt = b["haltOnBlocklistHit"].get<bool>();
  }
  std::vector<std::string> lists;
  if (b.contains("blocklistNames") && !b["blocklistNames"].is_null()) {
    if (!b["blocklistNames"].is_array()) return (void)out.send(bad_body("The field 'blocklistNames' must be an array."));
    for (const auto& e : b["blocklistNames"]) {
      if (!e.is_string()) return (void)out.send(bad_body("The field 'blocklistNames' must contain strings."));
      lists.push_back(e.get<std::string>());
    }
  }

  json matches = json::array();
  if (!lists.empty()) {
    std::lock_guard lock(s.db_mu);
    auto m = match_blocklists(s.db.get(), lists, text);
    if (!m.ok()) {
      if (m.status().code() == StatusCode::kNotFound)
        return (void)out.send(azure_error(404, "ResourceNotFound", m.status().message()));
      return (void)out.send(azure_error(500, "InternalError", m.status().message()));
    }
    for (const auto& x : *m)
      matches.push_back({{"blocklistName", x.blocklist}, {"blocklistItemId", x.item_id}, {"blocklistItemText", x.item_text}});
  }
  json analysis = json::array();
  std::vector<ScannedPart> parts;
  if (!(halt && !matches.empty())) {
    auto r = c.scanner().scan(text, Role::kUser);
    if (!r.ok()) {
      if (r.status().code() == StatusCode::kInternal)
        return (void)out.send(azure_error(500, "InternalError", r.status().message()));
      return (void)out.send(bad_body(r.status().message()));
    }
    c.audit.scan_us = static_cast<int64_t>(r->total_nanos / 1000);
    parts.push_back({Role::kUser, 0, std::move(*r)});
    AuditContent stored(c, s.config.audit_store_content);
    stored.add(text, parts.back());
    stored.store(c);
    for (const auto& name : categories) {
      const char* ec = "";
      for (const auto& a : kAzureCategories)
        if (name == a.name) ec = a.engine_category;
      int sev = 0;
      for (const auto& f : parts[0].result.findings)
        if (f.category == ec || f.category.rfind(std::string(ec) + "/", 0) == 0) sev = std::max(sev, f.severity);
      analysis.push_back({{"category", name}, {"severity", eight ? std::clamp(sev, 0, 7) : trim_severity(sev)}});
    }
  }
  Action decision = parts.empty() ? Action::kAllow : strongest(parts);
  if (!matches.empty()) decision = Action::kBlock;
  c.audit.decision = std::string(action_name(decision));
  json findings = findings_json(parts), unread = unread_json(parts);
  c.audit.findings_json = findings.dump();
  c.audit.unread_json = unread.dump();
  c.audit.content_sha256 = sha256_hex(text);
  json resp = {{"blocklistsMatch", matches}, {"categoriesAnalysis", analysis}};
  // Beyond Azure: every finding with its span and score (Azure clients ignore unknown fields).
  resp["bulwarkAnalysis"] = {
      {"decision", action_name(decision)}, {"findings", std::move(findings)}, {"unread", std::move(unread)}};
  out.send(json_response(200, resp));
}

void handle_shield_prompt(GatewayState& s, Call& c, ResponseSink& out) {
  if (auto err = check_api_version(c.req)) return (void)out.send(std::move(*err));
  auto body = parse_object(c.req, out);
  if (!body) return;
  const json& b = *body;
  std::optional<std::string> prompt;
  std::vector<std::string> docs;
  if (b.contains("userPrompt") && !b["userPrompt"].is_null()) {
    if (!b["userPrompt"].is_string()) return (void)out.send(bad_body("The field 'userPrompt' must be a string."));
    prompt = b["userPrompt"].get<std::string>();
    if (count_code_points(*prompt) > kMaxTextChars)
      return (void)out.send(bad_body("The userPrompt is too long: the maximum is 10000 characters."));
  }
  if (b.contains("documents") && !b["documents"].is_null()) {
    if (!b["documents"].is_array()) return (void)out.send(bad_body("The field 'documents' must be an array of strings."));
    size_t total = 0;
    for (const auto& d : b["documents"]) {
      if (!d.is_string()) return (void)out.send(bad_body("The field 'documents' must be an array of strings."));
      docs.push_back(d.get<std::string>());
      total += count_code_points(docs.back());
    }
    if (docs.size() > kMaxDocuments)
      return (void)out.send(bad_body("Too many documents: the maximum is 5."));
    if (total > kMaxTextChars)
      return (void)out.send(bad_body("The documents are too long: the maximum is 10000 characters in total."));
  }
  if (!prompt && docs.empty())
    return (void)out.send(bad_body("At least one of 'userPrompt' or 'documents' is required."));

  std::vector<ScannedPart> parts;
  json resp = json::object();
  int64_t scan_ns = 0;
  AuditContent stored(c, s.config.audit_store_content);
  auto scan = [&](const std::string& text, Role role, int index) -> bool {
    auto r = c.scanner().scan(text, role);
    if (!r.ok()) {
      out.send(r.status().code() == StatusCode::kInternal ? azure_error(500, "InternalError", r.status().message())
                                                          : bad_body(r.status().message()));
      return false;
    }
    scan_ns += static_cast<int64_t>(r->total_nanos);
    parts.push_back({role, index, std::move(*r)});
    stored.add(text, parts.back());
    return true;
  };
  if (prompt) {
    if (!scan(*prompt, Role::kUser, 0)) return;
    resp["userPromptAnalysis"] = {{"attackDetected", is_attack(parts.back().result)}};
  }
  json docs_out = json::array();
  for (size_t i = 0; i < docs.size(); ++i) {
    if (!scan(docs[i], Role::kDocument, static_cast<int>(i))) return;
    docs_out.push_back({{"attackDetected", is_attack(parts.back().result)}});
  }
  resp["documentsAnalysis"] = docs_out;
  json findings = findings_json(parts), unread = unread_json(parts);
  c.audit.findings_json = findings.dump();
  c.audit.unread_json = unread.dump();
  resp["bulwarkAnalysis"] = {{"findings", std::move(findings)}, {"unread", std::move(unread)}};
  bool any = false;
  for (const auto& p : parts) any = any || is_attack(p.result);
  c.audit.scan_us = scan_ns / 1000;
  c.audit.decision = any ? "block" : std::string(action_name(strongest(parts)));
  std::string all = prompt.value_or("");
  for (const auto& d : docs) all += d;
  c.audit.content_sha256 = sha256_hex(all);
  stored.store(c);
  out.send(json_response(200, resp));
}

}  // namespace bulwark::gateway
