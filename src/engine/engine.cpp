#include "bulwark/engine.h"

#include <algorithm>
#include <chrono>

#include "detect/model/model_store.h"
#include "engine/redact.h"
#include "engine/rules.h"
#include "text/confusables.h"
#include "text/pipeline.h"
#include "text/utf8.h"

namespace bulwark {

struct CompiledDetector {
  DetectorPtr detector;
  RoleSet roles;
};

struct Engine::Impl {
  Policy policy;
  std::vector<CompiledDetector> detectors;
  engine::RuleTable rules;
  text::PipelineOptions pipeline;
  std::shared_ptr<const text::WordSplitter> splitter;  // pipeline.splitter points here
};

struct Scratch::Impl {
  text::PipelineScratch pipeline;
  ScanContext ctx;
  std::vector<std::unique_ptr<DetectorScratch>> detector_scratch;
  HitSink sink;
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;
Scratch::Scratch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Scratch::~Scratch() = default;

std::string_view version() { return BULWARK_VERSION; }

const Policy& Engine::policy() const { return impl_->policy; }

std::vector<std::string> Engine::detector_ids() const {
  std::vector<std::string> ids;
  for (const auto& d : impl_->detectors) ids.emplace_back(d.detector->id());
  return ids;
}

Result<EnginePtr> Engine::compile(const Policy& policy) {
  BULWARK_RETURN_IF_ERROR(policy.validate());
  auto impl = std::make_unique<Impl>();
  impl->policy = policy;
  impl->rules = engine::RuleTable(policy.rules);
  impl->pipeline.replace_invalid_utf8 = policy.invalid_utf8 == InvalidUtf8Mode::kReplace;
  impl->pipeline.decode = policy.decode;
  impl->splitter = detect::shared_word_splitter();
  impl->pipeline.splitter = impl->splitter.get();
  text::warm_confusables();  // built once per process (ms); not on the first scan

  auto& registry = DetectorRegistry::global();
  std::vector<DetectorConfig> configs;
  if (policy.use_default_detectors) {
    for (const auto& info : registry.all())
      if (info.default_enabled) configs.push_back({info.id, true, std::nullopt, {}});
  }
  for (const auto& cfg : policy.detectors) {
    auto it = std::find_if(configs.begin(), configs.end(),
                           [&](const DetectorConfig& c) { return c.id == cfg.id; });
    if (it != configs.end()) *it = cfg;
    else configs.push_back(cfg);
  }
  for (const auto& cfg : configs) {
    if (!cfg.enabled) continue;
    const DetectorInfo* info = registry.find(cfg.id);
    if (info == nullptr) return invalid_policy(policy.source + ": unknown detector '" + cfg.id + "'");
    DetectorSpec spec{cfg.id, cfg.params, &impl->policy};
    auto det = info->factory(spec);
    if (!det.ok()) return det.status();
    RoleSet roles = cfg.roles ? *cfg.roles : (*det)->default_roles();
    impl->detectors.push_back({std::move(det).value(), roles});
  }
  return EnginePtr(new Engine(std::move(impl)));
}

std::unique_ptr<Scratch> Engine::new_scratch() const {
  auto s = std::make_unique<Scratch::Impl>();
  for (const auto& d : impl_->detectors) s->detector_scratch.push_back(d.detector->new_scratch());
  return std::unique_ptr<Scratch>(new Scratch(std::move(s)));
}

namespace {

using Clock = std::chrono::steady_clock;

uint64_t nanos_since(Clock::time_point t0) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
}

// Two hits of one detector and subtype over overlapping original text are one finding: the
// same phrase matches in the folded, skeleton and collapsed views.
void dedupe(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.detector != b.detector) return a.detector < b.detector;
    if (a.subtype != b.subtype) return a.subtype < b.subtype;
    return a.span.byte_begin < b.span.byte_begin;
  });
  std::vector<Finding> out;
  for (auto& f : findings) {
    if (!out.empty()) {
      Finding& prev = out.back();
      if (prev.detector == f.detector && prev.subtype == f.subtype &&
          f.span.byte_begin < prev.span.byte_end) {
        // Keep the stronger one; prefer the raw view's span on ties (it is tighter).
        bool stronger = f.severity > prev.severity ||
                        (f.severity == prev.severity && f.score > prev.score);
        if (stronger) {
          f.span.byte_begin = std::min(f.span.byte_begin, prev.span.byte_begin);
          prev = std::move(f);
        }
        continue;
      }
    }
    out.push_back(std::move(f));
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return a.span.byte_begin != b.span.byte_begin ? a.span.byte_begin < b.span.byte_begin
                                                   : a.detector < b.detector;
  });
  findings = std::move(out);
}

// Code-point offsets of every span in one pass over the text: counting from the start for
// each finding would cost O(findings x length).
void set_code_point_offsets(std::string_view original, std::vector<Finding>& findings) {
  if (findings.empty()) return;
  std::vector<uint32_t> offsets;
  offsets.reserve(findings.size() * 2);
  for (const Finding& f : findings) {
    offsets.push_back(f.span.byte_begin);
    offsets.push_back(f.span.byte_end);
  }
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  std::vector<uint32_t> counts(offsets.size());
  uint32_t prev = 0, cps = 0;
  for (size_t i = 0; i < offsets.size(); ++i) {
    cps += text::count_code_points(original.substr(prev, offsets[i] - prev));
    counts[i] = cps;
    prev = offsets[i];
  }
  auto cp_at = [&](uint32_t byte) {
    return counts[std::lower_bound(offsets.begin(), offsets.end(), byte) - offsets.begin()];
  };
  for (Finding& f : findings) {
    f.span.cp_begin = cp_at(f.span.byte_begin);
    f.span.cp_end = cp_at(f.span.byte_end);
  }
}

}  // namespace

Result<ScanResult> Engine::scan(const ScanInput& input, Scratch& scratch_outer) const {
  const auto t_start = Clock::now();
  const Policy& policy = impl_->policy;
  if (input.text.size() > policy.max_input_bytes)
    return resource_exhausted("input of " + std::to_string(input.text.size()) +
                              " bytes exceeds the policy limit of " +
                              std::to_string(policy.max_input_bytes) + " bytes");
  Scratch::Impl& s = scratch_outer.impl();
  ScanResult result;
  BULWARK_RETURN_IF_ERROR(text::build_context(input.text, input.role, impl_->pipeline,
                                              s.pipeline, s.ctx, &result.utf8_replaced));
  result.pipeline_nanos = nanos_since(t_start);
  const std::string_view original = s.ctx.original;
  const size_t role_bit = static_cast<size_t>(input.role);
  std::vector<std::pair<uint32_t, uint32_t>> sensitive_spans;
  std::vector<size_t> plain_findings;  // indexes of findings whose evidence is shown unmasked

  for (size_t i = 0; i < impl_->detectors.size(); ++i) {
    const auto& cd = impl_->detectors[i];
    if (!cd.roles.test(role_bit)) continue;
    s.sink.clear();
    const auto t0 = Clock::now();
    Status st = cd.detector->scan(s.ctx, s.detector_scratch[i].get(), s.sink);
    result.timings.push_back({std::string(cd.detector->id()), nanos_since(t0)});
    if (!st.ok()) {
      if (policy.failure_mode == FailureMode::kFailClosed)
        return internal_error("detector " + std::string(cd.detector->id()) + " failed: " +
                              st.message());
      result.detector_errors.push_back(std::string(cd.detector->id()) + ": " + st.message());
      continue;
    }
    if (!s.sink.unread_scripts().empty())
      result.unread.push_back({std::string(cd.detector->id()), s.sink.unread_scripts()});
    if (const auto& below = s.sink.closest_below(); below && s.sink.hits().empty())
      result.below_threshold.push_back({std::string(cd.detector->id()), below->first, std::clamp(below->second, 0.0, 1.0)});
    for (Hit& h : s.sink.hits()) {
      Finding f;
      f.detector = std::string(cd.detector->id());
      f.category = std::move(h.category);
      f.subtype = std::move(h.subtype);
      f.severity = std::clamp(h.severity, 0, 7);
      f.score = std::clamp(h.score, 0.0, 1.0);
      auto [ob, oe] = h.view->to_original(h.begin, h.end);
      ob = std::min<uint32_t>(ob, static_cast<uint32_t>(original.size()));
      oe = std::clamp<uint32_t>(oe, ob, static_cast<uint32_t>(original.size()));
      f.span.byte_begin = ob;
      f.span.byte_end = oe;
      f.via = h.view->name == "raw" ? "" : h.view->name;
      f.evidence = engine::evidence_snippet(
          h.view->identity() ? original.substr(ob, oe - ob)
                             : std::string_view(h.view->text).substr(h.begin, h.end - h.begin),
          h.sensitive);
      if (h.sensitive) {
        sensitive_spans.emplace_back(ob, oe);
      } else {
        plain_findings.push_back(result.findings.size());
      }
      result.findings.push_back(std::move(f));
    }
  }
  if (!sensitive_spans.empty()) {
    for (size_t i : plain_findings) {
      Finding& f = result.findings[i];
      for (auto [b, e] : sensitive_spans) {
        if (b < f.span.byte_end && f.span.byte_begin < e) {
          f.evidence = engine::evidence_masking(original, f.span.byte_begin, f.span.byte_end,
                                                sensitive_spans);
          break;
        }
      }
    }
  }
  dedupe(result.findings);
  set_code_point_offsets(original, result.findings);
  for (Finding& f : result.findings) {
    f.action = impl_->rules.action_for(f, input.role);
    result.decision = std::max(result.decision, f.action);
  }
  if (result.decision == Action::kRedact)
    result.redacted_text = engine::redact(original, result.findings, policy.redaction);
  result.total_nanos = nanos_since(t_start);
  return result;
}

}  // namespace bulwark
