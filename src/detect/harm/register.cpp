#include "detect/harm/hazards.h"
#include "detect/registry.h"

namespace bulwark::detect {

void register_harm(DetectorRegistry& r) {
  r.add({"harm.hazards",
         "requests for CBRN weapons, explosives, drugs, malware, fraud, violence, hate, harassment, "
         "self-harm methods, sexual content with minors",
         true, make_hazards_detector});
}

}  // namespace bulwark::detect
