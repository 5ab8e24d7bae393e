// gateway/chat_scan.h — splitting a chat request into scannable parts by role: system and
// developer messages are the metaprompt, tool messages are tool results, and text inside
// <documents>…</documents> in user messages is scanned as documents.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bulwark/types.h"

namespace bulwark::gateway {

struct PromptPart {
  int message_index = 0;
  Role role = Role::kUser;
  std::string text;
  bool whole_message = false;   // text is the message's entire string content (redactable in place)
};

Role role_for_message(const std::string& role);
// Text of a message's content: a string, or the text parts of an array. False for bad types.
bool message_text(const nlohmann::json& content, std::string& out);
// Splits user text into non-document and <documents> parts.
void split_documents(const std::string& text, int index, std::vector<PromptPart>& out);

}  // namespace bulwark::gateway
