#include "detect/exfil/links.h"

#include "detect/exfil/host_allowlist.h"
#include "detect/exfil/link_scanner.h"
#include "detect/exfil/url.h"

namespace bulwark::detect {
namespace {

using exfil::HostAllowlist;
using exfil::LinkCandidate;

// Per-thread candidate buffer: scanning reuses it instead of allocating.
struct LinksScratch final : DetectorScratch {
  std::vector<LinkCandidate> candidates;
};

class ExfilLinksDetector final : public Detector {
 public:
  explicit ExfilLinksDetector(HostAllowlist allow) : allow_(std::move(allow)) {}
  std::string_view id() const override { return "exfil.links"; }
  RoleSet default_roles() const override {
    return roles_of({Role::kAssistant, Role::kToolCall, Role::kDocument, Role::kToolResult});
  }
  std::unique_ptr<DetectorScratch> new_scratch() const override {
    return std::make_unique<LinksScratch>();
  }
  Status scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const override {
    LinksScratch local;
    auto* s = scratch != nullptr ? static_cast<LinksScratch*>(scratch) : &local;
    scan_view(ctx.raw(), ctx.role, s->candidates, out);
    for (const TextView* v : ctx.decoded) scan_view(*v, ctx.role, s->candidates, out);
    return {};
  }

 private:
  void scan_view(const TextView& view, Role role, std::vector<LinkCandidate>& cands,
                 HitSink& out) const {
    cands.clear();
    exfil::find_links(view.text, cands);
    const size_t markup = cands.size();
    if (role == Role::kToolCall) exfil::find_bare_urls(view.text, cands);
    size_t index = 0;
    for (const auto& c : cands) {
      // A bare URL inside markup already found is the same channel: report it once.
      if (index++ >= markup && covered(cands, markup, c)) continue;
      // Browsers decode character references in attribute values before parsing the URL.
      const bool in_markup = c.kind >= exfil::LinkKind::kHtmlImage && c.kind <= exfil::LinkKind::kCssUrl;
      std::string decoded;
      if (in_markup && c.url.find('&') != std::string_view::npos)
        decoded = exfil::decode_attribute_entities(c.url);
      auto url = exfil::parse_external_url(decoded.empty() ? c.url : std::string_view(decoded));
      if (!url || allow_.allows(url->host)) continue;
      const bool data = exfil::data_bearing_reason(*url, !c.auto_load) != nullptr;
      Hit h;
      h.view = &view;
      h.begin = c.begin;
      h.end = c.end;
      h.category = "exfiltration";
      h.subtype = std::string(exfil::link_kind_subtype(c.kind));
      h.severity = severity(c, role, data);
      h.score = data ? 0.95 : (c.auto_load ? 0.8 : 0.6);
      h.sensitive = data;  // the URL may carry the very data being exfiltrated
      out.add(std::move(h));
    }
  }

  static bool covered(const std::vector<LinkCandidate>& cands, size_t markup,
                      const LinkCandidate& c) {
    for (size_t i = 0; i < markup; ++i)
      if (cands[i].begin <= c.begin && c.end <= cands[i].end) return true;
    return false;
  }

  // Output (assistant, tool_call): a renderer or tool acts on the URL, so an auto-loading one
  // is the exfiltration itself. Input (document, tool_result): web pages are full of images;
  // what matters is a planted payload, i.e. a data-bearing URL.
  static int severity(const LinkCandidate& c, Role role, bool data) {
    if (c.kind == exfil::LinkKind::kBareUrl) return data ? 6 : 2;
    if (role == Role::kDocument || role == Role::kToolResult)
      return c.auto_load ? (data ? 6 : 3) : (data ? 3 : 1);
    return c.auto_load ? (data ? 7 : 6) : (data ? 4 : 2);
  }

  HostAllowlist allow_;
};

}  // namespace

Result<DetectorPtr> make_exfil_links_detector(const DetectorSpec& spec) {
  std::string hosts;
  for (const auto& [key, value] : spec.params) {
    if (key == "allowed_hosts") hosts = value;
    else return invalid_policy("exfil.links: unknown parameter '" + key + "' (known: allowed_hosts)");
  }
  auto allow = exfil::HostAllowlist::parse(hosts);
  if (!allow.ok()) return allow.status();
  return DetectorPtr(new ExfilLinksDetector(std::move(allow).value()));
}

}  // namespace bulwark::detect
