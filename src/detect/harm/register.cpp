#include "detect/harm/hazards.h"
#include "detect/registry.h"

namespace bulwark::detect {

void register_harm(DetectorRegistry& r) {
  r.add({"harm.hazards", "requests to make or obtain CBRN weapons, explosives, hard drugs or malware", true,
         make_hazards_detector});
}

}  // namespace bulwark::detect
