// detect/registry.h — one registration function per detector family. Each family's
// register.cpp has one line per detector.
#pragma once

#include "bulwark/detector.h"

namespace bulwark::detect {

void register_pii(DetectorRegistry& r);
void register_secrets(DetectorRegistry& r);
void register_attack(DetectorRegistry& r);
void register_harm(DetectorRegistry& r);
void register_exfil(DetectorRegistry& r);
void register_blocklist(DetectorRegistry& r);
void register_hidden(DetectorRegistry& r);
void register_models(DetectorRegistry& r);

}  // namespace bulwark::detect
