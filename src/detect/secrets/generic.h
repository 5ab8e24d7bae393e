// detect/secrets/generic.h — secret.generic: `password=`, `passwd:`, `secret:`, `api_key =`,
// `"token":`, `Bearer …`, `Authorization: Basic …` and `scheme://user:password@host` in env
// files, YAML, JSON, code and URLs, whose value passes the gates:
//   - not a placeholder ("changeme", "<password>", "${VAR}", "xxxx", "********",
//     "your_api_key_here"), a variable reference (`$X`, `self.password`, `process.env.X`), a
//     path or URL, or a value naming another variable ("newPassword");
//   - the key is not a setting about the secret (`password_length`, `token_url`, `secret_name`);
//   - at least two character classes (lower, upper, digit, symbol) unless entropy ≥ 3.5;
//   - Shannon entropy ≥ 2.5 bits/char (password), 3.0 (secret), 3.3 (api_key), 3.5 (token,
//     bearer); minimum lengths 8, 8, 12, 16, 20.
// A value that a secret.token format recognizes is left to secret.token.
//
// Thread-safety: scan() is const; per-thread state is in new_scratch().
#pragma once

#include "bulwark/detector.h"

namespace bulwark::detect {

// @return kInternal when the family's patterns fail to compile.
Result<DetectorPtr> make_secret_generic_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
