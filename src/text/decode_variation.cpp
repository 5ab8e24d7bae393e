// Variation-selector smuggling: a visible character followed by a run of variation
// selectors, each carrying one byte (U+FE00..FE0F → 0..15, U+E0100..E01EF → 16..255).
// Runs of at least four selectors that decode to text become a payload.
#include <cstring>

#include "text/decode_util.h"
#include "text/decoders.h"

namespace bulwark::text {
namespace {

constexpr size_t kMinSelectors = 4;

// The byte carried by a selector at src[i], with its UTF-8 length; -1 if none.
int selector_byte(std::string_view src, size_t i, size_t& len) {
  auto at = [&](size_t k) { return k < src.size() ? static_cast<unsigned char>(src[k]) : 0; };
  if (at(i) == 0xEF && at(i + 1) == 0xB8 && at(i + 2) >= 0x80 && at(i + 2) <= 0x8F) {
    len = 3;
    return at(i + 2) - 0x80;
  }
  if (at(i) == 0xF3 && at(i + 1) == 0xA0 && at(i + 2) >= 0x84 && at(i + 2) <= 0x87 &&
      (at(i + 3) & 0xC0) == 0x80) {
    char32_t cp = 0xE0000 | ((at(i + 2) & 0x3F) << 6) | (at(i + 3) & 0x3F);
    if (cp < 0xE0100 || cp > 0xE01EF) return -1;
    len = 4;
    return static_cast<int>(cp - 0xE0100) + 16;
  }
  return -1;
}

}  // namespace

bool decode_variation_selectors(std::string_view src, const DecodeOptions&, TextView& out) {
  if (std::memchr(src.data(), '\xEF', src.size()) == nullptr &&
      std::memchr(src.data(), '\xF3', src.size()) == nullptr)
    return false;
  bool any = false;
  std::string bytes;
  std::vector<std::pair<uint32_t, uint32_t>> at;
  for (size_t i = 0; i < src.size();) {
    auto c = static_cast<unsigned char>(src[i]);
    if (c != 0xEF && c != 0xF3) {
      ++i;
      continue;
    }
    bytes.clear();
    at.clear();
    size_t k = i, len = 0;
    for (int v; (v = selector_byte(src, k, len)) >= 0; k += len) {
      bytes.push_back(static_cast<char>(v));
      at.emplace_back(static_cast<uint32_t>(k), static_cast<uint32_t>(k + len));
    }
    if (bytes.size() >= kMinSelectors && looks_like_text(bytes)) {
      separate_payloads(out);
      for (size_t m = 0; m < bytes.size(); ++m) out.append(bytes[m], at[m].first, at[m].second);
      any = true;
    }
    i = k > i ? k : i + 1;
  }
  return any;
}

}  // namespace bulwark::text
