// The decoding driver: runs every decoder over the raw input, then over what they decoded,
// breadth first, to options.max_depth, within options.max_decoded_bytes in all and at most
// kMaxDecodedViews views. Each payload view maps every byte onto the encoded region of the
// original input, through the maps of the views it was decoded from.
#include "text/decoders.h"

#include <algorithm>
#include <functional>
#include <tuple>

#include "text/stages.h"
#include "text/utf8.h"

namespace bulwark::text {
namespace {

constexpr size_t kMaxDecodedViews = 32;

struct Codec {
  std::string_view name;  // view name is "decoded:<name>"
  bool (*decode)(std::string_view, const DecodeOptions&, TextView&);
};

constexpr Codec kCodecs[] = {
    {"tags", decode_tags},       {"variation_selectors", decode_variation_selectors},
    {"base64", decode_base64},   {"hex", decode_hex},
    {"percent", decode_percent}, {"html", decode_html},
    {"escapes", decode_escapes}, {"rot13", decode_rot13},
};

}  // namespace

void decode_payloads(const TextView& raw, const DecodeOptions& options, PipelineScratch& scratch,
                     std::vector<const TextView*>& out) {
  if (options.max_depth <= 0 || options.max_decoded_bytes == 0) return;
  size_t budget = options.max_decoded_bytes;
  TextView& tmp = scratch.decode_tmp;
  std::vector<size_t>& hashes = scratch.decode_hashes;
  hashes.clear();
  // Sources: the raw view, then each decoded view in the order produced (breadth first).
  for (size_t next = 0;; ++next) {
    const TextView* src = next == 0 ? &raw : (next - 1 < out.size() ? out[next - 1] : nullptr);
    if (src == nullptr) break;
    if (src->depth >= options.max_depth) continue;
    for (const Codec& codec : kCodecs) {
      if (out.size() >= kMaxDecodedViews || budget == 0) return;
      // Rot13 twice is the identity; decoding a view with its own codec again only finds
      // doubly encoded payloads, which the other codecs do not produce.
      if (codec.name == "rot13" && src->name == "decoded:rot13") continue;
      tmp.clear();
      if (!codec.decode(src->text, options, tmp) || tmp.text.empty()) continue;
      if (tmp.text.size() > budget || !validate_utf8(tmp.text).ok()) continue;
      if (tmp.text == src->text) continue;
      // Inline codecs applied in either order ("%" then "&#", "&#" then "%") meet again at
      // depth 2 with the same text: keep the first.
      const size_t hash = std::hash<std::string>{}(tmp.text);
      if (std::find(hashes.begin(), hashes.end(), hash) != hashes.end()) continue;
      hashes.push_back(hash);
      budget -= tmp.text.size();
      TextView& v = scratch.next_decoded();
      v.name = "decoded:";
      v.name += codec.name;
      v.depth = src->depth + 1;
      v.text = tmp.text;
      const size_t n = tmp.text.size();
      v.src_begin.resize(n);
      v.src_end.resize(n);
      for (size_t i = 0; i < n; ++i) {
        const uint32_t b = tmp.src_begin[i], e = tmp.src_end[i];
        uint32_t ob, oe;
        if (src->identity()) {
          ob = b;
          oe = e;
        } else if (e == b + 1) {  // one source byte: the common case of inline codecs
          ob = src->src_begin[b];
          oe = src->src_end[b];
        } else {
          std::tie(ob, oe) = src->to_original(b, e);
          if (e == b) oe = ob;  // payload separators cover nothing
        }
        v.src_begin[i] = ob;
        v.src_end[i] = oe;
      }
      out.push_back(&v);
    }
  }
}

}  // namespace bulwark::text
