// detect/blocklist/word_boundary.h — word-boundary checks on UTF-8 text, so that the term
// "ass" does not hit "class" or "assé" while "ass!" and "(ass)" do.
//
// A word character is a letter, mark or number (Unicode categories L*, M*, N*) or '_'.
// Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) have no word
// boundaries to check: a term edge in such a script matches anywhere.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace bulwark::detect::blocklist {

bool is_word_cp(char32_t cp);
bool is_unspaced_script(char32_t cp);

// Does a term with these edge code points need a boundary on that side?
bool needs_boundary(char32_t edge_cp);

// First and last code point of s (U+0000 if s is empty or malformed there).
char32_t first_cp(std::string_view s);
char32_t last_cp(std::string_view s);

// True if [begin, end) of text is not glued to word characters on the sides that need it.
bool at_word_boundaries(std::string_view text, size_t begin, size_t end, bool check_left,
                        bool check_right);

}  // namespace bulwark::detect::blocklist
