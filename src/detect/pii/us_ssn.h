// detect/pii/us_ssn.h — US Social Security numbers: AAA-GG-SSSS or AAA GG SSSS (one kind of
// separator), or nine bare digits only after a context word ("ssn", "social security").
// Never-issued numbers are rejected: area 000, 666 or 900–999, group 00, serial 0000, and
// the publicly known sample 078-05-1120.
#pragma once

#include <string_view>

#include "bulwark/detector.h"

namespace bulwark::detect {

// True when the nine digits could be an issued SSN.
bool ssn_valid(std::string_view nine_digits);

Result<DetectorPtr> make_us_ssn_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
