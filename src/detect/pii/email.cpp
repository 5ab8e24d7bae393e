#include "detect/pii/email.h"

#include <cstring>
#include <string_view>

#include "detect/pii/scan_util.h"

namespace bulwark::detect {
namespace {

// RFC 5322 also allows / = ? ^ ` { | } in a local part, but in practice they are separators
// ("?email=ann@x.org", "a|b@c") and taking them in would swallow the text before the address.
bool is_local_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (c != 0 && std::strchr("!#$%&'*+-_~.", c) != nullptr);
}
// File names such as "icon@2x.png" look like addresses; no TLD is a common file extension.
bool is_file_extension(std::string_view tld) {
  static constexpr std::string_view kExt[] = {"png", "jpg", "jpeg", "gif", "svg", "webp", "ico",
                                              "bmp", "tif", "tiff", "js", "css", "ts", "tsx",
                                              "jsx", "json", "yaml", "yml", "txt", "md", "pdf"};
  for (std::string_view e : kExt) {
    if (tld.size() != e.size()) continue;
    bool same = true;
    for (size_t i = 0; i < e.size() && same; ++i) same = pii::to_lower(tld[i]) == e[i];
    if (same) return true;
  }
  return false;
}
// Domain labels do not start or end with a hyphen and have at most 63 characters.
bool labels_ok(std::string_view domain) {
  size_t start = 0;
  while (start <= domain.size()) {
    size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    start = dot + 1;
  }
  return true;
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
    while (b > 0 && is_local_char(static_cast<unsigned char>(s[b - 1])) && at - b < 65) --b;
    // A local part starts with a letter or digit in practice: drop quotes and punctuation
    // that belong to the surrounding text ("'ann@x.org'", "-ann@x.org").
    while (b < at && !pii::is_alnum(s[b])) ++b;
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
        if (alpha && labels_ok(domain) && !is_file_extension(tld) && at - b <= 64) {
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
    pii::for_each_view(ctx, [&](const TextView& v) { scan_view(v, out); });
    return {};
  }
};

}  // namespace

Result<DetectorPtr> make_email_detector(const DetectorSpec&) { return DetectorPtr(new EmailDetector); }

}  // namespace bulwark::detect
