// Unicode tag characters (U+E0000..U+E007F, UTF-8 F3 A0 80 80..F3 A0 81 BF) mirror ASCII and
// render as nothing: "ASCII smuggling". Each run of printable tags (U+E0020..U+E007E)
// becomes the ASCII text it spells; language tags and CANCEL TAG are skipped.
#include <cstring>

#include "text/decode_util.h"
#include "text/decoders.h"

namespace bulwark::text {

bool decode_tags(std::string_view src, const DecodeOptions&, TextView& out) {
  const size_t n = src.size();
  bool any = false, in_run = false;
  const char* p = src.data();
  for (size_t i = 0; i + 3 < n;) {
    const void* hit = std::memchr(p + i, '\xF3', n - i - 3);
    if (hit == nullptr) break;
    i = static_cast<size_t>(static_cast<const char*>(hit) - p);
    auto b1 = static_cast<unsigned char>(src[i + 1]), b2 = static_cast<unsigned char>(src[i + 2]),
         b3 = static_cast<unsigned char>(src[i + 3]);
    if (b1 != 0xA0 || (b2 != 0x80 && b2 != 0x81) || (b3 & 0xC0) != 0x80) {
      in_run = false;
      ++i;
      continue;
    }
    char32_t ascii = ((b2 & 0x01) << 6) | (b3 & 0x3F);
    if (ascii >= 0x20 && ascii < 0x7F) {
      if (!in_run) separate_payloads(out);
      out.append(static_cast<char>(ascii), static_cast<uint32_t>(i), static_cast<uint32_t>(i + 4));
      any = true;
    }
    in_run = true;
    i += 4;
    if (i < n && static_cast<unsigned char>(src[i]) != 0xF3) in_run = false;
  }
  return any;
}

}  // namespace bulwark::text
