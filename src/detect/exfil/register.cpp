#include "detect/exfil/links.h"
#include "detect/registry.h"

namespace bulwark::detect {

void register_exfil(DetectorRegistry& r) {
  r.add({"exfil.links", "markdown/HTML images and links to hosts outside an allowlist", true,
         make_exfil_links_detector});
}

}  // namespace bulwark::detect
