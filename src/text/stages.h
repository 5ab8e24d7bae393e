// text/stages.h — the stages of the text pipeline, one file each; pipeline.cpp wires them.
// Each view stage reads the previous view and writes its own, keeping the per-byte map to
// the original input (TextView::src_begin/src_end).
// Thread-safety: pure functions over caller-owned buffers (the confusables table they read
// is built once per process and immutable).
#pragma once

#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "bulwark/detector.h"
#include "bulwark/policy.h"
#include "text/pipeline.h"

namespace bulwark::text {

// NFKC + case folding (utf8proc); invisible characters dropped and reported in `hidden`.
// Cost: one pass; ASCII is lower-cased in place, other text goes through utf8proc.
void build_folded(std::string_view original, TextView& out, std::vector<HiddenRun>& hidden);

class WordSplitter;

// Folded + confusables (single-letter Latin look-alikes, diacritics stripped) + leetspeak
// (with a word list, also the short words fold_leet below folds only with one).
void build_skeleton(const TextView& folded, TextView& out, const WordSplitter* words = nullptr);

// Leetspeak folding in place (one byte for one byte, so maps are unchanged): 0→o 1→i 3→e
// 4→a 5→s 7→t @→a $→s inside tokens with letters, when a substitute sits between letters
// or leads a word of ≥4 letters (so "2024", "$5", "4kb", "5th", "mp3" stay as they are); with
// a word list, also a token with letters that then spells a known word ("7h3", "t0", "3vil";
// not a number with a one- or two-letter unit or ordinal such as "1st" or "5am").
void fold_leet(std::string& text, const WordSplitter* words = nullptr);

using ByteRanges = std::vector<std::pair<size_t, size_t>>;

// Skeleton with runs of ≥3 single letters joined ("i g n o r e", "i.g.n.o.r.e" → "ignore").
// `runs`, when given, receives the joined runs' byte ranges in `out`.
void build_collapsed(const TextView& skeleton, TextView& out, ByteRanges* runs = nullptr);

// `collapsed` with the letters of each joined run split back into words, the space between two
// words mapped to the separator it stands for ("howto" from "h o w t o" → "how to"). False
// (out untouched) when no run held more than one word.
bool build_split(const TextView& collapsed, const ByteRanges& runs, const WordSplitter& splitter, TextView& out);

// Decoded payloads of `raw` (and payloads inside those, to options.max_depth).
void decode_payloads(const TextView& raw, const DecodeOptions& options, PipelineScratch& scratch,
                     std::vector<const TextView*>& out);

}  // namespace bulwark::text
