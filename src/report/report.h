// report/report.h — a posture report: the responsibility matrix for one deployment model
// judged against the configuration as it would run, the controls mapped to OWASP LLM Top 10
// (2025), MITRE ATLAS and NIST AI RMF, and (with an audit database) what happened.
//
// Example:
//   auto r = report::build_report(report::Deployment::kPaas, posture, activity);
//   std::cout << report::render_markdown(r);
//
// Renderers (render.h) turn it into Markdown, one self-contained HTML file, or JSON whose
// schema is documented in docs/report.md (`schema: "bulwark.report/v1"`).
// Thread-safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/activity.h"
#include "report/coverage.h"
#include "report/frameworks.h"
#include "report/matrix.h"
#include "report/posture.h"

namespace bulwark::report {

inline constexpr const char* kReportSchema = "bulwark.report/v1";

struct Report {
  Deployment deployment = Deployment::kPaas;
  int64_t generated_ms = 0;
  std::string config_source;    // the gateway config file, or "" for the defaults
  std::string policy_source;    // the policy file, or the built-in default's name
  std::vector<DetectorFacts> detectors;
  std::vector<ControlResult> controls;
  std::vector<RowCoverage> matrix;
  std::vector<OwaspCoverage> owasp;
  std::vector<NistCoverage> nist;
  std::optional<Activity> activity;   // absent without --audit
  std::string activity_note;          // why there is no activity section
};

// `activity` may be null (no audit database given).
Report build_report(Deployment deployment, const Posture& posture, const Activity* activity, int64_t now_ms);

}  // namespace bulwark::report
