// apps/bulwark/render.h — how `bulwark scan` shows a ScanResult: a JSON object (--json) or a
// readable table.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bulwark/engine.h"
#include "terminal.h"

namespace bulwark::cli {

// {"decision","role","findings":[{"detector","category","subtype","severity","score","action",
//  "span":{"byte_begin","byte_end","cp_begin","cp_end"},"evidence","via"}],
//  "redacted_text" (string or null),"timings_us":{"pipeline","total","detectors":{id:µs}},
//  "utf8_replaced","detector_errors":[...]}
nlohmann::ordered_json result_json(const ScanResult& r, Role role);

// Serialises without throwing on odd bytes (invalid UTF-8 is replaced).
std::string dump_json(const nlohmann::ordered_json& j);

std::string result_table(const ScanResult& r, Role role, size_t input_bytes, const Style& style);

// Makes control, format and other invisible characters visible as \u{XXXX} and keeps
// terminal escape sequences out of the output.
std::string printable(std::string_view s);

}  // namespace bulwark::cli
