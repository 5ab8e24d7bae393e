#include "detect/model/model_detector.h"
#include "detect/registry.h"

namespace bulwark::detect {
namespace {

Result<DetectorPtr> make_prompt_attack(const DetectorSpec& spec) {
  return make_model_detector(spec, {"model.prompt_attack", "prompt_attack", roles_of({Role::kUser}), true, "", {}});
}
Result<DetectorPtr> make_document_attack(const DetectorSpec& spec) {
  return make_model_detector(spec, {"model.document_attack", "document_attack",
                                    roles_of({Role::kDocument, Role::kToolResult}), true, "indirect", {}});
}
// Profanity and uncategorized harm start lower; sexual content involving minors higher. Asking
// for help with self-harm is not self-harm (help_seeking.h).
Result<DetectorPtr> make_harm(const DetectorSpec& spec) {
  return make_model_detector(spec, {"model.harm", "harm", roles_of({Role::kUser, Role::kAssistant}), true, "",
                                    {{"offensive", 2}, {"other", 3}, {"sexual_minors", 6}},
                                    /*soften_help_seeking=*/true, /*read_content_only=*/true});
}

}  // namespace

void register_models(DetectorRegistry& r) {
  r.add({"model.prompt_attack", "learned prompt-attack classifier (injection, jailbreak)", true, make_prompt_attack});
  r.add({"model.document_attack", "learned indirect-injection classifier for documents and tool results", true,
         make_document_attack});
  r.add({"model.harm", "learned harm classifier (hate, harassment, sexual, violence, self-harm, ...)", true,
         make_harm});
}

}  // namespace bulwark::detect
