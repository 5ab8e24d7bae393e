#include "detect/registry.h"

namespace bulwark::detect {

void register_blocklist(DetectorRegistry& r) {}

}  // namespace bulwark::detect
