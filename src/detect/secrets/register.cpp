#include "detect/registry.h"

namespace bulwark::detect {

void register_secrets(DetectorRegistry& r) {}

}  // namespace bulwark::detect
