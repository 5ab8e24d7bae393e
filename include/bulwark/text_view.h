// bulwark/text_view.h — transformed views of one input, each mapped back to the original bytes.
//
// The text pipeline builds these once per scan (see ScanContext); every detector reads them.
// A detector that matches in a view reports view offsets; the engine maps them to the
// original text with to_original(), so findings always point into what the caller sent.
//
// Thread-safety: a TextView is owned by one Scratch and read by one scan at a time.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace bulwark {

struct TextView {
  std::string name;   // "raw", "folded", "skeleton", "collapsed", or "decoded:<codec>"
  std::string text;   // UTF-8
  // Per byte i of `text`: the original byte range [src_begin[i], src_end[i]) it came from.
  // Empty for the identity (raw) view.
  std::vector<uint32_t> src_begin;
  std::vector<uint32_t> src_end;
  int depth = 0;      // decoding depth: 0 for views of the input itself

  bool identity() const { return src_begin.empty(); }

  void clear() {
    text.clear();
    src_begin.clear();
    src_end.clear();
    depth = 0;
  }
  // Appends `bytes` as produced from original range [ob, oe).
  void append(std::string_view bytes, uint32_t ob, uint32_t oe) {
    text.append(bytes);
    src_begin.insert(src_begin.end(), bytes.size(), ob);
    src_end.insert(src_end.end(), bytes.size(), oe);
  }
  void append(char c, uint32_t ob, uint32_t oe) {
    text.push_back(c);
    src_begin.push_back(ob);
    src_end.push_back(oe);
  }

  // Maps view bytes [b, e) to the original byte range they were produced from.
  std::pair<uint32_t, uint32_t> to_original(uint32_t b, uint32_t e) const {
    if (identity()) return {b, e};
    if (text.empty()) return {0, 0};
    if (b >= text.size()) b = static_cast<uint32_t>(text.size()) - 1;
    if (e <= b) e = b + 1;
    if (e > text.size()) e = static_cast<uint32_t>(text.size());
    uint32_t ob = src_begin[b];
    uint32_t oe = src_end[e - 1];
    for (uint32_t i = b; i < e; ++i) {  // decoded views may reorder nothing, but be safe
      if (src_begin[i] < ob) ob = src_begin[i];
      if (src_end[i] > oe) oe = src_end[i];
    }
    return {ob, oe};
  }
};

}  // namespace bulwark
