#include "detect/exfil/host_allowlist.h"

namespace bulwark::detect::exfil {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace

Result<HostAllowlist> HostAllowlist::parse(std::string_view csv) {
  HostAllowlist list;
  while (!csv.empty()) {
    size_t comma = csv.find(',');
    std::string_view entry = trim(csv.substr(0, comma));
    csv = comma == std::string_view::npos ? std::string_view() : csv.substr(comma + 1);
    if (entry.empty()) continue;
    if (entry.find_first_of(" \t/:?#@") != std::string_view::npos)
      return invalid_policy("exfil.links: allowed_hosts entry '" + std::string(entry) +
                            "' must be a host name (example.com, *.example.com or .example.com)");
    if (entry.substr(0, 2) == "*.") {
      if (entry.size() == 2) return invalid_policy("exfil.links: allowed_hosts entry '*.' has no domain");
      list.suffixes_.push_back({lower(entry.substr(1)), false});
    } else if (entry.front() == '.') {
      if (entry.size() == 1) return invalid_policy("exfil.links: allowed_hosts entry '.' has no domain");
      list.suffixes_.push_back({lower(entry), true});
    } else if (entry.find('*') != std::string_view::npos) {
      return invalid_policy("exfil.links: allowed_hosts entry '" + std::string(entry) +
                            "': '*' is allowed only as a leading '*.'");
    } else {
      list.exact_.push_back(lower(entry));
    }
  }
  return list;
}

bool HostAllowlist::allows(std::string_view host) const {
  for (const auto& e : exact_)
    if (host == e) return true;
  for (const auto& s : suffixes_) {
    if (s.include_apex && host == std::string_view(s.dotted).substr(1)) return true;
    if (host.size() > s.dotted.size() &&
        host.compare(host.size() - s.dotted.size(), s.dotted.size(), s.dotted) == 0)
      return true;
  }
  return false;
}

}  // namespace bulwark::detect::exfil
