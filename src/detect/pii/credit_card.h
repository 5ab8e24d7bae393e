// detect/pii/credit_card.h — payment card numbers: 13–19 digits, bare or grouped with one
// kind of separator (4-4-4-4[-1..3], Amex 4-6-5, Diners 4-6-4), a known brand prefix with
// a length that brand issues, and a valid Luhn check digit. Subtype "credit_card" for every
// brand (stable placeholder <CREDIT_CARD_1>); the brand only decides acceptance.
#pragma once

#include <string_view>

#include "bulwark/detector.h"

namespace bulwark::detect {

// The brand of a bare digit string ("visa", "mastercard", "amex", "discover", "jcb",
// "diners", "unionpay"), or "" when no brand issues this prefix and length.
std::string_view card_brand(std::string_view digits);

Result<DetectorPtr> make_credit_card_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
