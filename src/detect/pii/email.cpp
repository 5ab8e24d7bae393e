#include "detect/pii/email.h"

#include <cstring>

namespace bulwark::detect {
namespace {

bool is_local_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::strchr("!#$%&'*+-/=?^_`{|}~.", c) != nullptr;
}
bool is_domain_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}
bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

void scan_view(const TextView& view, HitSink& out) {
  const std::string& s = view.text;
  size_t at = s.find('@');
  while (at != std::string::npos) {
    size_t b = at;
    while (b > 0 && is_local_char(static_cast<unsigned char>(s[b - 1])) && at - b < 64) --b;
    while (b < at && s[b] == '.') ++b;  // a local part does not start with a dot
    size_t e = at + 1;
    while (e < s.size() && is_domain_char(static_cast<unsigned char>(s[e])) && e - at < 255) ++e;
    while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) --e;  // trailing punctuation
    if (b < at && e > at + 1) {
      std::string_view domain(s.data() + at + 1, e - at - 1);
      size_t dot = domain.rfind('.');
      if (dot != std::string_view::npos && dot > 0 && domain.size() - dot - 1 >= 2) {
        std::string_view tld = domain.substr(dot + 1);
        bool alpha = true;
        for (unsigned char c : tld) alpha = alpha && is_alpha(c);
        if (alpha && domain.find("..") == std::string_view::npos) {
          Hit h;
          h.view = &view;
          h.begin = static_cast<uint32_t>(b);
          h.end = static_cast<uint32_t>(e);
          h.category = "pii";
          h.subtype = "email";
          h.severity = 3;
          h.score = 0.99;
          out.add(std::move(h));
        }
      }
    }
    at = s.find('@', at + 1);
  }
}

class EmailDetector final : public Detector {
 public:
  std::string_view id() const override { return "pii.email"; }
  Status scan(const ScanContext& ctx, DetectorScratch*, HitSink& out) const override {
    scan_view(ctx.raw(), out);
    for (const TextView* v : ctx.decoded) scan_view(*v, out);
    return {};
  }
};

}  // namespace

Result<DetectorPtr> make_email_detector(const DetectorSpec&) { return DetectorPtr(new EmailDetector); }

}  // namespace bulwark::detect
