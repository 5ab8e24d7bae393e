#include "detect/exfil/link_scanner.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_set>

namespace bulwark::detect::exfil {
namespace {

constexpr size_t kMaxLinkText = 1024;
constexpr size_t kMaxTag = 4096;
constexpr size_t kMaxUrl = 8192;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ':';
}

std::string lower_str(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool starts_with_ci(std::string_view s, size_t pos, std::string_view prefix) {
  if (s.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[pos + i]) != prefix[i]) return false;
  return true;
}

// Markdown link destination at s[i] (after "(" or "]:"): <...> or a run without spaces and
// with balanced parentheses. Returns the URL and sets `end` past it.
std::string_view link_destination(std::string_view s, size_t i, size_t& end) {
  size_t n = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t') && n < 8) ++i, ++n;
  if (i < s.size() && s[i] == '\n') ++i;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t') && n < 16) ++i, ++n;
  if (i < s.size() && s[i] == '<') {
    size_t close = i + 1;
    while (close < s.size() && s[close] != '>' && s[close] != '\n' && close - i < kMaxUrl) ++close;
    end = std::min(close + 1, s.size());
    return s.substr(i + 1, close - i - 1);
  }
  size_t j = i;
  int depth = 0;
  while (j < s.size() && j - i < kMaxUrl) {
    char c = s[j];
    if (is_space(c) || static_cast<unsigned char>(c) < 0x20) break;
    if (c == '(') ++depth;
    if (c == ')') {
      if (depth == 0) break;
      --depth;
    }
    ++j;
  }
  end = j;
  return s.substr(i, j - i);
}

// The '[' that opens the link text closed by the ']' at `close`, or npos.
size_t find_link_open(std::string_view s, size_t close) {
  int depth = 0;
  size_t stop = close > kMaxLinkText ? close - kMaxLinkText : 0;
  for (size_t i = close; i-- > stop;) {
    char c = s[i];
    if (c == '\n' && i > 0 && s[i - 1] == '\n') return std::string_view::npos;  // paragraph break
    if (i > 0 && s[i - 1] == '\\') continue;                                      // escaped bracket
    if (c == ']') ++depth;
    if (c == '[') {
      if (depth == 0) return i;
      --depth;
    }
  }
  return std::string_view::npos;
}

// Closing ')' of an inline link after its destination (an optional title may sit between).
size_t inline_link_end(std::string_view s, size_t after_url) {
  size_t limit = std::min(s.size(), after_url + 256);
  for (size_t k = after_url; k < limit; ++k) {
    if (s[k] == ')') return k + 1;
    if (s[k] == '\n' && k + 1 < s.size() && s[k + 1] == '\n') break;
  }
  return after_url;
}

bool at_line_start(std::string_view s, size_t i) {
  size_t spaces = 0;
  while (i > 0 && s[i - 1] == ' ' && spaces < 4) --i, ++spaces;
  return spaces <= 3 && (i == 0 || s[i - 1] == '\n');
}

// Labels used by images: ![alt][label], ![label][], ![label]. Lower-cased.
std::unordered_set<std::string> image_reference_labels(std::string_view s) {
  std::unordered_set<std::string> labels;
  for (size_t p = s.find("!["); p != std::string_view::npos; p = s.find("![", p + 2)) {
    size_t close = s.find(']', p + 2);
    if (close == std::string_view::npos || close - p > kMaxLinkText) continue;
    std::string_view alt = s.substr(p + 2, close - p - 2);
    if (close + 1 < s.size() && s[close + 1] == '(') continue;  // inline image
    if (close + 1 < s.size() && s[close + 1] == '[') {
      size_t c2 = s.find(']', close + 2);
      if (c2 == std::string_view::npos || c2 - close > kMaxLinkText) continue;
      std::string_view label = s.substr(close + 2, c2 - close - 2);
      labels.insert(lower_str(label.empty() ? alt : label));
    } else {
      labels.insert(lower_str(alt));
    }
  }
  return labels;
}

void scan_markdown(std::string_view s, std::vector<LinkCandidate>& out) {
  // Inline images and links: every "](".
  for (size_t p = s.find("]("); p != std::string_view::npos; p = s.find("](", p + 1)) {
    size_t open = find_link_open(s, p);
    if (open == std::string_view::npos) continue;
    bool image = open > 0 && s[open - 1] == '!';
    size_t url_end = 0;
    std::string_view url = link_destination(s, p + 2, url_end);
    if (url.empty()) continue;
    uint32_t begin = static_cast<uint32_t>(image ? open - 1 : open);
    out.push_back({image ? LinkKind::kMarkdownImage : LinkKind::kMarkdownLink, image, begin,
                   static_cast<uint32_t>(inline_link_end(s, url_end)), url});
  }
  // Reference definitions: "[label]: url" at the start of a line.
  std::unordered_set<std::string> image_labels;
  bool labels_built = false;
  for (size_t p = s.find("]:"); p != std::string_view::npos; p = s.find("]:", p + 1)) {
    size_t open = find_link_open(s, p);
    if (open == std::string_view::npos || !at_line_start(s, open)) continue;
    size_t url_end = 0;
    std::string_view url = link_destination(s, p + 2, url_end);
    if (url.empty()) continue;
    if (!labels_built) {
      image_labels = image_reference_labels(s);
      labels_built = true;
    }
    bool image = image_labels.count(lower_str(s.substr(open + 1, p - open - 1))) > 0;
    out.push_back({LinkKind::kMarkdownReference, image, static_cast<uint32_t>(open),
                   static_cast<uint32_t>(url_end), url});
  }
}

struct TagRule {
  std::string_view tag;
  LinkKind kind;
  std::array<std::string_view, 4> attrs;
};

constexpr std::array<TagRule, 17> kTags = {{
    {"img", LinkKind::kHtmlImage, {"src", "srcset", "lowsrc", "dynsrc"}},
    {"image", LinkKind::kHtmlImage, {"href", "xlink:href", "src", ""}},  // SVG
    {"iframe", LinkKind::kHtmlFrame, {"src", "", "", ""}},
    {"frame", LinkKind::kHtmlFrame, {"src", "", "", ""}},
    {"a", LinkKind::kHtmlLink, {"href", "xlink:href", "", ""}},
    {"area", LinkKind::kHtmlLink, {"href", "", "", ""}},
    {"link", LinkKind::kHtmlResource, {"href", "", "", ""}},
    {"script", LinkKind::kHtmlResource, {"src", "", "", ""}},
    {"video", LinkKind::kHtmlResource, {"src", "poster", "", ""}},
    {"audio", LinkKind::kHtmlResource, {"src", "", "", ""}},
    {"source", LinkKind::kHtmlResource, {"src", "srcset", "", ""}},
    {"track", LinkKind::kHtmlResource, {"src", "", "", ""}},
    {"embed", LinkKind::kHtmlResource, {"src", "", "", ""}},
    {"object", LinkKind::kHtmlResource, {"data", "", "", ""}},
    {"input", LinkKind::kHtmlResource, {"src", "", "", ""}},
    {"body", LinkKind::kHtmlResource, {"background", "", "", ""}},
    {"table", LinkKind::kHtmlResource, {"background", "", "", ""}},
}};

// srcset is "url 1x, url 2x": each candidate URL is reported.
void add_attr_urls(const TagRule& rule, std::string_view attr, std::string_view value,
                   uint32_t begin, uint32_t end, std::vector<LinkCandidate>& out) {
  bool auto_load = rule.kind != LinkKind::kHtmlLink;
  if (attr != "srcset") {
    out.push_back({rule.kind, auto_load, begin, end, value});
    return;
  }
  while (!value.empty()) {
    while (!value.empty() && (is_space(value.front()) || value.front() == ',')) value.remove_prefix(1);
    size_t e = 0;
    while (e < value.size() && !is_space(value[e]) && value[e] != ',') ++e;
    if (e > 0) out.push_back({rule.kind, auto_load, begin, end, value.substr(0, e)});
    value.remove_prefix(e);
    size_t comma = value.find(',');
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

// Parses the tag opened at s[lt] == '<'. Returns the index past it (or lt + 1).
size_t scan_tag(std::string_view s, size_t lt, std::vector<LinkCandidate>& out) {
  size_t i = lt + 1;
  // Autolink <https://...> (CommonMark).
  if (starts_with_ci(s, i, "http://") || starts_with_ci(s, i, "https://")) {
    size_t e = i;
    while (e < s.size() && s[e] != '>' && !is_space(s[e]) && s[e] != '<' && e - i < kMaxUrl) ++e;
    if (e < s.size() && s[e] == '>') {
      out.push_back({LinkKind::kMarkdownLink, false, static_cast<uint32_t>(lt),
                     static_cast<uint32_t>(e + 1), s.substr(i, e - i)});
      return e + 1;
    }
    return lt + 1;
  }
  size_t name_end = i;
  while (name_end < s.size() && is_name_char(s[name_end]) && name_end - i < 16) ++name_end;
  if (name_end == i) return lt + 1;
  const std::string name = lower_str(s.substr(i, name_end - i));
  const TagRule* rule = nullptr;
  for (const auto& r : kTags)
    if (r.tag == name) rule = &r;
  if (rule == nullptr) return lt + 1;
  size_t limit = std::min(s.size(), lt + kMaxTag);
  size_t tag_end = s.find('>', name_end);
  uint32_t construct_end = static_cast<uint32_t>(
      tag_end == std::string_view::npos || tag_end >= limit ? std::min(limit, s.size()) : tag_end + 1);
  size_t k = name_end;
  while (k < construct_end) {
    while (k < construct_end && (is_space(s[k]) || s[k] == '/')) ++k;
    size_t an = k;
    while (k < construct_end && !is_space(s[k]) && s[k] != '=' && s[k] != '>' && s[k] != '/') ++k;
    if (k == an) break;
    const std::string attr = lower_str(s.substr(an, k - an));
    while (k < construct_end && is_space(s[k])) ++k;
    std::string_view value;
    if (k < construct_end && s[k] == '=') {
      ++k;
      while (k < construct_end && is_space(s[k])) ++k;
      if (k < construct_end && (s[k] == '"' || s[k] == '\'')) {
        char q = s[k++];
        size_t vb = k;
        while (k < s.size() && s[k] != q && k - vb < kMaxUrl) ++k;
        value = s.substr(vb, k - vb);
        if (k < s.size()) ++k;
        if (k > construct_end) {  // a quoted '>' inside the value moved the tag end
          size_t te = s.find('>', k);
          construct_end = static_cast<uint32_t>(te == std::string_view::npos ? k : te + 1);
        }
      } else {
        size_t vb = k;
        while (k < construct_end && !is_space(s[k]) && s[k] != '>') ++k;
        value = s.substr(vb, k - vb);
      }
    }
    for (auto a : rule->attrs)
      if (!a.empty() && a == attr && !value.empty())
        add_attr_urls(*rule, attr, value, static_cast<uint32_t>(lt), construct_end, out);
  }
  return construct_end > lt ? construct_end : lt + 1;
}

void scan_html(std::string_view s, std::vector<LinkCandidate>& out) {
  for (size_t p = s.find('<'); p != std::string_view::npos;) {
    size_t next = scan_tag(s, p, out);
    p = s.find('<', std::max(next, p + 1));
  }
}

void scan_css(std::string_view s, std::vector<LinkCandidate>& out) {
  for (size_t p = s.find('('); p != std::string_view::npos; p = s.find('(', p + 1)) {
    if (p < 3 || !starts_with_ci(s, p - 3, "url")) continue;
    size_t i = p + 1;
    while (i < s.size() && is_space(s[i])) ++i;
    char q = (i < s.size() && (s[i] == '"' || s[i] == '\'')) ? s[i++] : 0;
    size_t e = i;
    while (e < s.size() && e - i < kMaxUrl &&
           (q ? s[e] != q : (s[e] != ')' && !is_space(s[e]))))
      ++e;
    if (e == i) continue;
    size_t close = s.find(')', e);
    uint32_t end = static_cast<uint32_t>(close == std::string_view::npos || close - e > 16 ? e : close + 1);
    out.push_back({LinkKind::kCssUrl, true, static_cast<uint32_t>(p - 3), end, s.substr(i, e - i)});
  }
}

}  // namespace

std::string_view link_kind_subtype(LinkKind kind) {
  switch (kind) {
    case LinkKind::kMarkdownImage: return "markdown_image";
    case LinkKind::kMarkdownLink: return "markdown_link";
    case LinkKind::kMarkdownReference: return "markdown_reference";
    case LinkKind::kHtmlImage: return "html_image";
    case LinkKind::kHtmlFrame: return "html_frame";
    case LinkKind::kHtmlLink: return "html_link";
    case LinkKind::kHtmlResource: return "html_resource";
    case LinkKind::kCssUrl: return "css_url";
    case LinkKind::kBareUrl: return "bare_url";
  }
  return "link";
}

void find_links(std::string_view text, std::vector<LinkCandidate>& out) {
  scan_markdown(text, out);
  scan_html(text, out);
  scan_css(text, out);
}

}  // namespace bulwark::detect::exfil

namespace bulwark::detect::exfil {

void find_bare_urls(std::string_view s, std::vector<LinkCandidate>& out) {
  for (size_t p = s.find("://"); p != std::string_view::npos; p = s.find("://", p + 3)) {
    size_t b = p;
    if (b >= 5 && starts_with_ci(s, b - 5, "https")) b -= 5;
    else if (b >= 4 && starts_with_ci(s, b - 4, "http")) b -= 4;
    else continue;
    size_t e = p + 3;
    while (e < s.size() && e - b < kMaxUrl && !is_space(s[e]) && s[e] != '"' && s[e] != '\'' &&
           s[e] != '<' && s[e] != '>' && s[e] != '`' && static_cast<unsigned char>(s[e]) >= 0x20)
      ++e;
    // JSON-escaped slashes ("https:\/\/host") are undone by the tool; the decoded views see them.
    out.push_back({LinkKind::kBareUrl, true, static_cast<uint32_t>(b), static_cast<uint32_t>(e),
                   s.substr(b, e - b)});
  }
}

}  // namespace bulwark::detect::exfil
