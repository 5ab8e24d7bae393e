// Loads a policy from YAML. Every error names the file, the line and the field; unknown
// fields are errors (a typo must not silently disable a control).
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "bulwark/policy.h"
#include "respond/config.h"
#include "text/utf8.h"

namespace bulwark {
namespace {

class Loader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  Status error(const YAML::Node& node, const std::string& field, const std::string& msg) const {
    std::string where = file_;
    if (node.IsDefined() && node.Mark().line >= 0)
      where += ":" + std::to_string(node.Mark().line + 1);
    return invalid_policy(where + ": " + field + ": " + msg);
  }

  Status check_keys(const YAML::Node& map, const std::string& path,
                    const std::set<std::string>& allowed) const {
    if (!map.IsMap()) return error(map, path, "expected a mapping");
    for (const auto& kv : map) {
      std::string key = kv.first.as<std::string>();
      if (!allowed.count(key)) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        return error(kv.first, path.empty() ? key : path + "." + key,
                     "unknown field (expected one of: " + list + ")");
      }
    }
    return {};
  }

  template <typename T>
  Status scalar(const YAML::Node& node, const std::string& field, T& out) const {
    if (!node.IsScalar()) return error(node, field, "expected a scalar value");
    try {
      out = node.as<T>();
    } catch (const YAML::Exception&) {
      return error(node, field, "invalid value '" + node.Scalar() + "'");
    }
    return {};
  }

  Status roles(const YAML::Node& node, const std::string& field, RoleSet& out) const {
    if (!node.IsSequence()) return error(node, field, "expected a list of roles");
    out.reset();
    for (const auto& r : node) {
      if (!r.IsScalar()) return error(r, field, "expected a role name");
      auto role = parse_role(r.Scalar());
      if (!role)
        return error(r, field, "unknown role '" + r.Scalar() +
                                   "' (system, user, assistant, document, tool_call, tool_result)");
      out.set(static_cast<size_t>(*role));
    }
    return {};
  }

  Status load(const YAML::Node& root, Policy& p) {
    if (!root.IsDefined() || root.IsNull()) return invalid_policy(file_ + ": empty policy");
    BULWARK_RETURN_IF_ERROR(check_keys(root, "", {"version", "name", "invalid_utf8", "failure_mode",
                                                  "redaction", "max_input_bytes", "decode",
                                                  "use_default_detectors", "detectors", "rules",
                                                  "blocklists", "respond"}));
    if (!root["version"]) return error(root, "version", "missing (this build reads version: 1)");
    BULWARK_RETURN_IF_ERROR(scalar(root["version"], "version", p.version));
    if (p.version != 1)
      return error(root["version"], "version", "unsupported version " + std::to_string(p.version) +
                                                   " (this build reads version: 1)");
    if (root["name"]) BULWARK_RETURN_IF_ERROR(scalar(root["name"], "name", p.name));
    if (auto r = root["respond"]) {
      BULWARK_RETURN_IF_ERROR(check_keys(r, "respond", {"scores"}));
      if (!r["scores"])
        return error(r, "respond", "set scores (the window, throttle and suspension times and alerts are the gateway's)");
      std::vector<ResponseScore> scores;
      if (Status st = respond::parse_score_rules(file_, r["scores"], scores); !st.ok()) return invalid_policy(st.message());
      p.respond_scores = std::move(scores);
    }
    if (auto n = root["invalid_utf8"]) {
      std::string v;
      BULWARK_RETURN_IF_ERROR(scalar(n, "invalid_utf8", v));
      if (v == "reject") p.invalid_utf8 = InvalidUtf8Mode::kReject;
      else if (v == "replace") p.invalid_utf8 = InvalidUtf8Mode::kReplace;
      else return error(n, "invalid_utf8", "expected reject or replace, got '" + v + "'");
    }
    if (auto n = root["failure_mode"]) {
      std::string v;
      BULWARK_RETURN_IF_ERROR(scalar(n, "failure_mode", v));
      if (v == "fail_closed") p.failure_mode = FailureMode::kFailClosed;
      else if (v == "fail_open") p.failure_mode = FailureMode::kFailOpen;
      else return error(n, "failure_mode", "expected fail_closed or fail_open, got '" + v + "'");
    }
    if (auto n = root["redaction"]) {
      std::string v;
      BULWARK_RETURN_IF_ERROR(scalar(n, "redaction", v));
      if (v == "placeholder") p.redaction = RedactionMode::kPlaceholder;
      else if (v == "mask") p.redaction = RedactionMode::kMask;
      else if (v == "hash") p.redaction = RedactionMode::kHash;
      else return error(n, "redaction", "expected placeholder, mask or hash, got '" + v + "'");
    }
    if (auto n = root["max_input_bytes"])
      BULWARK_RETURN_IF_ERROR(scalar(n, "max_input_bytes", p.max_input_bytes));
    if (auto n = root["use_default_detectors"])
      BULWARK_RETURN_IF_ERROR(scalar(n, "use_default_detectors", p.use_default_detectors));
    if (auto d = root["decode"]) {
      BULWARK_RETURN_IF_ERROR(check_keys(d, "decode", {"max_depth", "max_decoded_bytes", "min_encoded_len"}));
      if (d["max_depth"]) BULWARK_RETURN_IF_ERROR(scalar(d["max_depth"], "decode.max_depth", p.decode.max_depth));
      if (d["max_decoded_bytes"])
        BULWARK_RETURN_IF_ERROR(scalar(d["max_decoded_bytes"], "decode.max_decoded_bytes", p.decode.max_decoded_bytes));
      if (d["min_encoded_len"])
        BULWARK_RETURN_IF_ERROR(scalar(d["min_encoded_len"], "decode.min_encoded_len", p.decode.min_encoded_len));
    }
    if (auto d = root["detectors"]) BULWARK_RETURN_IF_ERROR(detectors(d, p));
    if (auto r = root["rules"]) BULWARK_RETURN_IF_ERROR(rules(r, p));
    if (auto b = root["blocklists"]) BULWARK_RETURN_IF_ERROR(blocklists(b, p));
    return {};
  }

  Status detectors(const YAML::Node& node, Policy& p) {
    if (!node.IsMap()) return error(node, "detectors", "expected a mapping of detector id to settings");
    for (const auto& kv : node) {
      DetectorConfig cfg;
      cfg.id = kv.first.as<std::string>();
      const std::string path = "detectors." + cfg.id;
      const YAML::Node& v = kv.second;
      if (v.IsScalar()) {  // shorthand: `pii.email: false`
        BULWARK_RETURN_IF_ERROR(scalar(v, path, cfg.enabled));
      } else if (!v.IsNull()) {
        BULWARK_RETURN_IF_ERROR(check_keys(v, path, {"enabled", "roles", "params"}));
        if (v["enabled"]) BULWARK_RETURN_IF_ERROR(scalar(v["enabled"], path + ".enabled", cfg.enabled));
        if (v["roles"]) {
          RoleSet rs;
          BULWARK_RETURN_IF_ERROR(roles(v["roles"], path + ".roles", rs));
          cfg.roles = rs;
        }
        if (auto pr = v["params"]) {
          if (!pr.IsMap()) return error(pr, path + ".params", "expected a mapping");
          for (const auto& pkv : pr) {
            std::string key = pkv.first.as<std::string>();
            if (!pkv.second.IsScalar()) return error(pkv.second, path + ".params." + key, "expected a scalar");
            cfg.params[key] = pkv.second.Scalar();
          }
        }
      }
      if (!DetectorRegistry::global().find(cfg.id)) {
        std::string known;
        for (const auto& info : DetectorRegistry::global().all()) known += (known.empty() ? "" : ", ") + info.id;
        return error(kv.first, path, "unknown detector (known: " + known + ")");
      }
      p.detectors.push_back(std::move(cfg));
    }
    return {};
  }

  Status rules(const YAML::Node& node, Policy& p) {
    if (!node.IsSequence()) return error(node, "rules", "expected a list");
    size_t i = 0;
    for (const auto& r : node) {
      const std::string path = "rules[" + std::to_string(i++) + "]";
      BULWARK_RETURN_IF_ERROR(check_keys(r, path, {"category", "action", "min_severity", "threshold", "roles"}));
      CategoryRule rule;
      if (!r["category"]) return error(r, path + ".category", "missing");
      BULWARK_RETURN_IF_ERROR(scalar(r["category"], path + ".category", rule.category));
      if (!r["action"]) return error(r, path + ".action", "missing");
      std::string action;
      BULWARK_RETURN_IF_ERROR(scalar(r["action"], path + ".action", action));
      auto a = parse_action(action);
      if (!a) return error(r["action"], path + ".action", "expected allow, annotate, redact or block, got '" + action + "'");
      rule.action = *a;
      if (r["min_severity"]) {
        BULWARK_RETURN_IF_ERROR(scalar(r["min_severity"], path + ".min_severity", rule.min_severity));
        if (rule.min_severity < 0 || rule.min_severity > 7)
          return error(r["min_severity"], path + ".min_severity", "must be 0..7");
      }
      if (r["threshold"]) {
        BULWARK_RETURN_IF_ERROR(scalar(r["threshold"], path + ".threshold", rule.threshold));
        if (rule.threshold < 0 || rule.threshold > 1)
          return error(r["threshold"], path + ".threshold", "must be between 0 and 1");
      }
      if (r["roles"]) {
        RoleSet rs;
        BULWARK_RETURN_IF_ERROR(roles(r["roles"], path + ".roles", rs));
        rule.roles = rs;
      }
      p.rules.push_back(std::move(rule));
    }
    return {};
  }

  Status blocklists(const YAML::Node& node, Policy& p) {
    if (!node.IsSequence()) return error(node, "blocklists", "expected a list");
    size_t i = 0;
    for (const auto& b : node) {
      const std::string path = "blocklists[" + std::to_string(i++) + "]";
      BULWARK_RETURN_IF_ERROR(check_keys(b, path, {"name", "terms", "regexes"}));
      Blocklist bl;
      if (!b["name"]) return error(b, path + ".name", "missing");
      BULWARK_RETURN_IF_ERROR(scalar(b["name"], path + ".name", bl.name));
      for (const char* key : {"terms", "regexes"}) {
        auto list = b[key];
        if (!list) continue;
        if (!list.IsSequence()) return error(list, path + "." + key, "expected a list of strings");
        size_t j = 0;
        for (const auto& t : list) {
          const std::string ipath = path + "." + key + "[" + std::to_string(j++) + "]";
          if (!t.IsScalar()) return error(t, ipath, "expected a string");
          if (t.Scalar().empty()) return error(t, ipath, "empty item");
          if (text::validate_utf8(t.Scalar()).ok() &&  // validate() reports bad UTF-8
              text::count_code_points(t.Scalar()) > kMaxBlocklistItemChars)
            return error(t, ipath, "longer than " + std::to_string(kMaxBlocklistItemChars) + " characters");
          (std::string(key) == "terms" ? bl.terms : bl.regexes).push_back(t.Scalar());
        }
      }
      if (bl.terms.size() + bl.regexes.size() > kMaxBlocklistTerms)
        return error(b, path, "more than " + std::to_string(kMaxBlocklistTerms) + " items");
      p.blocklists.push_back(std::move(bl));
    }
    return {};
  }

 private:
  std::string file_;
};

}  // namespace

Result<Policy> parse_policy_yaml(std::string_view yaml, std::string_view filename) {
  Policy p = Policy::defaults();
  p.rules.clear();  // a policy file states its own rules; defaults fill in only when it has none
  p.source = std::string(filename);
  Loader loader{std::string(filename)};
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    BULWARK_RETURN_IF_ERROR(loader.load(root, p));
  } catch (const YAML::ParserException& e) {
    return invalid_policy(std::string(filename) + ":" + std::to_string(e.mark.line + 1) +
                          ": YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    return invalid_policy(std::string(filename) + ": " + e.what());
  }
  if (p.rules.empty()) p.rules = Policy::defaults().rules;
  BULWARK_RETURN_IF_ERROR(p.validate());
  return p;
}

Result<Policy> load_policy_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot open policy file '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_policy_yaml(ss.str(), path);
}

namespace {

// Azure AI Content Safety's rules for a blocklist: a name of at most 64 characters from
// [0-9A-Za-z._~-] (it becomes the finding's subtype), items of 1..128 code points.
Status validate_blocklist(const std::string& source, const Blocklist& b) {
  if (b.name.empty() || b.name.size() > 64 ||
      b.name.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._~-") !=
          std::string::npos)
    return invalid_policy(source + ": blocklist name '" + b.name +
                          "' must be 1..64 characters from 0-9 A-Z a-z . _ ~ -");
  for (const auto* items : {&b.terms, &b.regexes}) {
    const char* kind = items == &b.terms ? "terms" : "regexes";
    for (size_t i = 0; i < items->size(); ++i) {
      const std::string& item = (*items)[i];
      const std::string where = source + ": blocklist '" + b.name + "' " + kind + "[" +
                                std::to_string(i) + "]";
      if (item.empty()) return invalid_policy(where + ": empty item");
      if (!text::validate_utf8(item).ok()) return invalid_policy(where + ": not valid UTF-8");
      const uint32_t n = text::count_code_points(item);
      if (n > kMaxBlocklistItemChars)
        return invalid_policy(where + ": " + std::to_string(n) + " characters, longer than the " +
                              std::to_string(kMaxBlocklistItemChars) + " allowed");
    }
  }
  return {};
}

}  // namespace

Status Policy::validate() const {
  if (version != 1) return invalid_policy(source + ": unsupported version " + std::to_string(version));
  if (max_input_bytes == 0) return invalid_policy(source + ": max_input_bytes must be positive");
  if (decode.max_depth < 0 || decode.max_depth > 8)
    return invalid_policy(source + ": decode.max_depth must be 0..8");
  std::set<std::string> names;
  size_t total_items = 0;
  for (const auto& b : blocklists) {
    if (!names.insert(b.name).second)
      return invalid_policy(source + ": blocklist '" + b.name + "' is defined twice");
    BULWARK_RETURN_IF_ERROR(validate_blocklist(source, b));
    total_items += b.terms.size() + b.regexes.size();
  }
  // Azure AI Content Safety's limit is 10,000 items across all lists of a resource.
  if (total_items > kMaxBlocklistTerms)
    return invalid_policy(source + ": blocklists hold " + std::to_string(total_items) +
                          " items in all, more than the " + std::to_string(kMaxBlocklistTerms) +
                          " allowed");
  for (const auto& r : rules) {
    if (r.category.empty()) return invalid_policy(source + ": a rule has an empty category");
  }
  return {};
}

std::string_view redaction_mode_name(RedactionMode m) {
  switch (m) {
    case RedactionMode::kPlaceholder: return "placeholder";
    case RedactionMode::kMask: return "mask";
    case RedactionMode::kHash: return "hash";
  }
  return "placeholder";
}

}  // namespace bulwark
