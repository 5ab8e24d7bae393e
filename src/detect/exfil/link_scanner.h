// detect/exfil/link_scanner.h — finds the places in markdown or HTML where a renderer would
// load or link a URL: inline markdown images and links, reference definitions, autolinks,
// HTML tags with URL attributes, and CSS url().
//
// The scanner is a single forward pass over the text with bounded look-back (1 KiB for a
// link text, 4 KiB for an HTML tag), so adversarial input stays linear.
//
// Thread-safety: pure function; `out` belongs to the caller.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace bulwark::detect::exfil {

enum class LinkKind : uint8_t {
  kMarkdownImage,      // ![alt](url)
  kMarkdownLink,       // [text](url), <https://...>
  kMarkdownReference,  // [label]: url   (auto_load when an image uses the label)
  kHtmlImage,          // <img src|srcset|lowsrc>
  kHtmlFrame,          // <iframe src>, <frame src>
  kHtmlLink,           // <a href>, <area href>
  kHtmlResource,       // <link href>, <script src>, <video src|poster>, <object data>, ...
  kCssUrl,             // url(...)
  kBareUrl,            // http(s)://... anywhere (only looked for in tool-call arguments)
};

std::string_view link_kind_subtype(LinkKind kind);

struct LinkCandidate {
  LinkKind kind;
  bool auto_load;          // fetched by the renderer without a click
  uint32_t begin;          // the whole construct, so that redaction removes it entirely
  uint32_t end;
  std::string_view url;    // points into the scanned text
};

void find_links(std::string_view text, std::vector<LinkCandidate>& out);

// Every http:// or https:// URL, markup or not: a tool fetches what it is given without a
// click, so in tool-call arguments a bare URL is a channel too. auto_load is true.
void find_bare_urls(std::string_view text, std::vector<LinkCandidate>& out);

}  // namespace bulwark::detect::exfil
