// model/features.h — the text a model sees: the engine's skeleton view, tokenized for
// fastText (punctuation split off, whitespace collapsed), truncated to head + tail tokens.
// Training and detection both go through here, so they always see the same view.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::model {

using TokenSpan = std::pair<size_t, size_t>;  // byte range [first, second) of a token

// Tokens kept from a long input: the head carries the request, the tail a trailing payload.
// (Kept short: prediction cost is linear in tokens and the budget is 200 us per 4 KB prompt.)
inline constexpr size_t kHeadTokens = 128;
inline constexpr size_t kTailTokens = 32;

// Tokenizes an already-normalized text into `out` (space-separated, no newlines).
// Keeps at most head + tail tokens. @return the number of tokens in the whole text.
size_t tokenize(std::string_view normalized, std::string& out, size_t head = kHeadTokens,
                size_t tail = kTailTokens);

// Every token of a normalized text, as byte ranges, in order: the tokens tokenize() joins
// (before it keeps head + tail) and token_windows() groups. Replaces the contents of `out`.
void token_spans(std::string_view normalized, std::vector<TokenSpan>& out);

// The tokens tokenize(normalized, out, head, tail) keeps, in order, into `out`. Reads the head
// and, for the tail, about the last few hundred bytes: not the middle of a long text.
void head_tail_spans(std::string_view normalized, size_t head, size_t tail, std::vector<TokenSpan>& out);

// normalize (skeleton view) + tokenize.
std::string features(std::string_view text, size_t head = kHeadTokens, size_t tail = kTailTokens);

// Byte ranges of overlapping windows of about `window` tokens, stride `stride`, over a
// normalized text (for documents whose instruction may sit anywhere).
std::vector<std::pair<size_t, size_t>> token_windows(std::string_view normalized, size_t window,
                                                     size_t stride);

}  // namespace bulwark::model
