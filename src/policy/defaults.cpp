#include "bulwark/policy.h"

namespace bulwark {

Policy Policy::defaults() {
  Policy p;
  p.name = "default";
  p.source = "<built-in default policy>";
  const RoleSet untrusted = roles_of({Role::kUser, Role::kDocument, Role::kToolResult});
  p.rules = {
      {"secret", Action::kBlock, 0, 0.0, std::nullopt},
      {"pii", Action::kRedact, 0, 0.0, std::nullopt},
      {"prompt_attack", Action::kBlock, 4, 0.5, untrusted},
      {"prompt_attack", Action::kAnnotate, 0, 0.0, std::nullopt},
      {"hidden_text", Action::kBlock, 4, 0.0, untrusted},
      {"hidden_text", Action::kAnnotate, 0, 0.0, std::nullopt},
      {"exfiltration", Action::kBlock, 4, 0.0, std::nullopt},
      {"blocklist", Action::kBlock, 0, 0.0, std::nullopt},
      {"harm", Action::kBlock, 4, 0.5, std::nullopt},
      {"*", Action::kAnnotate, 0, 0.0, std::nullopt},
  };
  return p;
}

}  // namespace bulwark
