// detect/exfil/host_allowlist.h — the hosts a link or image may point at without a finding.
//
// Parsed from a comma-separated list (the `allowed_hosts` detector parameter):
//   example.com        exactly that host
//   *.example.com      any subdomain of example.com, not example.com itself
//   .example.com       example.com and any subdomain (cookie-domain style)
// Matching is on whole labels: "*.example.com" does not allow "badexample.com".
//
// Thread-safety: immutable after parse(); allows() is const.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/result.h"

namespace bulwark::detect::exfil {

class HostAllowlist {
 public:
  // @return kInvalidPolicy for an entry with spaces, a scheme, a path or a bare "*".
  static Result<HostAllowlist> parse(std::string_view csv);
  // `host` as normalized by parse_external_url (lower-case, no port, no trailing dot).
  bool allows(std::string_view host) const;
  size_t size() const { return exact_.size() + suffixes_.size(); }

 private:
  struct Suffix {
    std::string dotted;       // ".example.com"
    bool include_apex;        // ".example.com" form allows example.com itself
  };
  std::vector<std::string> exact_;
  std::vector<Suffix> suffixes_;
};

}  // namespace bulwark::detect::exfil
