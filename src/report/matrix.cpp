#include "report/matrix.h"

namespace bulwark::report {

std::string_view deployment_name(Deployment d) {
  switch (d) {
    case Deployment::kSaas: return "saas";
    case Deployment::kPaas: return "paas";
    case Deployment::kIaas: return "iaas";
  }
  return "?";
}

std::string_view deployment_title(Deployment d) {
  switch (d) {
    case Deployment::kSaas: return "SaaS AI (a finished copilot)";
    case Deployment::kPaas: return "PaaS AI (a hosted model API)";
    case Deployment::kIaas: return "IaaS AI (your own model)";
  }
  return "?";
}

std::optional<Deployment> parse_deployment(std::string_view s) {
  if (s == "saas") return Deployment::kSaas;
  if (s == "paas") return Deployment::kPaas;
  if (s == "iaas") return Deployment::kIaas;
  return std::nullopt;
}

std::string_view owner_name(Owner o) {
  switch (o) {
    case Owner::kCustomer: return "customer";
    case Owner::kShared: return "shared";
    case Owner::kProvider: return "provider";
  }
  return "?";
}

// The owners are the brief's table, row by row; the controls are our mapping of what Bulwark
// does onto each responsibility.
const std::vector<MatrixRow>& matrix_rows() {
  using O = Owner;
  static const std::vector<MatrixRow> rows = {
      {"usage.training", "usage", "user training and accountability", O::kCustomer, O::kCustomer, O::kCustomer,
       {{"identity"}, {"audit_log"}},
       "training users and an acceptable-use policy are organizational; Bulwark gives the per-identity evidence"},
      {"usage.policy", "usage", "usage policy, administrative controls", O::kCustomer, O::kCustomer, O::kCustomer,
       {{"policy_as_code"}, {"access_scoping"}, {"fail_closed"}, {"blocklists", false}},
       "writing the usage policy itself is organizational"},
      {"usage.identity", "usage", "identity, device and access management", O::kCustomer, O::kCustomer, O::kCustomer,
       {{"identity"}, {"access_scoping"}, {"rate_limits", false}},
       "the identity provider (SSO, MFA) and device management are outside Bulwark"},
      {"usage.data", "usage", "data governance and protection", O::kCustomer, O::kCustomer, O::kCustomer,
       {{"pii_protection"}, {"secret_protection"}, {"content_minimization"}, {"audit_log", false}},
       "data classification and retention outside the AI path"},
      {"application.plugins", "application", "plugins, tools and data connections", O::kShared, O::kCustomer,
       O::kCustomer,
       {{"tool_call_inspection"}, {"indirect_injection"}, {"exfiltration_guard"}, {"access_scoping", false}},
       "least privilege of the tools and connectors themselves"},
      {"application.design", "application", "application design and implementation", O::kProvider, O::kCustomer,
       O::kCustomer, {{"fail_closed"}, {"request_limits"}},
       "secure design, code review and threat modelling of the application"},
      {"application.infrastructure", "application", "application infrastructure", O::kProvider, O::kCustomer,
       O::kCustomer, {{"request_limits"}, {"rate_limits"}, {"audit_log", false}},
       "hosting, network, patching; TLS must be terminated in front of Bulwark in this build"},
      {"application.safety", "application", "application safety system", O::kProvider, O::kCustomer, O::kCustomer,
       {{"prompt_attack_filter"},
        {"indirect_injection"},
        {"hidden_text"},
        {"pii_protection"},
        {"exfiltration_guard"},
        {"blocklists", false}},
       ""},
      {"platform.model_safety", "platform", "model safety system (input/output filters)", O::kProvider, O::kProvider,
       O::kCustomer, {{"harm_filter"}, {"prompt_attack_filter"}, {"blocklists", false}}, ""},
      {"platform.model_accountability", "platform", "model accountability, design, training data", O::kProvider,
       O::kProvider, O::kCustomer, {},
       "model design, training data and evaluation are outside a gateway (bulwark eval measures detectors, not "
       "your model)"},
      {"platform.compute", "platform", "AI compute infrastructure", O::kProvider, O::kProvider, O::kProvider, {},
       "always the provider's"},
  };
  return rows;
}

}  // namespace bulwark::report
