// respond/signer.h — what makes a webhook trustworthy and polite: an HMAC-SHA256 signature the
// receiver can check with the shared secret, and the retry schedule (exponential backoff).
//
// Signature: X-Bulwark-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>, with the
// same <timestamp> (Unix seconds) in X-Bulwark-Timestamp. Signing the timestamp with the body
// lets a receiver refuse replays of an old delivery.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bulwark::respond {

std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// The X-Bulwark-Signature value for body sent at unix_seconds.
std::string webhook_signature(std::string_view secret, int64_t unix_seconds, std::string_view body);

// Delay before retry number `retry` (1 = the first retry): base_ms * 2^(retry-1), at most max_ms.
uint32_t backoff_delay_ms(uint32_t retry, uint32_t base_ms, uint32_t max_ms);

}  // namespace bulwark::respond
