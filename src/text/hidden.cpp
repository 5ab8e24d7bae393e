#include "text/hidden.h"

namespace bulwark::text {

std::optional<HiddenRun::Kind> hidden_kind(char32_t cp) {
  using K = HiddenRun::Kind;
  if (cp < 0xAD) return std::nullopt;
  if (cp == 0xAD) return K::kZeroWidth;  // soft hyphen: invisible unless at a line break
  if (cp < 0x200B) return std::nullopt;
  if (cp <= 0x200F) return K::kZeroWidth;  // ZWSP, ZWNJ, ZWJ, LRM, RLM
  if (cp >= 0x202A && cp <= 0x202E) return K::kBidiControl;
  if (cp >= 0x2060 && cp <= 0x2064) return K::kZeroWidth;  // word joiner, invisible operators
  if (cp >= 0x2066 && cp <= 0x2069) return K::kBidiControl;
  if (cp >= 0xFE00 && cp <= 0xFE0F) return K::kVariationSelector;
  if (cp == 0xFEFF) return K::kZeroWidth;  // BOM / zero-width no-break space
  if (cp >= 0xE0000 && cp <= 0xE007F) return K::kTagChars;
  if (cp >= 0xE0100 && cp <= 0xE01EF) return K::kVariationSelector;
  return std::nullopt;
}

void add_hidden(std::vector<HiddenRun>& runs, HiddenRun::Kind kind, uint32_t b, uint32_t e) {
  if (!runs.empty() && runs.back().kind == kind && runs.back().byte_end == b) {
    runs.back().byte_end = e;
    ++runs.back().count;
    return;
  }
  runs.push_back({kind, b, e, 1});
}

}  // namespace bulwark::text
