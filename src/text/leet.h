// text/leet.h — the leetspeak substitutes of the text pipeline, for code that folds beyond
// what the skeleton view does (harm.hazards maps whole short tokens such as "70" and "4").
// Thread-safety: pure functions over constant tables.
#pragma once

#include <cstddef>
#include <string_view>

namespace bulwark::text {

// The letter a leetspeak substitute stands for (0→o 1→i 3→e 4→a 5→s 7→t @→a $→s); 0 if none.
char leet_letter(char c);

// The first index at or after `from` holding a byte '0'..'7' (the range of the leet digits),
// or text.size(); skips eight bytes at a time, as fold_leet does.
size_t find_low_digit(std::string_view text, size_t from);

}  // namespace bulwark::text
