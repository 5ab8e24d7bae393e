// HTML character references: the common named entities and numeric ones (&#105; &#x69;,
// the ';' optional as browsers allow). The whole source with references replaced, kept when
// they cover at least min_encoded_len bytes or encode a letter or digit.
#include <cstring>

#include "text/decode_util.h"
#include "text/decoders.h"
#include "text/utf8.h"

namespace bulwark::text {
namespace {

struct Entity {
  std::string_view name;
  char32_t cp;
};

constexpr Entity kEntities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},    {"tab", '\t'},     {"newline", '\n'}, {"colon", ':'},    {"sol", '/'},
    {"bsol", '\\'},    {"lpar", '('},     {"rpar", ')'},     {"lsqb", '['},     {"rsqb", ']'},
    {"lcub", '{'},     {"rcub", '}'},     {"period", '.'},   {"comma", ','},    {"excl", '!'},
    {"quest", '?'},    {"num", '#'},      {"dollar", '$'},   {"percnt", '%'},   {"commat", '@'},
    {"lowbar", '_'},   {"equals", '='},   {"plus", '+'},     {"semi", ';'},     {"grave", '`'},
    {"verbar", '|'},   {"Hat", '^'},      {"ast", '*'},      {"copy", 0xA9},    {"reg", 0xAE},
    {"trade", 0x2122}, {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"laquo", 0xAB},   {"raquo", 0xBB},
    {"shy", 0xAD},     {"zwj", 0x200D},   {"zwnj", 0x200C},  {"euro", 0x20AC},  {"middot", 0xB7},
};

// Parses a reference at src[i] == '&'; returns its length (0 if none) and the code point.
size_t parse_ref(std::string_view src, size_t i, char32_t& cp) {
  const size_t n = src.size();
  size_t k = i + 1;
  if (k < n && src[k] == '#') {
    ++k;
    bool hex = k < n && (src[k] == 'x' || src[k] == 'X');
    if (hex) ++k;
    size_t d = k;
    uint32_t v = 0;
    while (k < n && k - d < 8) {
      int h = hex ? hex_value(src[k]) : (src[k] >= '0' && src[k] <= '9' ? src[k] - '0' : -1);
      if (h < 0) break;
      v = v * (hex ? 16 : 10) + static_cast<uint32_t>(h);
      ++k;
    }
    if (k == d || v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    if (k < n && src[k] == ';') ++k;
    cp = v;
    return k - i;
  }
  size_t b = k;
  while (k < n && k - b < 8 && is_ascii_alpha(src[k])) ++k;
  if (k >= n || src[k] != ';') return 0;
  std::string_view name = src.substr(b, k - b);
  for (const Entity& e : kEntities) {
    if (e.name == name) {
      cp = e.cp;
      return k + 1 - i;
    }
  }
  return 0;
}

}  // namespace

bool decode_html(std::string_view src, const DecodeOptions& opt, TextView& out) {
  if (std::memchr(src.data(), '&', src.size()) == nullptr) return false;
  size_t escaped = 0, copied = 0;
  bool disguised = false;
  std::string enc;
  for (size_t i = 0; i < src.size(); ++i) {
    const void* hit = std::memchr(src.data() + i, '&', src.size() - i);
    if (hit == nullptr) break;
    i = static_cast<size_t>(static_cast<const char*>(hit) - src.data());
    char32_t cp = 0;
    size_t len = parse_ref(src, i, cp);
    if (len == 0) continue;
    copy_through(src, copied, i, out);
    enc.clear();
    append_utf8(enc, cp);
    out.append(enc, static_cast<uint32_t>(i), static_cast<uint32_t>(i + len));
    escaped += len;
    disguised |= cp < 0x80 && is_ascii_alnum(static_cast<char>(cp));
    copied = i + len;
    i += len - 1;
  }
  if (escaped == 0 || (escaped < opt.min_encoded_len && !disguised)) return false;
  copy_through(src, copied, src.size(), out);
  return true;
}

}  // namespace bulwark::text
