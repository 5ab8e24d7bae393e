#include "detect/secrets/value_checks.h"

#include <array>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

namespace bulwark::detect::secrets {

int char_classes(std::string_view s) {
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : s) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;
  }
  return int(lower) + int(upper) + int(digit) + int(other);
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Words that mark a value as an example or a stand-in wherever they occur in it.
constexpr std::string_view kPlaceholderWords[] = {
    "changeme", "change_me", "change-me", "example", "placeholder", "your_", "your-", "yourpass",
    "yourkey", "yoursecret", "yourtoken", "dummy", "sample", "redacted", "replace", "insert",
    "xxxx", "****", "....", "todo", "fixme", "notreal", "not_real", "not-real", "secret_here",
    "key_here", "token_here", "password_here", "<", ">", "${", "{{", "}}", "%(", "$(", "#{",
    "abcdefg", "1234567", "qwerty", "process.env", "os.environ", "getenv", "env[", "env(", "environ[", "vault:", "keyvault",
};

// Whole values that are stand-ins.
constexpr std::string_view kPlaceholderValues[] = {
    "password", "passwd", "pass", "secret", "token", "apikey", "api_key", "none", "null", "nil",
    "true", "false", "undefined", "empty", "test", "testing", "admin", "root", "default",
    "string", "str", "value", "required", "optional", "hidden", "masked", "abc123", "123456",
    "12345678", "qwerty", "letmein", "password1", "password123", "p@ssw0rd", "pa$$word",
    "secret123", "foobar", "foo", "bar", "baz", "user", "username",
};

}  // namespace

bool is_placeholder(std::string_view value) {
  if (value.empty()) return true;
  const std::string v = lower(value);
  for (std::string_view p : kPlaceholderValues)
    if (v == p) return true;
  for (std::string_view w : kPlaceholderWords)
    if (v.find(w) != std::string::npos) return true;
  // $VAR, %VAR%, @var, :param — references, not values.
  if (v[0] == '$' || v[0] == '%' || v[0] == '@' || v[0] == ':') return true;
  // A single character repeated ("aaaaaaaa", "00000000").
  if (v.find_first_not_of(v[0]) == std::string::npos) return true;
  return false;
}

std::optional<std::string> base64_decode(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  std::string out;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

bool is_jwt_header(std::string_view b64url) {
  auto decoded = base64_decode(b64url);
  if (!decoded || decoded->size() < 8) return false;
  auto j = nlohmann::json::parse(*decoded, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.contains("alg");
}

}  // namespace bulwark::detect::secrets
