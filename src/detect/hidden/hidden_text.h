// detect/hidden/hidden_text.h — reports invisible characters found by the text pipeline:
// Unicode tag characters (ASCII smuggling), zero-width characters, bidi controls and
// variation selectors. Tag-encoded text is decoded by the pipeline and scanned by every
// other detector as a decoded view.
#pragma once

#include "bulwark/detector.h"

namespace bulwark::detect {

Result<DetectorPtr> make_hidden_text_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
