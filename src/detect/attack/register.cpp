#include "detect/registry.h"

namespace bulwark::detect {

void register_attack(DetectorRegistry& r) {}

}  // namespace bulwark::detect
