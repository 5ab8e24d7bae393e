// detect/exfil/url.h — the parts of a URL an exfiltration check needs: is it absolute (does
// it leave the page's origin), which host does a browser contact, and does the URL carry data.
//
// Parsing follows what browsers do (WHATWG URL), not what a strict RFC 3986 parser accepts,
// because the attacker targets the renderer: backslashes count as slashes, the authority
// ends at / \ ? #, user info is cut at the LAST '@', the host is percent-decoded, lower-cased
// and loses a trailing dot, and ideographic full stops act as dots.
//
// Thread-safety: pure functions. Cost: linear in the URL length, no allocation beyond the host.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bulwark::detect::exfil {

struct ExternalUrl {
  std::string host;             // normalized: lower-case, percent-decoded, no port, no trailing dot
  std::string_view userinfo;    // before the last '@' of the authority (may carry data)
  std::string_view path;        // from the first / or \ after the authority, up to ? or #
  std::string_view query;       // without the '?'
  std::string_view fragment;    // without the '#'; never sent to the server
};

// Parses `url` if it names another origin: http:, https: or a protocol-relative "//host".
// Relative URLs, other schemes (mailto:, data:, javascript:) and empty hosts give nullopt.
std::optional<ExternalUrl> parse_external_url(std::string_view url);

// Why a URL looks data-bearing (nullptr if it does not): a template placeholder ({data},
// $SECRET, %s), a long or encoded-looking (base64, hex, high-entropy) query value or path
// segment, a suggestive parameter name (data=, secret=, token=, ...) with a value, a long
// query string, or a long letters-and-digits subdomain label (DNS exfiltration).
// `include_fragment` is false for auto-loading resources: a fragment never
// reaches the server when an image loads.
const char* data_bearing_reason(const ExternalUrl& url, bool include_fragment);

// Decodes the character references a browser decodes in an attribute value before it parses
// the URL: &#47; &#x2F; and the named ones that matter for URLs (&sol; &colon; &period;
// &commat; &amp; &quot; &apos; &lt; &gt; &bsol; &quest; &num; &equals;). Others stay as written.
std::string decode_attribute_entities(std::string_view value);

}  // namespace bulwark::detect::exfil
