#include "detect/exfil/patterns.h"

namespace bulwark::detect {

const std::vector<PatternSpec>& exfil_patterns() {
  // (?:https?:[/\\]+|[/\\]{2}): http(s) with any slashes or protocol-relative (browsers take
  // backslashes as slashes). Link texts may nest one level of brackets.
  static const std::vector<PatternSpec> kPatterns = {
      {"markdown_image", R"(!\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s{0,8}<?(?:https?:[/\\]+|[/\\]{2})[^\s)>]+)", true},
      {"markdown_link", R"(\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s{0,8}<?(?:https?:[/\\]+|[/\\]{2})[^\s)>]+)", true},
      {"markdown_link", R"(<https?://[^\s<>]+>)", true},
      {"markdown_reference", R"(\[[^\]\n]+\]:[ \t]*<?(?:https?:[/\\]+|[/\\]{2})[^\s>]+)", true},
      {"html_image",
       R"(<(?:img|image)\b[^>]*\b(?:src|srcset|lowsrc|dynsrc|href)\s*=\s*["']?\s*(?:https?:[/\\]+|[/\\]{2})[^\s"'>]+)",
       true},
      {"html_image",
       R"(<(?:img|source)\b[^>]*\bsrcset\s*=\s*["'][^"'>]*(?:https?:[/\\]+|[/\\]{2})[^\s"'>,]+)", true},
      {"html_frame", R"(<i?frame\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:[/\\]+|[/\\]{2})[^\s"'>]+)", true},
      {"html_link", R"(<(?:a|area)\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:[/\\]+|[/\\]{2})[^\s"'>]+)", true},
      {"html_resource",
       R"(<(?:link|script|video|audio|source|track|embed|object|input|body|table)\b[^>]*\b(?:src|href|srcset|poster|data|background)\s*=\s*["']?\s*(?:https?:[/\\]+|[/\\]{2})[^\s"'>]+)",
       true},
      {"css_url", R"(url\(\s*["']?(?:https?:[/\\]+|[/\\]{2})[^\s"')]+)", true},
  };
  return kPatterns;
}

}  // namespace bulwark::detect
