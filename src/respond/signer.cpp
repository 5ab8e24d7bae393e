#include "respond/signer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

namespace bulwark::respond {

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), md, &n);
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (unsigned int i = 0; i < n; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 15]);
  }
  return out;
}

std::string webhook_signature(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  std::string signed_payload = std::to_string(unix_seconds);
  signed_payload += '.';
  signed_payload.append(body);
  return "v1=" + hmac_sha256_hex(secret, signed_payload);
}

uint32_t backoff_delay_ms(uint32_t retry, uint32_t base_ms, uint32_t max_ms) {
  if (retry == 0) return 0;
  uint64_t d = base_ms;
  for (uint32_t i = 1; i < retry && d < max_ms; ++i) d *= 2;   // no shift overflow for large retry
  return static_cast<uint32_t>(std::min<uint64_t>(d, max_ms));
}

}  // namespace bulwark::respond
