#include "detect/blocklist/blocklist.h"
#include "detect/registry.h"

namespace bulwark::detect {

void register_blocklist(DetectorRegistry& r) {
  r.add({"blocklist", "the policy's blocklists (terms and regexes)", true, make_blocklist_detector});
}

}  // namespace bulwark::detect
