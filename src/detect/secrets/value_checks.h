// detect/secrets/value_checks.h — tests that tell a credential value from a look-alike:
// Shannon entropy, placeholder and variable-reference rejection, base64 decoding for JWT
// headers and Basic auth. Pure functions on byte strings.
//
// Thread-safety: stateless. Cost: linear in the value's length (values are short).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "text/entropy.h"

namespace bulwark::detect::secrets {

using text::shannon_entropy;  // bits per byte (text/entropy.h)

// Number of character classes present among lower, upper, digit and other.
int char_classes(std::string_view s);

// A value that stands for a secret without being one: "changeme", "<password>", "${VAR}",
// "xxxx", "********", "your_api_key_here", "process.env.TOKEN", a single repeated character.
bool is_placeholder(std::string_view value);

// base64 (standard or url-safe alphabet, padding optional). nullopt on a bad character.
std::optional<std::string> base64_decode(std::string_view in);

// A JWT header: base64url text that decodes to a JSON object with an "alg" member.
bool is_jwt_header(std::string_view b64url);

}  // namespace bulwark::detect::secrets
