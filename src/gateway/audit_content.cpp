#include "gateway/audit_content.h"

#include "engine/redact.h"

namespace bulwark::gateway {

void AuditContent::add(std::string_view text, const ScannedPart& part) {
  if (!enabled_) return;
  // Every finding is redacted here, also those the policy only annotated: the audit log is a
  // second copy of the data and gets the strictest treatment.
  std::vector<Finding> all = part.result.findings;
  for (Finding& f : all) f.action = Action::kRedact;
  items_.push_back({{"role", role_name(part.role)},
                    {"index", part.index},
                    {"text", engine::redact(text, all, mode_)}});
}

void AuditContent::store(Call& c) const {
  if (enabled_) c.audit.content = items_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace bulwark::gateway
