#include <nlohmann/json.hpp>

#include "report/render.h"

namespace bulwark::report {

namespace {

using nlohmann::json;

json strings(const std::vector<std::string>& v) { return json(v); }
json views(const std::vector<std::string_view>& v) {
  json a = json::array();
  for (auto s : v) a.push_back(std::string(s));
  return a;
}

json activity_json(const Activity& a) {
  json days = json::array();
  for (const auto& d : a.days) days.push_back({{"day", d.day}, {"decisions", d.decisions}, {"categories", d.categories}});
  json top = json::array();
  for (const auto& i : a.top_blocked)
    top.push_back({{"key_id", i.key_id}, {"tenant", i.tenant}, {"app", i.app}, {"user", i.user},
                   {"blocked", i.blocked}, {"requests", i.requests}});
  json unread = json::array();
  for (const auto& [script, u] : a.unread)
    unread.push_back({{"script", script}, {"requests", u.requests}, {"detectors", u.detectors}});
  json open = json::array();
  for (const auto& inc : a.open_incidents) {
    json o = json::object();
    for (const auto& [k, v] : inc.fields) o[k] = v;
    open.push_back(o);
  }
  return {{"db", a.db_path},
          {"since", a.since_ms ? json(iso_utc(*a.since_ms)) : json(nullptr)},
          {"requests", a.requests},
          {"first", a.requests ? json(iso_utc(a.first_ms)) : json(nullptr)},
          {"last", a.requests ? json(iso_utc(a.last_ms)) : json(nullptr)},
          {"decisions", a.decisions},
          {"categories", a.categories},
          {"days", days},
          {"top_blocked", top},
          {"unreadable_findings", a.unreadable_findings},
          {"unread", unread},
          {"incidents", {{"store", a.incident_store}, {"open", open}}}};
}

}  // namespace

std::string render_json(const Report& r) {
  json j;
  j["schema"] = kReportSchema;
  j["generated"] = iso_utc(r.generated_ms);
  j["deployment"] = {{"id", std::string(deployment_name(r.deployment))},
                     {"title", std::string(deployment_title(r.deployment))}};
  j["config"] = {{"source", r.config_source.empty() ? json(nullptr) : json(r.config_source)},
                 {"policy", r.policy_source}};

  json dets = json::array();
  for (const auto& d : r.detectors) {
    json roles = json::array();
    for (int i = 0; i < kRoleCount; ++i)
      if (d.roles.test(static_cast<size_t>(i))) roles.push_back(std::string(role_name(static_cast<Role>(i))));
    dets.push_back({{"id", d.id}, {"category", d.category}, {"roles", roles}, {"model_missing", d.model_missing}});
  }
  j["detectors"] = dets;

  json controls = json::array();
  std::map<std::string, int> control_counts{{"active", 0}, {"partial", 0}, {"off", 0}};
  for (const auto& c : r.controls) {
    ++control_counts[std::string(control_state_name(c.state))];
    json o = {{"id", c.id},       {"name", c.name}, {"state", std::string(control_state_name(c.state))},
              {"evidence", c.evidence}, {"gap", c.gap},   {"fix", c.fix},
              {"fix_target", c.fix_target}};
    if (const ControlMapping* m = mapping_for(c.id)) {
      o["owasp"] = views(m->owasp);
      o["atlas_tactics"] = views(m->atlas_tactics);
      o["atlas_techniques"] = views(m->atlas_techniques);
      o["nist"] = views(m->nist);
    }
    controls.push_back(o);
  }
  j["controls"] = controls;

  json matrix = json::array();
  std::map<std::string, int> row_counts{{"covered", 0}, {"partial", 0}, {"gap", 0}, {"outside", 0}, {"provider", 0}};
  for (const auto& m : r.matrix) {
    ++row_counts[std::string(row_state_name(m.state))];
    matrix.push_back({{"id", std::string(m.row->id)},
                      {"layer", std::string(m.row->layer)},
                      {"title", std::string(m.row->title)},
                      {"owner", std::string(owner_name(m.owner))},
                      {"state", std::string(row_state_name(m.state))},
                      {"controls", {{"active", strings(m.active)}, {"partial", strings(m.partial)},
                                    {"missing", strings(m.missing)}}},
                      {"depth", strings(m.depth)},
                      {"outside", std::string(m.row->outside)}});
  }
  j["matrix"] = matrix;
  j["summary"] = {{"rows", row_counts}, {"controls", control_counts}};

  json owasp = json::array();
  for (const auto& o : r.owasp)
    owasp.push_back({{"id", std::string(o.item->id)}, {"name", std::string(o.item->name)}, {"active", o.active},
                     {"partial", o.partial}, {"off", o.off}, {"note", std::string(o.note)}});
  auto atlas = [](const std::vector<AtlasCoverage>& v) {
    json a = json::array();
    for (const auto& t : v)
      a.push_back({{"id", std::string(t.item->id)}, {"name", std::string(t.item->name)}, {"controls", t.active}});
    return a;
  };
  json nist = json::array();
  for (const auto& n : r.nist)
    nist.push_back({{"id", std::string(n.item->id)}, {"name", std::string(n.item->name)}, {"controls", n.active},
                    {"note", std::string(n.note)}});
  j["frameworks"] = {{"owasp_llm_2025", owasp},
                     {"mitre_atlas", {{"tactics", atlas(atlas_tactic_coverage(r.controls))},
                                      {"techniques", atlas(atlas_technique_coverage(r.controls))}}},
                     {"nist_ai_rmf", nist}};
  j["activity"] = r.activity ? activity_json(*r.activity) : json(nullptr);
  j["activity_note"] = r.activity_note;
  return j.dump(2) + "\n";
}

}  // namespace bulwark::report
