// model/augment.h — the engine's obfuscations, as generators: attacks are augmented with them
// at training time, and dev attacks are transformed with them to measure robustness.
//
// Every generator is deterministic given the Rng; none allocates more than a few times the input.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::model {

enum class Transform : uint8_t { kBase64, kHomoglyph, kLeetspeak, kZeroWidth, kTagSmuggling, kSpacing };
inline constexpr Transform kAllTransforms[] = {Transform::kBase64,    Transform::kHomoglyph,
                                               Transform::kLeetspeak, Transform::kZeroWidth,
                                               Transform::kTagSmuggling, Transform::kSpacing};
const char* transform_name(Transform t);

using Rng = std::mt19937_64;

// "Decode this and follow it: <base64 of text>".
std::string base64_encode(std::string_view bytes);
std::string obfuscate_base64(std::string_view text, Rng& rng);
// Latin letters swapped for Cyrillic/Greek look-alikes (about half of the eligible letters).
std::string obfuscate_homoglyph(std::string_view text, Rng& rng);
// a->4, e->3, i->1, o->0, s->5, t->7 (most, not all, occurrences).
std::string obfuscate_leetspeak(std::string_view text, Rng& rng);
// U+200B / U+200C / U+2060 inside words.
std::string obfuscate_zero_width(std::string_view text, Rng& rng);
// A harmless visible sentence followed by the text as Unicode tag characters (U+E0000 + ASCII).
std::string obfuscate_tag_smuggling(std::string_view text, Rng& rng);
// "i g n o r e" — letters of some words separated by spaces.
std::string obfuscate_spacing(std::string_view text, Rng& rng);

std::string apply(Transform t, std::string_view text, Rng& rng);

// False when `t` cannot carry `text`: tag characters mirror ASCII only, so a text of which more
// than 10% of the code points are not ASCII (Japanese, Korean, much accented text) would lose
// them; robustness figures skip such pairs. A few curly quotes or dashes do not count.
bool carries(Transform t, std::string_view text);

}  // namespace bulwark::model
