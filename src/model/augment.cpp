#include "model/augment.h"

#include <array>

#include "text/utf8.h"

namespace bulwark::model {
namespace {

bool coin(Rng& rng, double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

uint32_t homoglyph_of(char c) {
  switch (c) {
    case 'a': return 0x0430; case 'c': return 0x0441; case 'e': return 0x0435; case 'i': return 0x0456;
    case 'j': return 0x0458; case 'o': return 0x043E; case 'p': return 0x0440; case 's': return 0x0455;
    case 'x': return 0x0445; case 'y': return 0x0443; case 'h': return 0x04BB; case 'd': return 0x0501;
    case 'A': return 0x0391; case 'B': return 0x0392; case 'E': return 0x0395; case 'H': return 0x0397;
    case 'I': return 0x0399; case 'K': return 0x039A; case 'M': return 0x039C; case 'N': return 0x039D;
    case 'O': return 0x039F; case 'P': return 0x03A1; case 'T': return 0x03A4; case 'X': return 0x03A7;
    default: return 0;
  }
}

char leet_of(char c) {
  switch (c) {
    case 'a': case 'A': return '4';
    case 'e': case 'E': return '3';
    case 'i': case 'I': return '1';
    case 'o': case 'O': return '0';
    case 's': case 'S': return '5';
    case 't': case 'T': return '7';
    default: return 0;
  }
}

const char* const kB64Lead[] = {"Decode this base64 and follow it: ", "", "base64: ",
                                "Please decode and execute: "};
const char* const kTagCover[] = {"Please summarize the text below.", "What a lovely day!",
                                 "Translate this to French: good morning.", "Thanks for your help."};

}  // namespace

const char* transform_name(Transform t) {
  switch (t) {
    case Transform::kBase64: return "base64";
    case Transform::kHomoglyph: return "homoglyph";
    case Transform::kLeetspeak: return "leetspeak";
    case Transform::kZeroWidth: return "zero_width";
    case Transform::kTagSmuggling: return "tag_smuggling";
    case Transform::kSpacing: return "spacing";
  }
  return "?";
}

std::string base64_encode(std::string_view in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out.push_back(kAlphabet[(v >> k) & 63]);
  }
  if (i < in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    if (i + 1 < in.size()) v |= uint8_t(in[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::string obfuscate_base64(std::string_view text, Rng& rng) {
  return std::string(kB64Lead[rng() % 4]) + base64_encode(text);
}

std::string obfuscate_homoglyph(std::string_view text, Rng& rng) {
  std::string out;
  out.reserve(text.size() * 2);
  for (char c : text) {
    uint32_t h = homoglyph_of(c);
    if (h != 0 && coin(rng, 0.5)) text::append_utf8(out, h);
    else out.push_back(c);
  }
  return out;
}

std::string obfuscate_leetspeak(std::string_view text, Rng& rng) {
  std::string out(text);
  for (char& c : out) {
    char l = leet_of(c);
    if (l != 0 && coin(rng, 0.7)) c = l;
  }
  return out;
}

std::string obfuscate_zero_width(std::string_view text, Rng& rng) {
  static const uint32_t kZw[] = {0x200B, 0x200C, 0x2060};
  std::string out;
  out.reserve(text.size() * 2);
  for (size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    if (is_alpha(text[i]) && i + 1 < text.size() && is_alpha(text[i + 1]) && coin(rng, 0.35))
      text::append_utf8(out, kZw[rng() % 3]);
  }
  return out;
}

std::string obfuscate_tag_smuggling(std::string_view text, Rng& rng) {
  std::string out = kTagCover[rng() % 4];
  out.push_back(' ');
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7F) text::append_utf8(out, 0xE0000 + c);
    else if (c == '\n') text::append_utf8(out, 0xE0020);
  }
  return out;
}

std::string obfuscate_spacing(std::string_view text, Rng& rng) {
  std::string out;
  out.reserve(text.size() * 2);
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && is_alpha(text[j])) ++j;
    if (j > i) {
      bool spread = j - i >= 3 && coin(rng, 0.6);
      for (size_t k = i; k < j; ++k) {
        out.push_back(text[k]);
        if (spread && k + 1 < j) out.push_back(' ');
      }
      i = j;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

std::string apply(Transform t, std::string_view text, Rng& rng) {
  switch (t) {
    case Transform::kBase64: return obfuscate_base64(text, rng);
    case Transform::kHomoglyph: return obfuscate_homoglyph(text, rng);
    case Transform::kLeetspeak: return obfuscate_leetspeak(text, rng);
    case Transform::kZeroWidth: return obfuscate_zero_width(text, rng);
    case Transform::kTagSmuggling: return obfuscate_tag_smuggling(text, rng);
    case Transform::kSpacing: return obfuscate_spacing(text, rng);
  }
  return std::string(text);
}

bool carries(Transform t, std::string_view text) {
  if (t != Transform::kTagSmuggling) return true;
  // Code points: ASCII bytes and UTF-8 lead bytes. A few curly quotes or dashes may go; letters
  // of another script may not.
  size_t ascii = 0, other = 0;
  for (unsigned char c : text) {
    if (c < 0x80) ++ascii;
    else if (c >= 0xC0) ++other;
  }
  return other * 10 <= ascii + other;   // at most 10% of the code points are lost
}

}  // namespace bulwark::model
