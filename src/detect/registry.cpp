#include "detect/registry.h"

#include <algorithm>

namespace bulwark {

DetectorRegistry& DetectorRegistry::global() {
  static DetectorRegistry* registry = [] {
    auto* r = new DetectorRegistry;
    detect::register_hidden(*r);
    detect::register_pii(*r);
    detect::register_secrets(*r);
    detect::register_attack(*r);
    detect::register_harm(*r);
    detect::register_exfil(*r);
    detect::register_blocklist(*r);
    detect::register_models(*r);
    return r;
  }();
  return *registry;
}

void DetectorRegistry::add(DetectorInfo info) {
  auto it = std::find_if(infos_.begin(), infos_.end(),
                         [&](const DetectorInfo& i) { return i.id == info.id; });
  if (it != infos_.end()) *it = std::move(info);
  else infos_.push_back(std::move(info));
}

const DetectorInfo* DetectorRegistry::find(std::string_view id) const {
  for (const auto& i : infos_)
    if (i.id == id) return &i;
  return nullptr;
}

}  // namespace bulwark
