#include "detect/registry.h"

namespace bulwark::detect {

void register_exfil(DetectorRegistry& r) {}

}  // namespace bulwark::detect
