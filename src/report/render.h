// report/render.h — the three forms of a posture report.
//   markdown: for terminals and pull requests;
//   html:     one self-contained file (inline CSS and SVG charts; no script, no external asset)
//             for a risk owner;
//   json:     for machines; schema "bulwark.report/v1", documented in docs/report.md.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "report/report.h"

namespace bulwark::report {

std::string render_markdown(const Report& r);
std::string render_html(const Report& r);
std::string render_json(const Report& r);

}  // namespace bulwark::report
