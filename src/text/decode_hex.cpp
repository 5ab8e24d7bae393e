// Hex payloads: a contiguous run of hex digits ("69676e6f7265", "0x6967...") or hex pairs
// separated by one repeated separator (space, colon, comma or dash: "69 67 6e", "69:67:6e"). Counts only if it decodes to
// text with a fair share of letters, so hashes, ids and numbers are left alone.
#include "text/decode_util.h"
#include "text/decoders.h"

namespace bulwark::text {
namespace {

constexpr size_t kMinDecoded = 4;

bool word_char(std::string_view s, size_t k) { return k < s.size() && is_ascii_alnum(s[k]); }

void emit(std::string_view src, const std::string& bytes, const std::vector<uint32_t>& starts,
          TextView& out) {
  separate_payloads(out);
  for (size_t i = 0; i < bytes.size(); ++i) out.append(bytes[i], starts[i], starts[i] + 2);
}

}  // namespace

bool decode_hex(std::string_view src, const DecodeOptions& opt, TextView& out) {
  const size_t n = src.size();
  std::string bytes;
  std::vector<uint32_t> starts;  // source offset of each byte's two digits
  bool any = false;
  size_t i = 0;
  while (i < n) {
    if (hex_value(src[i]) < 0 || (i > 0 && word_char(src, i - 1))) {
      ++i;
      continue;
    }
    size_t b = i;
    if (src[i] == '0' && i + 2 < n && (src[i + 1] == 'x' || src[i + 1] == 'X') && hex_value(src[i + 2]) >= 0)
      b = i + 2;
    bytes.clear();
    starts.clear();
    size_t j = b;
    while (j < n && hex_value(src[j]) >= 0) ++j;
    size_t end = j;
    if (!word_char(src, j) && (j - b) % 2 == 0 && j - b >= 2 * kMinDecoded) {
      for (size_t k = b; k < j; k += 2) {
        bytes.push_back(static_cast<char>(hex_value(src[k]) * 16 + hex_value(src[k + 1])));
        starts.push_back(static_cast<uint32_t>(k));
      }
    } else if (j == b + 2 && j < n && (src[j] == ' ' || src[j] == ':' || src[j] == ',' || src[j] == '-')) {
      // Separated pairs: the separator after the first pair must repeat after every pair.
      char sep = src[j];
      size_t k = b;
      while (k + 1 < n && hex_value(src[k]) >= 0 && hex_value(src[k + 1]) >= 0 && !word_char(src, k + 2)) {
        bytes.push_back(static_cast<char>(hex_value(src[k]) * 16 + hex_value(src[k + 1])));
        starts.push_back(static_cast<uint32_t>(k));
        end = k + 2;
        if (k + 2 >= n || src[k + 2] != sep) break;
        k += 3;
      }
    }
    if (end - i >= opt.min_encoded_len && bytes.size() >= kMinDecoded && looks_like_text(bytes, 0.6)) {
      emit(src, bytes, starts, out);
      any = true;
      i = end;
    } else {
      i = std::max(j, i + 1);
    }
  }
  return any;
}

}  // namespace bulwark::text
