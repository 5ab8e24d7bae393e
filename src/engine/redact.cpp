#include "engine/redact.h"

#include <openssl/evp.h>

#include <algorithm>
#include <map>

#include "text/utf8.h"

namespace bulwark::engine {
namespace {

std::string sha256_hex(std::string_view s, size_t hex_chars) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len && out.size() < hex_chars; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  out.resize(std::min(out.size(), hex_chars));
  return out;
}

std::string upper_label(std::string_view subtype) {
  std::string out;
  for (char c : subtype) {
    if (c >= 'a' && c <= 'z') out.push_back(static_cast<char>(c - 'a' + 'A'));
    else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out.push_back(c);
    else out.push_back('_');
  }
  return out.empty() ? "REDACTED" : out;
}

// The same value written differently ("ANN@x.org" / "ann@x.org", "4111 1111 1111 1111" /
// "4111-1111-1111-1111") is one value: it gets one placeholder number and one hash.
std::string canonical_value(std::string_view value) {
  bool has_digit = false, has_at = false;
  for (char c : value) {
    has_digit = has_digit || (c >= '0' && c <= '9');
    has_at = has_at || c == '@';
  }
  const bool drop_separators = has_digit && !has_at;  // numbers: phone, card, IBAN, ids
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (drop_separators && (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/'))
      continue;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace

std::string redact(std::string_view original, const std::vector<Finding>& findings,
                   RedactionMode mode) {
  struct Region {
    uint32_t b, e;
    const Finding* f;
  };
  std::vector<Region> regions;
  const auto size = static_cast<uint32_t>(original.size());
  for (const auto& f : findings) {
    // Spans past the end (a finding from another text) are clamped, never a crash.
    uint32_t b = std::min(f.span.byte_begin, size), e = std::min(f.span.byte_end, size);
    if (f.action == Action::kRedact && e > b) regions.push_back({b, e, &f});
  }
  std::sort(regions.begin(), regions.end(), [](const Region& a, const Region& b) {
    return a.b != b.b ? a.b < b.b : a.e > b.e;
  });
  // Merge overlaps; the earliest, longest finding names the merged region.
  std::vector<Region> merged;
  for (const auto& r : regions) {
    if (!merged.empty() && r.b < merged.back().e) {
      merged.back().e = std::max(merged.back().e, r.e);
    } else {
      merged.push_back(r);
    }
  }
  std::string out;
  out.reserve(original.size());
  std::map<std::string, std::map<std::string, int, std::less<>>, std::less<>> numbering;
  uint32_t pos = 0;
  for (const auto& r : merged) {
    out.append(original.substr(pos, r.b - pos));
    std::string_view value = original.substr(r.b, r.e - r.b);
    std::string label = upper_label(r.f->subtype);
    switch (mode) {
      case RedactionMode::kPlaceholder: {
        auto& ids = numbering[label];
        auto [it, inserted] = ids.emplace(canonical_value(value), static_cast<int>(ids.size()) + 1);
        out += "<" + label + "_" + std::to_string(it->second) + ">";
        break;
      }
      case RedactionMode::kMask:
        out.append(text::count_code_points(value), '*');
        break;
      case RedactionMode::kHash:
        out += "<" + label + ":" + sha256_hex(canonical_value(value), 12) + ">";
        break;
    }
    pos = r.e;
  }
  out.append(original.substr(pos));
  return out;
}

std::string evidence_snippet(std::string_view matched, bool sensitive) {
  constexpr size_t kMaxShown = 80;
  std::string out;
  if (sensitive) {
    uint32_t n = text::count_code_points(matched);
    if (n <= 4) return std::string(n, '*');
    // First and last character, the rest masked: enough to recognise, not to reuse.
    char32_t cp;
    int l0 = text::decode_utf8(matched, 0, cp);
    size_t last = matched.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(matched[last]) & 0xC0) == 0x80) --last;
    out.append(matched.substr(0, static_cast<size_t>(std::max(l0, 1))));
    out.append(std::min<uint32_t>(n - 2, 12), '*');
    out.append(matched.substr(last));
    return out;
  }
  for (size_t i = 0; i < matched.size() && out.size() < kMaxShown;) {
    char32_t cp;
    int len = text::decode_utf8(matched, i, cp);
    if (len <= 0) break;
    if (cp < 0x20 || cp == 0x7F) {
      out.push_back(' ');
    } else {
      out.append(matched.substr(i, static_cast<size_t>(len)));
    }
    i += static_cast<size_t>(len);
  }
  if (out.size() < matched.size()) out += "…";
  return out;
}

}  // namespace bulwark::engine

namespace bulwark::engine {

std::string evidence_masking(std::string_view original, uint32_t begin, uint32_t end,
                             const std::vector<std::pair<uint32_t, uint32_t>>& sensitive) {
  std::vector<std::pair<uint32_t, uint32_t>> inside;
  for (auto [b, e] : sensitive) {
    b = std::max(b, begin);
    e = std::min(e, end);
    if (b < e) inside.emplace_back(b, e);
  }
  std::sort(inside.begin(), inside.end());
  std::string masked;
  uint32_t pos = begin;
  for (auto [b, e] : inside) {
    if (e <= pos) continue;
    b = std::max(b, pos);
    masked.append(original.substr(pos, b - pos));
    masked.append(evidence_snippet(original.substr(b, e - b), true));
    pos = e;
  }
  masked.append(original.substr(pos, end - pos));
  return evidence_snippet(masked, false);
}

}  // namespace bulwark::engine
