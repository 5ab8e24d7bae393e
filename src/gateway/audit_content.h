// gateway/audit_content.h — what the audit row's `content` column holds when
// `audit.store_content: redacted` is on: each scanned text with every finding's span replaced
// (whatever action the policy took on it), in the policy's redaction mode. Off by default: then
// only the SHA-256 of the content is stored.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "gateway/gateway.h"

namespace bulwark::gateway {

class AuditContent {
 public:
  explicit AuditContent(const Call& c, bool enabled) : enabled_(enabled), mode_(c.scanner().engine().policy().redaction) {}
  // Adds one scanned text (no-op when storing content is off).
  void add(std::string_view text, const ScannedPart& part);
  // Sets c.audit.content to the JSON array [{role, index, text}] (when on).
  void store(Call& c) const;

 private:
  bool enabled_;
  RedactionMode mode_;
  nlohmann::json items_ = nlohmann::json::array();
};

}  // namespace bulwark::gateway
