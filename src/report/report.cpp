#include "report/report.h"

namespace bulwark::report {

Report build_report(Deployment deployment, const Posture& posture, const Activity* activity, int64_t now_ms) {
  Report r;
  r.deployment = deployment;
  r.generated_ms = now_ms;
  r.config_source = posture.config_given ? posture.config.source : "";
  r.policy_source = posture.policy_given ? posture.policy.source : "built-in default policy";
  r.detectors = posture.detectors;
  const IncidentStore store = activity == nullptr        ? IncidentStore::kUnknown
                              : activity->incident_store ? IncidentStore::kPresent
                                                         : IncidentStore::kAbsent;
  r.controls = evaluate_controls(posture, store);
  r.matrix = evaluate_matrix(deployment, r.controls);
  r.owasp = owasp_coverage(r.controls);
  r.nist = nist_coverage(r.controls);
  if (activity != nullptr) r.activity = *activity;
  else r.activity_note = "no audit database given (--audit FILE)";
  return r;
}

}  // namespace bulwark::report
