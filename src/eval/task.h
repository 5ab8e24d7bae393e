// eval/task.h — what "flagged" means for each dataset task of `bulwark eval`.
//
//   injection  role user;     findings of category prompt_attack from attack.heuristics or
//                             model.prompt_attack
//   indirect   role document; findings of category prompt_attack from attack.heuristics or
//                             model.document_attack
//   harm       role user;     findings of category harm or harm/* from model.harm
//   benign     role user;     any finding (the scan's decision)
//
// A record is flagged when one of its relevant findings takes at least `min_action` under the
// policy (default block: what the policy would enforce), so the policy's thresholds and
// severities count. Its score (for AUPRC) is the highest score among the relevant findings
// whatever their action, and the relevant scores that stayed under a model's threshold
// (ScanResult::below_threshold: 0.5 is the threshold), 0 when there are none.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string_view>

#include "bulwark/engine.h"
#include "bulwark/types.h"

namespace bulwark::eval {

enum class Task { kInjection, kIndirect, kHarm, kBenign };

std::optional<Task> parse_task(std::string_view name);
std::string_view task_name(Task t);
Role task_role(Task t);

// True when the dataset label marks an attack or harmful content for `t` ("injection",
// "jailbreak", "harmful"); "benign" and "safe" are negatives.
bool is_positive_label(Task t, std::string_view label);

// True when detector `d` counts for `t` (the table above; every detector for benign).
bool is_task_detector(Task t, std::string_view d);
// True when a finding counts for `t` (detector and category as in the table above).
bool is_relevant(Task t, const Finding& f);

struct Verdict {
  bool flagged = false;
  double score = 0.0;
  // A detector that counts for the task left part of the text unread (scripts a learned model
  // has no ordinary training text in; ScanResult::unread).
  bool unread = false;
};

Verdict judge(Task t, const ScanResult& r, Action min_action = Action::kBlock);

}  // namespace bulwark::eval
