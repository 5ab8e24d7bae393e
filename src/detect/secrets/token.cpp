#include "detect/secrets/token.h"

#include "detect/secrets/matcher.h"
#include "detect/secrets/scratch.h"
#include "detect/secrets/views.h"

namespace bulwark::detect {
namespace {

using secrets::SecretsScratch;

class SecretTokenDetector final : public Detector {
 public:
  explicit SecretTokenDetector(const secrets::SecretMatcher* m) : matcher_(m) {}
  std::string_view id() const override { return "secret.token"; }
  std::unique_ptr<DetectorScratch> new_scratch() const override { return secrets::new_secrets_scratch(*matcher_); }

  Status scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const override {
    auto* s = dynamic_cast<SecretsScratch*>(scratch);
    if (s == nullptr) return internal_error("secret.token: no scratch (Hyperscan allocation failed)");
    secrets::collect_views(ctx, s->stripped, s->views);
    for (const TextView* v : s->views) {
      BULWARK_RETURN_IF_ERROR(matcher_->prefilter(v->text, *s->matcher));
      s->candidates.clear();
      matcher_->confirm(v->text, secrets::Family::kToken, *s->matcher, s->candidates);
      for (const auto& c : s->candidates) out.add(secrets::secret_hit(*v, c));
    }
    return {};
  }

 private:
  const secrets::SecretMatcher* matcher_;
};

}  // namespace

Result<DetectorPtr> make_secret_token_detector(const DetectorSpec&) {
  auto m = secrets::SecretMatcher::instance();
  if (!m.ok()) return m.status();
  return DetectorPtr(new SecretTokenDetector(*m));
}

}  // namespace bulwark::detect
