#include "detect/secrets/generic.h"

#include "detect/secrets/matcher.h"
#include "detect/secrets/scratch.h"
#include "detect/secrets/views.h"

namespace bulwark::detect {
namespace {

using secrets::SecretsScratch;

class SecretGenericDetector final : public Detector {
 public:
  explicit SecretGenericDetector(const secrets::SecretMatcher* m) : matcher_(m) {}
  std::string_view id() const override { return "secret.generic"; }
  std::unique_ptr<DetectorScratch> new_scratch() const override { return secrets::new_secrets_scratch(*matcher_); }

  Status scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const override {
    auto* s = dynamic_cast<SecretsScratch*>(scratch);
    if (s == nullptr) return internal_error("secret.generic: no scratch (Hyperscan allocation failed)");
    secrets::collect_views(ctx, s->stripped, s->views);
    for (const TextView* v : s->views) {
      BULWARK_RETURN_IF_ERROR(matcher_->prefilter(v->text, *s->matcher));
      s->candidates.clear();
      matcher_->confirm(v->text, secrets::Family::kGeneric, *s->matcher, s->candidates);
      if (s->candidates.empty()) continue;
      s->tokens.clear();
      matcher_->confirm(v->text, secrets::Family::kToken, *s->matcher, s->tokens);
      for (const auto& c : s->candidates) {
        bool known = false;
        for (const auto& t : s->tokens) known = known || (c.begin < t.end && t.begin < c.end);
        if (!known) out.add(secrets::secret_hit(*v, c));
      }
    }
    return {};
  }

 private:
  const secrets::SecretMatcher* matcher_;
};

}  // namespace

Result<DetectorPtr> make_secret_generic_detector(const DetectorSpec&) {
  auto m = secrets::SecretMatcher::instance();
  if (!m.ok()) return m.status();
  return DetectorPtr(new SecretGenericDetector(*m));
}

}  // namespace bulwark::detect
