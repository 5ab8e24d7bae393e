#include "gateway/chat_scan.h"

namespace bulwark::gateway {

Role role_for_message(const std::string& role) {
  if (role == "system" || role == "developer") return Role::kSystem;
  if (role == "assistant") return Role::kAssistant;
  if (role == "tool" || role == "function") return Role::kToolResult;
  return Role::kUser;
}

bool message_text(const nlohmann::json& content, std::string& out) {
  out.clear();
  if (content.is_null()) return true;
  if (content.is_string()) {
    out = content.get<std::string>();
    return true;
  }
  if (!content.is_array()) return false;
  for (const auto& part : content) {
    if (!part.is_object()) return false;
    if (part.value("type", "") == "text") {
      if (!part.contains("text") || !part["text"].is_string()) return false;
      if (!out.empty()) out += '\n';
      out += part["text"].get<std::string>();
    }
  }
  return true;
}

void split_documents(const std::string& text, int index, std::vector<PromptPart>& out) {
  static const std::string kOpen = "<documents>", kClose = "</documents>";
  size_t pos = 0;
  std::string outside;
  bool any = false;
  while (pos < text.size()) {
    size_t open = text.find(kOpen, pos);
    if (open == std::string::npos) break;
    size_t body = open + kOpen.size();
    size_t close = text.find(kClose, body);
    // An unclosed block runs to the end: untrusted text must not escape scanning as a document.
    size_t end = close == std::string::npos ? text.size() : close;
    outside += text.substr(pos, open - pos);
    out.push_back({index, Role::kDocument, text.substr(body, end - body), false});
    any = true;
    pos = close == std::string::npos ? text.size() : close + kClose.size();
  }
  if (pos < text.size()) outside += text.substr(pos);
  if (!any) {
    out.push_back({index, Role::kUser, text, true});
    return;
  }
  out.push_back({index, Role::kUser, outside, false});
}

}  // namespace bulwark::gateway
