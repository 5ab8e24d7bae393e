// detect/pii/phone.h — telephone numbers, validated by libphonenumber's PhoneNumberMatcher
// (leniency VALID) for each region in the `regions` parameter (comma-separated ISO 3166
// codes, default "US"); numbers written with a +CC prefix match whatever the regions.
// A cheap hand scan first finds digit runs of 7–15 digits, so that prose without numbers
// never reaches libphonenumber; runs that look like dates (2024-03-15, 15/03/2024),
// versions (after "version", "v", "build") or ids (bare digits after "order", "invoice",
// "#") are dropped before validation.
#pragma once

#include "bulwark/detector.h"

namespace bulwark::detect {

Result<DetectorPtr> make_phone_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
