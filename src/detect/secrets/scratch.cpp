#include "detect/secrets/scratch.h"

namespace bulwark::detect::secrets {

std::unique_ptr<DetectorScratch> new_secrets_scratch(const SecretMatcher& matcher) {
  auto ms = matcher.new_scratch();
  if (!ms.ok()) return nullptr;
  auto s = std::make_unique<SecretsScratch>();
  s->matcher = std::move(ms).value();
  return s;
}

Hit secret_hit(const TextView& view, const Candidate& c) {
  const SecretFormat& f = secret_formats()[c.format];
  Hit h;
  h.view = &view;
  h.begin = c.begin;
  h.end = c.end;
  h.category = "secret";
  h.subtype = std::string(f.subtype);
  h.severity = f.severity;
  // Prefix formats are near-certain; context-gated and generic ones rest on a keyword and entropy.
  h.score = f.family == Family::kGeneric ? 0.8 : (f.check == Check::kEntropy ? 0.9 : 0.99);
  h.sensitive = true;
  return h;
}

}  // namespace bulwark::detect::secrets
