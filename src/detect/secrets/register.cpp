#include "detect/registry.h"
#include "detect/secrets/generic.h"
#include "detect/secrets/token.h"

namespace bulwark::detect {

void register_secrets(DetectorRegistry& r) {
  r.add({"secret.token", "credentials in known formats (cloud, CI, chat, payment, AI keys, JWTs, private keys)", true,
         make_secret_token_detector});
  r.add({"secret.generic", "password/secret/api_key/token assignments whose value passes an entropy check", true,
         make_secret_generic_detector});
}

}  // namespace bulwark::detect
