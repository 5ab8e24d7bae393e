#include "detect/hidden/hidden_text.h"

namespace bulwark::detect {
namespace {

class HiddenTextDetector final : public Detector {
 public:
  std::string_view id() const override { return "hidden.text"; }

  Status scan(const ScanContext& ctx, DetectorScratch*, HitSink& out) const override {
    for (const HiddenRun& run : ctx.hidden) {
      Hit h;
      h.view = &ctx.raw();
      h.begin = run.byte_begin;
      h.end = run.byte_end;
      h.category = "hidden_text";
      h.sensitive = false;
      switch (run.kind) {
        case HiddenRun::Kind::kTagChars:
          // Tag characters have no legitimate use in prompts beyond flag emoji sequences.
          h.subtype = "tag_smuggling";
          h.severity = 6;
          break;
        case HiddenRun::Kind::kBidiControl:
          h.subtype = "bidi_control";
          h.severity = run.count >= 2 ? 4 : 2;
          break;
        case HiddenRun::Kind::kZeroWidth:
          h.subtype = "zero_width";
          // A lone ZWJ/ZWNJ is normal in emoji and Indic scripts; runs are not.
          h.severity = run.count >= 3 ? 4 : 1;
          break;
        case HiddenRun::Kind::kVariationSelector:
          h.subtype = "variation_selector";
          h.severity = run.count >= 3 ? 5 : 0;  // runs can carry bytes (emoji smuggling)
          break;
      }
      h.score = 1.0;
      out.add(std::move(h));
    }
    return {};
  }
};

}  // namespace

Result<DetectorPtr> make_hidden_text_detector(const DetectorSpec&) {
  return DetectorPtr(new HiddenTextDetector);
}

void register_hidden(DetectorRegistry& r) {
  r.add({"hidden.text", "invisible characters: tag smuggling, zero-width, bidi, variation selectors",
         true, make_hidden_text_detector});
}

}  // namespace bulwark::detect
