#include "detect/exfil/url.h"

#include <array>
#include <utility>
#include <cmath>

#include "text/entropy.h"

namespace bulwark::detect::exfil {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != prefix[i]) return false;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int h = hex_value(s[i + 1]), l = hex_value(s[i + 2]);
      if (h >= 0 && l >= 0) {
        out.push_back(static_cast<char>(h * 16 + l));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

bool is_slash(char c) { return c == '/' || c == '\\'; }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// {data}, {{secret}}, ${X}, $SECRET, $(cmd), %s, <DATA>, [SECRET].
bool has_placeholder(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '{') {
      size_t close = s.find('}', i + 1);
      if (close != std::string_view::npos && close - i <= 64 && close > i + 1) return true;
    } else if (c == '$' && i + 1 < s.size() && (is_alpha(s[i + 1]) || s[i + 1] == '{' ||
                                                 s[i + 1] == '(' || s[i + 1] == '_')) {
      return true;
    } else if (c == '%' && i + 1 < s.size() && (s[i + 1] == 's' || s[i + 1] == 'd')) {
      // Not valid percent-encoding, so a printf-style slot.
      return true;
    } else if ((c == '<' || c == '[') && i + 3 < s.size()) {
      char close = c == '<' ? '>' : ']';
      size_t j = i + 1;
      while (j < s.size() && (is_upper(s[j]) || s[j] == '_')) ++j;
      if (j < s.size() && s[j] == close && j - i - 1 >= 3) return true;
    }
  }
  return false;
}

bool is_b64_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
}

// Mixed-case letters and digits only from the base64 (or base64url) alphabet, and the
// entropy of random bytes rather than of words.
bool looks_base64(std::string_view s, size_t min_len) {
  if (s.size() < min_len) return false;
  bool up = false, lo = false, dig = false;
  for (char c : s) {
    if (!is_b64_char(c)) return false;
    up |= is_upper(c);
    lo |= (c >= 'a' && c <= 'z');
    dig |= is_digit(c);
  }
  return up && lo && dig && text::shannon_entropy(s) >= 3.3;
}

bool looks_hex(std::string_view s, size_t min_len) {
  if (s.size() < min_len) return false;
  for (char c : s)
    if (hex_value(c) < 0) return false;
  return true;
}

bool suggestive_name(std::string_view name) {
  static constexpr std::array<std::string_view, 22> kNames = {
      "data",    "d",       "payload", "secret", "token",   "key",     "apikey", "api_key",
      "password", "pwd",    "pass",    "session", "cookie", "conversation", "chat", "history",
      "memory",  "prompt",  "exfil",   "leak",   "creds",   "credentials"};
  std::string n;
  for (char c : name) n.push_back(lower(c));
  for (auto k : kNames)
    if (n == k) return true;
  return false;
}

const char* value_reason(std::string_view raw_value) {
  std::string value = percent_decode(raw_value);
  if (has_placeholder(value)) return "template placeholder";
  if (value.size() >= 40) return "long value";
  if (looks_base64(value, 16) || looks_base64(raw_value, 16)) return "base64-like value";
  if (looks_hex(value, 24)) return "hex value";
  if (value.size() >= 20 && text::shannon_entropy(value) >= 4.2) return "high-entropy value";
  return nullptr;
}

}  // namespace

std::string decode_attribute_entities(std::string_view v) {
  static constexpr std::pair<std::string_view, char> kNamed[] = {
      {"sol;", '/'},   {"colon;", ':'}, {"period;", '.'}, {"commat;", '@'}, {"amp;", '&'},
      {"quot;", '"'},  {"apos;", '\''}, {"lt;", '<'},     {"gt;", '>'},      {"bsol;", '\\'},
      {"quest;", '?'}, {"num;", '#'},  {"equals;", '='}};
  std::string out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '&') {
      out.push_back(v[i]);
      continue;
    }
    std::string_view rest = v.substr(i + 1);
    if (!rest.empty() && rest[0] == '#') {
      size_t k = 1;
      bool hex = k < rest.size() && (rest[k] == 'x' || rest[k] == 'X');
      if (hex) ++k;
      uint32_t cp = 0;
      size_t digits = 0;
      while (k < rest.size() && digits < 8) {
        int d = hex ? hex_value(rest[k]) : (is_digit(rest[k]) ? rest[k] - '0' : -1);
        if (d < 0) break;
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
        ++k, ++digits;
      }
      if (digits > 0 && cp > 0 && cp < 0x80) {  // ASCII is all a URL's structure needs
        out.push_back(static_cast<char>(cp));
        i += k + (k < rest.size() && rest[k] == ';' ? 1 : 0);
        continue;
      }
    } else {
      bool done = false;
      for (const auto& [name, c] : kNamed) {
        if (rest.size() >= name.size() && rest.compare(0, name.size(), name) == 0) {
          out.push_back(c);
          i += name.size();
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out.push_back('&');
  }
  return out;
}

std::optional<ExternalUrl> parse_external_url(std::string_view url) {
  while (!url.empty() && (url.front() == ' ' || url.front() == '\t' || url.front() == '\n' ||
                          url.front() == '\r'))
    url.remove_prefix(1);
  size_t i = 0;
  if (starts_with_ci(url, "https:")) i = 6;
  else if (starts_with_ci(url, "http:")) i = 5;
  size_t slashes = 0;
  while (i + slashes < url.size() && is_slash(url[i + slashes])) ++slashes;
  // A scheme-less URL needs "//" to leave the origin; with http(s): browsers take any
  // number of slashes (even none would be relative, which we leave alone).
  if (slashes < 2 && !(i > 0 && slashes >= 1)) return std::nullopt;
  i += slashes;
  size_t auth_end = i;
  while (auth_end < url.size() && !is_slash(url[auth_end]) && url[auth_end] != '?' &&
         url[auth_end] != '#')
    ++auth_end;
  std::string_view authority = url.substr(i, auth_end - i);
  ExternalUrl out;
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    out.userinfo = authority.substr(0, at);
    authority.remove_prefix(at + 1);
  }
  std::string host = percent_decode(authority);
  if (!host.empty() && host.front() == '[') {  // IPv6 literal keeps its colons
    size_t close = host.find(']');
    host = host.substr(0, close == std::string::npos ? host.size() : close + 1);
  } else {
    size_t colon = host.find(':');
    if (colon != std::string::npos) host.resize(colon);
  }
  // Ideographic and fullwidth full stops are dots to IDNA (U+3002, U+FF0E, U+FF61).
  std::string norm;
  for (size_t k = 0; k < host.size(); ++k) {
    if (host.compare(k, 3, "\xE3\x80\x82") == 0 || host.compare(k, 3, "\xEF\xBC\x8E") == 0 ||
        host.compare(k, 3, "\xEF\xBD\xA1") == 0) {
      norm.push_back('.');
      k += 2;
    } else {
      norm.push_back(lower(host[k]));
    }
  }
  while (!norm.empty() && norm.back() == '.') norm.pop_back();
  if (norm.empty()) return std::nullopt;
  out.host = std::move(norm);
  std::string_view rest = url.substr(auth_end);
  size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    out.fragment = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    out.query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  out.path = rest;
  return out;
}

const char* data_bearing_reason(const ExternalUrl& url, bool include_fragment) {
  // DNS exfiltration: the data rides in a subdomain label ("c2VjcmV0aGVyZQ1x.evil.test").
  // Host names are lower-cased, so look for long labels mixing letters and digits.
  std::string_view host = url.host;
  for (size_t dot = host.find('.'); dot != std::string_view::npos; dot = host.find('.')) {
    std::string_view label = host.substr(0, dot);
    bool letter = false, digit = false;
    for (char c : label) {
      letter |= c >= 'a' && c <= 'z';
      digit |= is_digit(c);
    }
    if (label.size() >= 24 && letter && digit && text::shannon_entropy(label) >= 3.5) return "encoded host label";
    host.remove_prefix(dot + 1);
  }
  if (!url.userinfo.empty()) {
    if (const char* r = value_reason(url.userinfo)) return r;
  }
  // Path segments: only placeholders, very long segments and base64-looking ones count; a
  // 40-hex commit id in a path is ordinary.
  std::string_view path = url.path;
  while (!path.empty()) {
    size_t sep = 0;
    while (sep < path.size() && !is_slash(path[sep])) ++sep;
    std::string_view seg = path.substr(0, sep);
    if (!seg.empty()) {
      std::string decoded = percent_decode(seg);
      if (has_placeholder(decoded)) return "template placeholder";
      if (decoded.size() >= 64) return "long path segment";
      // Strip a file extension so that "aGVsbG8gd29ybGQ.png" still counts.
      std::string_view stem = seg.substr(0, std::min(seg.size(), seg.rfind('.')));
      if (looks_base64(stem, 24)) return "base64-like path segment";
    }
    path.remove_prefix(std::min(path.size(), sep + 1));
  }
  std::string_view parts[2] = {url.query, include_fragment ? url.fragment : std::string_view()};
  for (std::string_view part : parts) {
    if (part.size() >= 100) return "long query string";
    while (!part.empty()) {
      size_t amp = part.find_first_of("&;");
      std::string_view pair = part.substr(0, amp);
      size_t eq = pair.find('=');
      std::string_view name = eq == std::string_view::npos ? std::string_view() : pair.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? pair : pair.substr(eq + 1);
      if (const char* r = value_reason(value)) return r;
      if (has_placeholder(percent_decode(name))) return "template placeholder";
      if (suggestive_name(name) && value.size() >= 6) return "suggestive parameter name";
      if (amp == std::string_view::npos) break;
      part.remove_prefix(amp + 1);
    }
  }
  return nullptr;
}

}  // namespace bulwark::detect::exfil
