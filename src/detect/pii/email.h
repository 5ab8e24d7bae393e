// detect/pii/email.h — e-mail addresses (RFC 5321 dot-atom local part, a dotted domain with
// an alphabetic TLD). Scans the raw text and decoded payloads.
#pragma once

#include "bulwark/detector.h"

namespace bulwark::detect {

Result<DetectorPtr> make_email_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
