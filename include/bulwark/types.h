// bulwark/types.h — the vocabulary shared by the engine, detectors and every face:
// roles, actions, spans and findings.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark {

// Where a piece of text sits in the conversation; the policy decides per role which detectors
// run and what they may do. Trust falls from system to tool_result.
enum class Role : uint8_t {
  kSystem = 0,   // the metaprompt written by the application
  kUser,         // end-user turns
  kAssistant,    // model output (and history)
  kDocument,     // grounding data: retrieved context, e-mail, web pages
  kToolCall,     // arguments a model wants to pass to a tool
  kToolResult,   // what a tool returned
};
inline constexpr int kRoleCount = 6;

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);

// Ordered by strength: the decision for a scan is the strongest action any finding triggers.
enum class Action : uint8_t { kAllow = 0, kAnnotate, kRedact, kBlock };
std::string_view action_name(Action action);
std::optional<Action> parse_action(std::string_view name);

// A region of the ORIGINAL input text, in UTF-8 bytes and in Unicode code points.
// Half-open: [begin, end).
struct Span {
  uint32_t byte_begin = 0;
  uint32_t byte_end = 0;
  uint32_t cp_begin = 0;
  uint32_t cp_end = 0;
};

// One thing a detector found. Spans always refer to the original text, also for matches
// found in a normalized or decoded view (`via` then says how the text was transformed).
struct Finding {
  std::string detector;   // registry id, e.g. "pii.email"
  std::string category;   // policy category, e.g. "pii", "secret", "prompt_attack"
  std::string subtype;    // e.g. "email", "aws_access_key", "change_system_rules"
  int severity = 0;       // 0..7 (Azure AI Content Safety's eight-level scale)
  double score = 0.0;     // 0..1 confidence
  Span span;
  std::string evidence;   // a redacted snippet, safe to log
  std::string via;        // "" for the raw text; otherwise the view or decoder chain, e.g. "base64"
  Action action = Action::kAllow;  // what the policy does about this finding
};

}  // namespace bulwark
