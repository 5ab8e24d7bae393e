// detect/secrets/formats.h — the credential formats of the secrets family, one row each:
// the regex that finds a candidate and the check that confirms it. secret.token and
// secret.generic both read this table; the matcher compiles all of it into one database.
//
// Regexes use the syntax that Hyperscan, RE2 and std::regex (ECMAScript) share: no
// lookaround, no inline flags, no backreferences. When a regex has a capturing group, group 1
// is the secret value (what is reported and redacted); otherwise the whole match is.
//
// Thread-safety: the table is immutable after first use. Cost: none after start-up.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace bulwark::detect::secrets {

enum class Family : uint8_t { kToken, kGeneric };

// What confirms a regex candidate.
enum class Check : uint8_t {
  kNone,          // the format itself is distinctive enough
  kEntropy,       // the value's Shannon entropy reaches min_entropy (context-gated formats)
  kJwt,           // header part decodes to a JSON object with "alg"
  kPrivateKey,    // a key body follows the BEGIN line; the span extends to the END line
  kUrlPassword,   // the password in user:password@host is not a placeholder
  kGenericValue,  // placeholder, reference, length, charset and entropy gates (see generic.h)
  kBasicAuth,     // base64 that decodes to printable user:password
};

struct SecretFormat {
  std::string_view subtype;    // finding subtype, e.g. "github_pat"
  std::string_view regex;
  Family family;
  int severity;                // 0..7
  Check check = Check::kNone;
  double min_entropy = 0.0;    // bits per byte, for kEntropy and kGenericValue
  bool caseless = false;
  bool left_bound = true;      // reject a match that starts right after a letter or digit
  std::string_view how;        // one line for docs/detectors-secrets.md
  // What Hyperscan looks for when the full regex is slow to compile (large bounded repeats of
  // negated classes): a necessary condition, typically the prefix or context keyword. Empty:
  // the regex itself. RE2 always confirms with the full regex.
  std::string_view prefilter = {};
};

// In priority order: when two token matches overlap, the earlier row wins.
const std::vector<SecretFormat>& secret_formats();

}  // namespace bulwark::detect::secrets
