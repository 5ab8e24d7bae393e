// text/decoders.h — the payload decoders. Each scans one source view and writes what it
// decodes into `out` (a scratch TextView whose maps hold SOURCE-view byte ranges); the
// driver in decoders.cpp checks the result, maps it to the original and recurses.
//
// A decoder writes every payload it finds in the source into one output, payloads
// separated by '\n'. "Inline" codecs (percent, HTML entities, escapes, rot13) copy the
// whole source with the escapes replaced, so detectors see the decoded words in context.
// @return true when something was decoded (out then holds valid UTF-8).
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "bulwark/policy.h"
#include "bulwark/text_view.h"

namespace bulwark::text {

bool decode_base64(std::string_view src, const DecodeOptions& opt, TextView& out);
bool decode_hex(std::string_view src, const DecodeOptions& opt, TextView& out);
bool decode_percent(std::string_view src, const DecodeOptions& opt, TextView& out);
bool decode_html(std::string_view src, const DecodeOptions& opt, TextView& out);
bool decode_escapes(std::string_view src, const DecodeOptions& opt, TextView& out);
bool decode_rot13(std::string_view src, const DecodeOptions& opt, TextView& out);
// Unicode tag characters U+E0020..U+E007E → ASCII ("ASCII smuggling").
bool decode_tags(std::string_view src, const DecodeOptions& opt, TextView& out);
// Runs of variation selectors carrying one byte each (U+FE00..FE0F → 0..15,
// U+E0100..E01EF → 16..255), the "emoji smuggling" trick.
bool decode_variation_selectors(std::string_view src, const DecodeOptions& opt, TextView& out);

}  // namespace bulwark::text
