// detect/pii/iban.h — International Bank Account Numbers: a country code with its registry
// length (SWIFT IBAN registry), two check digits and the BBAN, written bare or in groups of
// four separated by single spaces, validated by ISO 13616 mod-97 == 1. Letters may be in
// either case (the folded view is lower-case).
#pragma once

#include <string_view>

#include "bulwark/detector.h"

namespace bulwark::detect {

// Registry length of an IBAN for country code cc (upper case), or 0 when unknown.
int iban_length(std::string_view cc);
// True when the compact IBAN (no spaces, any case) has its country's length and mod-97 is 1.
bool iban_valid(std::string_view compact);

Result<DetectorPtr> make_iban_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
