// detect/secrets/confirm.h — the second look at a regex candidate: boundaries, and the
// format's Check (entropy, JWT header, private-key body, placeholder passwords, generic
// value gates).
//
// Thread-safety: stateless. Cost: linear in the candidate (a private key: up to 64 KB ahead).
#pragma once

#include <cstddef>
#include <string_view>

#include "detect/secrets/formats.h"

namespace bulwark::detect::secrets {

// [mb, me) is the whole regex match in text, [vb, ve) the value (group 1, or the match).
// @return whether the candidate is a secret; may move ve (a private key runs to its END line).
bool confirm_candidate(const SecretFormat& format, std::string_view text, size_t mb, size_t me, size_t vb,
                       size_t& ve);

// The gates of secret.generic for `value` assigned to `key` (the text before the value).
bool generic_value_ok(std::string_view key, std::string_view value, double min_entropy);

}  // namespace bulwark::detect::secrets
