// text/script.h — the writing system (Unicode script) of letters, for detectors that must know
// which scripts they have evidence about.
//
// A learned detector that saw a script only in positive rows (translated harmful-only sets:
// Bengali, Hindi, Thai) learns "this script is harmful": it blocked 20 of 50 ordinary Bengali
// prompts. blank_scripts() lets it read only the letters of scripts it has negatives for.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>

namespace bulwark::text {

// Larger than ICU's USCRIPT_CODE_LIMIT (about 200 scripts).
inline constexpr int kMaxScripts = 512;
using ScriptSet = std::bitset<kMaxScripts>;

// ICU script code of a code point, Hiragana and Katakana folded into Han (Japanese text mixes
// the three, and a model that has read Japanese has read all three); -1 for code points that
// belong to no particular script (Common, Inherited: digits, punctuation, spaces, generic
// combining marks) or that cannot be looked up.
int script_of(char32_t cp);

// Long ICU name of a script code ("Latin", "Han", "Bengali"); "" for -1 or an unknown code.
std::string script_name(int script);
// Code of a long or short ICU name ("Bengali", "Beng"); -1 when unknown.
int script_code(std::string_view name);

// The script most of the letters of `utf8` belong to (ties: the lower code); -1 when it has no
// letter of any script. Malformed bytes are skipped.
int dominant_script(std::string_view utf8);

// Copies `text` into `out` with the letters of scripts not in `keep` turned into spaces, so byte
// offsets into `text` stay valid in `out`: a token (ASCII whitespace delimits, as for the
// models) with such letters and no letter of a kept script goes whole, its digits and
// punctuation too ("কি?"); in a mixed token only those letters and the combining marks on them.
// Returns false, leaving `out` untouched, when there is nothing to blank. ASCII bytes are never
// blanked on their own (every model has read Latin text), so ASCII text costs one pass and no
// lookup. `kept_letters`, when given and something was blanked, says whether any letter is left
// (an ASCII letter or one of a script in `keep`).
// `dropped`, when given, gets the scripts whose letters were blanked added to it.
bool blank_scripts(std::string_view text, const ScriptSet& keep, std::string& out, bool* kept_letters = nullptr,
                   ScriptSet* dropped = nullptr);

}  // namespace bulwark::text
