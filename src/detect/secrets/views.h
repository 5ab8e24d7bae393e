// detect/secrets/views.h — which texts the secrets detectors scan: the raw input, the raw
// input with invisible characters removed (a token split by zero-width spaces), and every
// decoded payload (a key inside base64 or percent-encoding). Normalized views are not
// scanned: case folding and confusable mapping destroy case-sensitive credential formats.
//
// Thread-safety: fills buffers owned by the caller's scratch. Cost: one pass over the input
// for a byte that can start an invisible character; the stripped view is built only then.
#pragma once

#include <vector>

#include "bulwark/detector.h"

namespace bulwark::detect::secrets {

// Fills `out` with the views to scan; `stripped` (owned by the caller) is reused.
void collect_views(const ScanContext& ctx, TextView& stripped, std::vector<const TextView*>& out);

// Appends to `out` the text of `raw` without zero-width, bidi-control, soft-hyphen,
// variation-selector and tag characters, mapped back to raw bytes. @return whether any was removed.
bool strip_invisible(const TextView& raw, TextView& out);

}  // namespace bulwark::detect::secrets
