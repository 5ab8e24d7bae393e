#include "detect/pii/ip_address.h"

#include <arpa/inet.h>

#include <string>

#include "detect/pii/scan_util.h"

namespace bulwark::detect {
namespace {

using pii::is_alnum;
using pii::is_digit;

bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Parses one octet at s[i]; returns its length (1..3) or 0.
size_t octet(const std::string& s, size_t i, int& value) {
  size_t j = i;
  value = 0;
  while (j < s.size() && j - i < 4 && is_digit(s[j])) value = value * 10 + (s[j++] - '0');
  size_t len = j - i;
  if (len == 0 || len > 3 || value > 255 || (len > 1 && s[i] == '0')) return 0;
  return len;
}

bool version_context(const std::string& s, size_t i) {
  if (i > 0 && (s[i - 1] == 'v' || s[i - 1] == 'V')) return true;
  return pii::context_before(s, i,
                             {"version", "versions", "ver", "v", "release", "build", "firmware", "update",
                              "upgrade", "upgraded", "patch"},
                             24);
}

void scan_v4(const TextView& view, HitSink& out) {
  const std::string& s = view.text;
  for (size_t i = 0; (i = pii::find_digit(s, i)) + 7 <= s.size(); ++i) {
    if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '.')) {
      while (i + 1 < s.size() && (is_digit(s[i + 1]) || s[i + 1] == '.')) ++i;
      continue;
    }
    size_t j = i;
    int parts[4];
    int k = 0;
    for (; k < 4; ++k) {
      size_t len = octet(s, j, parts[k]);
      if (len == 0) break;
      j += len;
      if (k < 3) {
        if (j >= s.size() || s[j] != '.') break;
        ++j;
      }
    }
    if (k == 4) {
      bool longer =
          j < s.size() && (is_alnum(s[j]) || (s[j] == '.' && j + 1 < s.size() && is_digit(s[j + 1])));
      if (!longer && !version_context(s, i)) {
        bool local =
            parts[0] == 10 || parts[0] == 127 || parts[0] == 0 || (parts[0] == 192 && parts[1] == 168) ||
            (parts[0] == 172 && parts[1] >= 16 && parts[1] <= 31) || (parts[0] == 169 && parts[1] == 254);
        out.add(pii::make_hit(view, i, j, "ipv4", 2, local ? 0.5 : 0.8));
      }
    }
    while (i + 1 < s.size() && (is_digit(s[i + 1]) || s[i + 1] == '.')) ++i;
  }
}

void scan_v6(const TextView& view, HitSink& out) {
  const std::string& s = view.text;
  std::string cand;
  for (size_t c = s.find(':'); c != std::string::npos; c = s.find(':', c + 1)) {
    // Extend around the colon over hex digits, colons and dots (embedded IPv4).
    size_t b = c, e = c;
    while (b > 0 && (is_hex(s[b - 1]) || s[b - 1] == ':') && c - b < 45) --b;
    while (e < s.size() && (is_hex(s[e]) || s[e] == ':' || s[e] == '.') && e - b < 45) ++e;
    while (e > c && s[e - 1] == '.') --e;
    if ((b > 0 && (is_alnum(s[b - 1]) || s[b - 1] == '_')) ||
        (e < s.size() && (is_alnum(s[e]) || s[e] == '_'))) {
      c = e;
      continue;
    }
    cand.assign(s, b, e - b);
    int colons = 0, digits = 0;
    for (char ch : cand) {
      colons += ch == ':';
      digits += is_digit(ch);
    }
    bool compressed = cand.find("::") != std::string::npos;
    // "a::b"-style C++ scopes and "12:30:45" times are not addresses: demand a digit and
    // either all eight groups or a compressed form with at least two colons.
    unsigned char buf[16];
    if (colons >= 2 && digits > 0 && (compressed || colons == 7) && cand != "::" &&
        inet_pton(AF_INET6, cand.c_str(), buf) == 1) {
      bool local = cand == "::1" || (buf[0] == 0xfe && (buf[1] & 0xc0) == 0x80) || (buf[0] & 0xfe) == 0xfc ||
                   (buf[0] == 0x20 && buf[1] == 0x01 && buf[2] == 0x0d && buf[3] == 0xb8);
      out.add(pii::make_hit(view, b, e, "ipv6", 2, local ? 0.5 : 0.8));
    }
    c = e;
    if (c >= s.size()) break;
  }
}

class IpAddressDetector final : public Detector {
 public:
  std::string_view id() const override { return "pii.ip_address"; }
  Status scan(const ScanContext& ctx, DetectorScratch*, HitSink& out) const override {
    pii::for_each_view(ctx, [&](const TextView& v) {
      scan_v4(v, out);
      scan_v6(v, out);
    });
    return {};
  }
};

}  // namespace

Result<DetectorPtr> make_ip_address_detector(const DetectorSpec&) {
  return DetectorPtr(new IpAddressDetector);
}

}  // namespace bulwark::detect
