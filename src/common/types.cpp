#include "bulwark/types.h"

#include <array>

namespace bulwark {
namespace {
constexpr std::array<std::string_view, kRoleCount> kRoleNames = {
    "system", "user", "assistant", "document", "tool_call", "tool_result"};
constexpr std::array<std::string_view, 4> kActionNames = {"allow", "annotate", "redact", "block"};
}  // namespace

std::string_view role_name(Role role) { return kRoleNames[static_cast<size_t>(role)]; }

std::optional<Role> parse_role(std::string_view name) {
  for (size_t i = 0; i < kRoleNames.size(); ++i)
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  if (name == "developer" || name == "metaprompt") return Role::kSystem;
  if (name == "tool") return Role::kToolResult;
  return std::nullopt;
}

std::string_view action_name(Action action) { return kActionNames[static_cast<size_t>(action)]; }

std::optional<Action> parse_action(std::string_view name) {
  for (size_t i = 0; i < kActionNames.size(); ++i)
    if (kActionNames[i] == name) return static_cast<Action>(i);
  return std::nullopt;
}

}  // namespace bulwark
