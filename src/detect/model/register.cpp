#include "detect/registry.h"

namespace bulwark::detect {

void register_models(DetectorRegistry& r) {}

}  // namespace bulwark::detect
