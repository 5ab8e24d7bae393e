// text/pipeline.h — builds the ScanContext for one input: validation, normalized views,
// hidden-text report and decoded payloads. Runs once per scan; every detector shares it.
#pragma once

#include <deque>
#include <string>
#include <string_view>

#include "bulwark/detector.h"
#include "bulwark/policy.h"
#include "bulwark/result.h"

namespace bulwark::text {

class WordSplitter;

struct PipelineOptions {
  bool replace_invalid_utf8 = false;
  DecodeOptions decode;
  // The word list (text/word_splitter.h): splits the collapsed view's joined runs into words
  // for the split view, and lets the skeleton fold leetspeak that spells a known word ("7h3");
  // null: the split view is the collapsed view. Not owned.
  const WordSplitter* splitter = nullptr;
};

// Per-thread buffers, reused between scans.
struct PipelineScratch {
  std::string sanitized;
  TextView raw, folded, skeleton, collapsed, split;
  std::vector<std::pair<size_t, size_t>> joined_runs;  // the collapsed view's, for the split view
  std::deque<TextView> decoded;   // deque: pointers stay valid while it grows
  size_t decoded_used = 0;
  TextView decode_tmp;            // a decoder's output before it becomes a view
  std::vector<size_t> decode_hashes;  // hashes of the decoded texts, to drop duplicates
  TextView& next_decoded() {
    if (decoded_used == decoded.size()) decoded.emplace_back();
    TextView& v = decoded[decoded_used++];
    v.clear();
    return v;
  }
};

// Fills ctx from input. ctx.original points into input, or into scratch.sanitized when
// malformed bytes were replaced (then *replaced is set).
// @return kInvalidArgument with the byte offset of malformed UTF-8 (unless replacing).
Status build_context(std::string_view input, Role role, const PipelineOptions& options,
                     PipelineScratch& scratch, ScanContext& ctx, bool* replaced);

}  // namespace bulwark::text
