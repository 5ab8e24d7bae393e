#include "detect/secrets/confirm.h"

#include <cctype>
#include <string>

#include "detect/secrets/value_checks.h"

namespace bulwark::detect::secrets {
namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_b64(char c) { return is_alnum(c) || c == '+' || c == '/' || c == '='; }

// A key body (a run of 40+ base64 characters) starts within 400 bytes of the header; the span
// then runs to the end of the END line (or of the body when the END line is missing).
bool private_key_body(std::string_view text, size_t me, size_t& ve) {
  const size_t limit = std::min(text.size(), me + 400);
  size_t run = 0, body_end = 0;
  for (size_t i = me; i < limit; ++i) {
    run = is_b64(text[i]) ? run + 1 : 0;
    if (run >= 40) {
      body_end = i + 1;
      break;
    }
  }
  if (body_end == 0) return false;
  const std::string_view rest = text.substr(me, std::min<size_t>(text.size() - me, 64 * 1024));
  size_t end = std::string_view::npos;
  for (std::string_view marker : {"-----END ", "---- END ", "Private-MAC: "}) {
    size_t p = rest.find(marker);
    if (p != std::string_view::npos && p < end) end = p;
  }
  if (end == std::string_view::npos) {
    while (body_end < text.size() && is_b64(text[body_end])) ++body_end;
    ve = body_end;
    return true;
  }
  size_t line_end = rest.find_first_of("\r\n\"", end + 1);
  // The END line of a key pasted as a JSON string ends at the literal "\n" escape.
  size_t escape = rest.find('\\', end + 1);
  if (escape < line_end) line_end = escape;
  ve = me + (line_end == std::string_view::npos ? rest.size() : line_end);
  return true;
}

// Name suffixes that make `password_length: 16` or `token_url: https://...` a setting, not a secret.
constexpr std::string_view kSettingWords[] = {
    "length", "url", "uri", "path", "file", "name", "type", "policy", "endpoint",
    "expir", "timeout", "ttl", "limit", "count", "size", "field", "label", "prompt", "hint",
    "reset", "minimum", "maximum", "regex", "pattern", "format", "placeholder", "input", "header",
    "enabled", "required", "strength", "rotation", "version", "mode", "store", "manager",
};

// Words inside a value that name another variable ("newPassword", "mySecretKey").
constexpr std::string_view kNamingWords[] = {"password", "passwd", "secret", "token", "apikey",
                                             "api_key", "credential"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// `self.password`, `config.db.secret`, `getPassword` — code, not a value.
bool is_identifier_path(std::string_view v) {
  bool dotted = false;
  bool start = true;
  for (char c : v) {
    if (start) {
      if (!(std::isalpha(static_cast<unsigned char>(c)) || c == '_')) return false;
      start = false;
    } else if (c == '.') {
      dotted = true;
      start = true;
    } else if (!(is_alnum(c) || c == '_')) {
      return false;
    }
  }
  return dotted && !start;
}

// "ghp_xxxxxxxxxxxx…", "AKIA0000000000000000": documentation stand-ins. A random value has
// no run of six equal characters (odds about 1e-6 per position even for hex).
bool has_long_run(std::string_view v) {
  size_t run = 1;
  for (size_t i = 1; i < v.size(); ++i) {
    run = v[i] == v[i - 1] ? run + 1 : 1;
    if (run >= 6) return true;
  }
  return false;
}

bool basic_auth_ok(std::string_view b64) {
  auto decoded = base64_decode(b64);
  if (!decoded) return false;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= decoded->size()) return false;
  for (unsigned char c : *decoded)
    if (c < 0x20 || c == 0x7F) return false;
  return !is_placeholder(std::string_view(*decoded).substr(colon + 1));
}

}  // namespace

bool generic_value_ok(std::string_view key, std::string_view value, double min_entropy) {
  const std::string k = lower(key);
  for (std::string_view w : kSettingWords)
    if (k.find(w) != std::string::npos) return false;
  if (is_placeholder(value) || is_identifier_path(value)) return false;
  const std::string v = lower(value);
  for (std::string_view w : kNamingWords)
    if (v.find(w) != std::string::npos) return false;
  if (v.rfind("http", 0) == 0 || v[0] == '/' || v.rfind("./", 0) == 0 || v.rfind("~/", 0) == 0) return false;
  // Variable names in snake_case or plain words: one character class and no digits.
  if (char_classes(value) < 2 && shannon_entropy(value) < 3.5) return false;
  return shannon_entropy(value) >= min_entropy;
}

bool confirm_candidate(const SecretFormat& format, std::string_view text, size_t mb, size_t me, size_t vb,
                       size_t& ve) {
  if (format.left_bound && mb > 0 && is_alnum(text[mb - 1])) return false;
  if (format.check != Check::kPrivateKey && ve < text.size() && is_alnum(text[ve])) return false;
  const std::string_view value = text.substr(vb, ve - vb);
  switch (format.check) {
    case Check::kNone:
      return !has_long_run(value);
    case Check::kEntropy:
      return !is_placeholder(value) && !has_long_run(value) && shannon_entropy(value) >= format.min_entropy;
    case Check::kJwt:
      return is_jwt_header(value.substr(0, value.find('.')));
    case Check::kPrivateKey:
      return private_key_body(text, me, ve);
    case Check::kUrlPassword: {
      bool digits = value.find_first_not_of("0123456789") == std::string_view::npos;
      return !digits && !is_placeholder(value);
    }
    case Check::kGenericValue:
      return generic_value_ok(text.substr(mb, vb - mb), value, format.min_entropy);
    case Check::kBasicAuth:
      return basic_auth_ok(value);
  }
  return false;
}

}  // namespace bulwark::detect::secrets
