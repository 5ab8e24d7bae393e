#include "detect/pii/email.h"
#include "detect/registry.h"

namespace bulwark::detect {

void register_pii(DetectorRegistry& r) {
  r.add({"pii.email", "e-mail addresses", true, make_email_detector});
}

}  // namespace bulwark::detect
