// detect/exfil/links.h — exfil.links: markdown images and links, reference definitions,
// HTML tags that load or link URLs (<img>, <iframe>, <a>, <link>, <script>, <video>, ...) and
// CSS url(), pointing at hosts outside an allowlist. These are the channels through which an
// injected prompt makes a model leak conversation data: a rendered image fetches
// https://attacker/?q=<secret> without a click.
//
// Category "exfiltration"; subtypes markdown_image, markdown_link, markdown_reference,
// html_image, html_frame, html_link, html_resource, css_url, and bare_url (any http(s) URL,
// only in tool_call: a tool fetches without a click). Severity in output roles:
//   auto-loading (image, frame, resource, CSS, image reference)   6, and 7 if the URL carries data
//   click-to-follow (links, autolinks, link references)             2, and 4 if the URL carries data
//   bare_url                                                        2, and 6 if the URL carries data
// In document and tool_result (inputs, where web pages are full of images) 3/6 and 1/3.
// Relative URLs and other schemes (mailto:, data:) are same-origin or inert: never reported.
//
// Parameters:
//   allowed_hosts   comma-separated: example.com, *.example.com (subdomains), .example.com
//                   (domain and subdomains). Default: empty, every external host is reported.
// Default roles: assistant, tool_call, document, tool_result — where exfiltration shows up
// (model output that a client renders, URLs a model passes to tools, and the injected
// documents or tool results that plant the payload). Not user or system: users paste links
// on purpose and the system prompt is written by the application.
//
// Scans the raw text and decoded payloads (HTML-entity or percent-encoded markup).
#pragma once

#include "bulwark/detector.h"

namespace bulwark::detect {

Result<DetectorPtr> make_exfil_links_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
