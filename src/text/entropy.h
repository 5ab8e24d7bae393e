// text/entropy.h — Shannon entropy of a byte string, shared by the detectors that tell random
// data (keys, tokens, data smuggled in URLs) from words.
#pragma once

#include <string_view>

namespace bulwark::text {

// Bits per byte of the byte distribution of s; 0 for an empty string. Linear in s.
double shannon_entropy(std::string_view s);

}  // namespace bulwark::text
