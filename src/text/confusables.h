// text/confusables.h — look-alike code points that read as one Latin letter (Cyrillic "а",
// Greek "ο", Cherokee "Ꭺ", accented "ë"), from ICU's UTS #39 confusables data.
//
// The table is built once per process on first use (about 15k code points through
// uspoof_getSkeleton, a few milliseconds) and is immutable afterwards; lookups are one
// array read. Thread-safety: safe from any thread (function-local static).
#pragma once

namespace bulwark::text {

// The lower-case ASCII letter cp is confusable with, or 0. ASCII itself maps to 0.
char confusable_letter(char32_t cp);

// True for combining marks that only decorate a letter (diacritics, "Zalgo" overlays).
bool is_decorating_mark(char32_t cp);

// Forces the table to be built now (engine compile time) instead of on the first scan.
void warm_confusables();

}  // namespace bulwark::text
