// report/coverage.h — judges each Bulwark control against a Posture (as configured, not as
// possible) and then each row of the responsibility matrix from the controls it names.
//
// A control is `active` when the configuration really enforces it (e.g. prompt filtering: a
// prompt-attack detector runs on user turns AND the policy blocks what it finds there),
// `partial` when part of it is there (detects but only annotates; some keys but not all), and
// `off` otherwise. Every control that is not active carries the gap and a configuration
// snippet that would close it.
//
// Example:
//   auto controls = report::evaluate_controls(posture, incident_store);
//   auto rows = report::evaluate_matrix(report::Deployment::kPaas, controls);
//
// Thread-safety: pure functions over plain values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bulwark/types.h"
#include "report/matrix.h"
#include "report/posture.h"

namespace bulwark::report {

enum class ControlState { kActive, kPartial, kOff };
std::string_view control_state_name(ControlState s);   // active | partial | off

struct ControlResult {
  std::string id;          // stable id, e.g. "prompt_attack_filter"
  std::string name;        // for people
  ControlState state = ControlState::kOff;
  std::string evidence;    // what in the configuration makes it so
  std::string gap;         // what is missing; empty when active
  std::string fix;         // the snippet that closes the gap; empty when active
  std::string fix_target;  // where the snippet goes: "gateway config" | "policy" | "command"
};

// Whether the audit database has an incident store (another component owns the table).
enum class IncidentStore { kUnknown, kAbsent, kPresent };

// Every control, in a fixed order.
std::vector<ControlResult> evaluate_controls(const Posture& posture, IncidentStore incidents);
const ControlResult* find_control(const std::vector<ControlResult>& controls, std::string_view id);

// The strongest action the policy gives a finding of `category` on `role` when the finding is
// as severe and as certain as it gets (severity 7, score 1): what the rules *can* do there.
Action best_action(const Policy& policy, std::string_view category, Role role);
// Whether an enabled detector (with its model, if it needs one) reports `category` on `role`.
bool detects(const Posture& posture, std::string_view category, Role role);

enum class RowState { kCovered, kPartial, kGap, kOutside, kProvider };
std::string_view row_state_name(RowState s);   // covered | partial | gap | outside | provider

struct RowCoverage {
  const MatrixRow* row = nullptr;
  Owner owner = Owner::kCustomer;
  RowState state = RowState::kGap;
  std::vector<std::string> active, partial, missing;   // control ids, by their state
  std::vector<std::string> depth;   // optional controls that are active (defence in depth)
};

// Customer and shared rows are judged on their required controls; provider rows are listed with
// the controls that add depth there.
std::vector<RowCoverage> evaluate_matrix(Deployment deployment, const std::vector<ControlResult>& controls);

}  // namespace bulwark::report
