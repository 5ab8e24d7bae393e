// Base64 payloads, standard (+/) and URL-safe (-_), padded or not. A candidate is a run of
// alphabet characters at least min_encoded_len long that mixes cases or holds digits (plain
// long words do not), and it counts only if it decodes to text.
#include <algorithm>
#include <array>

#include "text/decode_util.h"
#include "text/decoders.h"

namespace bulwark::text {
namespace {

constexpr size_t kMinDecoded = 4;

constexpr std::array<int8_t, 256> make_values() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 26; ++i) {
    t['A' + i] = static_cast<int8_t>(i);
    t['a' + i] = static_cast<int8_t>(26 + i);
  }
  for (int i = 0; i < 10; ++i) t['0' + i] = static_cast<int8_t>(52 + i);
  t['+'] = t['-'] = 62;
  t['/'] = t['_'] = 63;
  return t;
}
constexpr std::array<int8_t, 256> kValue = make_values();

bool in_alphabet(char c) { return kValue[static_cast<unsigned char>(c)] >= 0; }

// Decodes src[b, e) (no padding inside) into out; false when it is not plausible base64 text.
bool try_decode(std::string_view src, size_t b, size_t e, const DecodeOptions& opt, TextView& out,
                std::string& bytes) {
  size_t len = e - b;
  if (len < opt.min_encoded_len || len < 8 || len % 4 == 1) return false;
  bool upper = false, lower = false, digit = false, std_sym = false, url_sym = false;
  for (size_t k = b; k < e; ++k) {
    char c = src[k];
    upper |= c >= 'A' && c <= 'Z';
    lower |= c >= 'a' && c <= 'z';
    digit |= c >= '0' && c <= '9';
    std_sym |= c == '+' || c == '/';
    url_sym |= c == '-' || c == '_';
  }
  if (std_sym && url_sym) return false;
  if (!(upper && lower) && !digit) return false;
  bytes.clear();
  uint32_t acc = 0;
  int bits = 0;
  for (size_t k = b; k < e; ++k) {
    acc = (acc << 6) | static_cast<uint32_t>(kValue[static_cast<unsigned char>(src[k])]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (bytes.size() < kMinDecoded || !looks_like_text(bytes, 0.5)) return false;
  separate_payloads(out);
  for (size_t i = 0; i < bytes.size(); ++i) {
    size_t g = b + (i / 3) * 4;  // the 4-character group this byte came from
    out.append(bytes[i], static_cast<uint32_t>(g), static_cast<uint32_t>(std::min(g + 4, e)));
  }
  return true;
}

// The index at which a run of alphabet characters starting at or after i reaches min_len,
// or n. Counters only, so that the loop stays in registers; for min_len >= 15 a run must
// contain a whole aligned 8-byte block, so blocks holding a byte below '+' (space,
// newline, most punctuation: never in the alphabet) are skipped eight at a time.
size_t next_run(const unsigned char* s, size_t i, size_t n, size_t min_len) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_below_plus = [](uint64_t x) { return ((x - kOnes * '+') & ~x & kHigh) != 0; };
  while (i < n) {
    size_t from = i, b = n;
    if (min_len >= 15) {
      b = (i + 7) & ~static_cast<size_t>(7);
      for (;; b += 8) {
        if (b + 8 > n) break;
        uint64_t w;
        __builtin_memcpy(&w, s + b, 8);
        if (!has_below_plus(w)) break;
      }
      if (b + 8 > n) b = n;
      from = std::max(i, b >= 8 ? b - 8 : 0);
    }
    size_t run = 0, j = from;
    for (; j < n; ++j) {
      run = kValue[s[j]] >= 0 ? run + 1 : 0;
      if (run == min_len) return j;
      if (run == 0 && j >= b + 8) break;  // past the candidate block: skip again
    }
    i = j + 1;
  }
  return n;
}

}  // namespace

bool decode_base64(std::string_view src, const DecodeOptions& opt, TextView& out) {
  const size_t n = src.size();
  const size_t min_len = std::max<size_t>(opt.min_encoded_len, 8);
  std::string bytes;
  bool any = false;
  for (size_t i = 0;; ++i) {
    i = next_run(reinterpret_cast<const unsigned char*>(src.data()), i, n, min_len);
    if (i >= n) break;
    size_t b = i + 1 - min_len, j = i + 1;
    while (j < n && in_alphabet(src[j])) ++j;
    if (try_decode(src, b, j, opt, out, bytes)) {
      any = true;
    } else {
      // "https://host/aGVsbG8..." or "path/<payload>": try the '/'-separated pieces.
      size_t p = b;
      for (size_t k = b; k <= j; ++k) {
        if (k == j || src[k] == '/') {
          if (p != b || k != j) any |= try_decode(src, p, k, opt, out, bytes);
          p = k + 1;
        }
      }
    }
    while (j < n && src[j] == '=') ++j;
    i = j - 1;
  }
  return any;
}

}  // namespace bulwark::text
