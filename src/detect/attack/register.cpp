#include "detect/attack/heuristics.h"
#include "detect/registry.h"

namespace bulwark::detect {

void register_attack(DetectorRegistry& r) {
  r.add({"attack.heuristics", "prompt-attack heuristics (Prompt Shields subtypes)", true,
         make_attack_heuristics_detector});
}

}  // namespace bulwark::detect
