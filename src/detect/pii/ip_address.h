// detect/pii/ip_address.h — IP addresses. IPv4: four dotted decimal octets 0–255 without
// leading zeros, not part of a longer dotted sequence, and not after a version word
// ("version", "v", "release", "build", ...), where "1.2.3.4" is a version number. IPv6:
// eight hex groups or a compressed form with "::" (and an embedded IPv4 tail), validated
// by inet_pton. Subtypes "ipv4" and "ipv6". Loopback, private and documentation ranges are
// still reported, with a lower score.
#pragma once

#include "bulwark/detector.h"

namespace bulwark::detect {

Result<DetectorPtr> make_ip_address_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
