// model/word_list.h — the word list `bulwark train` writes beside the models (words.txt): how
// often each word occurs in the training text, which the text pipeline uses to split letter-
// spaced runs back into words (text/word_splitter.h).
//
// Only training text counts: rows of every model's held-out sources are left out, so the list
// says nothing about the text the figures are measured on. Deterministic: the same records give
// the same file, byte for byte.
#pragma once

#include <string>
#include <vector>

#include "bulwark/result.h"
#include "model/record.h"

namespace bulwark::model {

inline constexpr size_t kWordListMax = 60000;  // most frequent words kept
inline constexpr int64_t kWordListMinCount = 3;

// Counts the ASCII-letter words of each record's skeleton view (records of held-out sources
// skipped) and writes "word<TAB>count" lines, most frequent first, to `path`.
// @return the number of words written.
Result<size_t> write_word_list(const std::vector<Record>& records, const std::string& path);

}  // namespace bulwark::model
