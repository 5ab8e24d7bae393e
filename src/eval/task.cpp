#include "eval/task.h"

#include <algorithm>

namespace bulwark::eval {

std::optional<Task> parse_task(std::string_view name) {
  if (name == "injection") return Task::kInjection;
  if (name == "indirect") return Task::kIndirect;
  if (name == "harm") return Task::kHarm;
  if (name == "benign") return Task::kBenign;
  return std::nullopt;
}

std::string_view task_name(Task t) {
  switch (t) {
    case Task::kInjection: return "injection";
    case Task::kIndirect: return "indirect";
    case Task::kHarm: return "harm";
    case Task::kBenign: return "benign";
  }
  return "benign";
}

Role task_role(Task t) { return t == Task::kIndirect ? Role::kDocument : Role::kUser; }

bool is_positive_label(Task t, std::string_view label) {
  switch (t) {
    case Task::kInjection: return label == "injection" || label == "jailbreak";
    case Task::kIndirect: return label == "injection";
    case Task::kHarm: return label == "harmful";
    case Task::kBenign: return false;
  }
  return false;
}

bool is_task_detector(Task t, std::string_view d) {
  switch (t) {
    case Task::kInjection: return d == "attack.heuristics" || d == "model.prompt_attack";
    case Task::kIndirect: return d == "attack.heuristics" || d == "model.document_attack";
    case Task::kHarm: return d == "model.harm" || d == "harm.hazards";
    case Task::kBenign: return true;
  }
  return false;
}

namespace {

bool is_relevant(Task t, std::string_view detector, std::string_view category) {
  if (!is_task_detector(t, detector)) return false;
  switch (t) {
    case Task::kInjection:
    case Task::kIndirect: return category == "prompt_attack";
    case Task::kHarm: return category == "harm" || category.rfind("harm/", 0) == 0;
    case Task::kBenign: return true;
  }
  return false;
}

}  // namespace

bool is_relevant(Task t, const Finding& f) { return is_relevant(t, f.detector, f.category); }

Verdict judge(Task t, const ScanResult& r, Action min_action) {
  Verdict v;
  if (t == Task::kBenign) v.flagged = r.decision >= min_action;
  for (const UnreadText& u : r.unread) v.unread = v.unread || is_task_detector(t, u.detector);
  for (const Finding& f : r.findings) {
    if (!is_relevant(t, f)) continue;
    v.score = std::max(v.score, f.score);
    if (f.action >= min_action) v.flagged = true;
  }
  // A model that stayed under its threshold still ranked the text: a miss at 0.45 is not a miss
  // at 0.01, and AUPRC must see the difference.
  for (const BelowThreshold& b : r.below_threshold)
    if (is_relevant(t, b.detector, b.category)) v.score = std::max(v.score, b.score);
  return v;
}

}  // namespace bulwark::eval
