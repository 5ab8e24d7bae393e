#include <sstream>

#include "report/render.h"
#include "report/render_util.h"

namespace bulwark::report {

namespace {

using internal::join;

// Table cells: a pipe or a newline would break the row.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out.empty() ? "–" : out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string row_controls(const RowCoverage& m) {
  std::vector<std::string> parts;
  if (!m.active.empty()) parts.push_back("active: " + join(m.active));
  if (!m.partial.empty()) parts.push_back("partial: " + join(m.partial));
  if (!m.missing.empty()) parts.push_back("missing: " + join(m.missing));
  if (!m.depth.empty()) parts.push_back("also: " + join(m.depth));
  return join(parts, "; ");
}

std::vector<std::string> svs(const std::vector<std::string_view>& v) { return {v.begin(), v.end()}; }

void activity_section(std::ostream& os, const Report& r) {
  os << "## Activity\n\n";
  if (!r.activity) {
    os << "Not included: " << r.activity_note << ".\n\n";
    return;
  }
  const Activity& a = *r.activity;
  os << "From `" << a.db_path << "` (read-only)"
     << (a.since_ms ? ", since " + iso_utc(*a.since_ms) : std::string(", all rows")) << ": " << a.requests
     << " request(s)";
  if (a.requests > 0) os << " from " << iso_utc(a.first_ms) << " to " << iso_utc(a.last_ms);
  os << ".\n\n";
  if (a.requests > 0) {
    const auto dcols = internal::decision_columns(a);
    os << "### Decisions per day\n\n| day | requests |";
    for (const auto& c : dcols) os << " " << c << " |";
    os << "\n|---|---:|";
    for (size_t i = 0; i < dcols.size(); ++i) os << "---:|";
    os << "\n";
    for (const auto& d : a.days) {
      int64_t total = 0;
      for (const auto& [k, n] : d.decisions) total += n;
      os << "| " << d.day << " | " << total << " |";
      for (const auto& c : dcols) os << " " << (d.decisions.count(c) ? d.decisions.at(c) : 0) << " |";
      os << "\n";
    }
    const auto ccols = internal::category_columns(a);
    os << "\n### Findings that took an action, per category and day\n\n";
    if (ccols.empty()) {
      os << "No finding took an action in this window.\n";
    } else {
      os << "Requests with at least one such finding of the category.\n\n| day |";
      for (const auto& c : ccols) os << " " << c << " |";
      os << "\n|---|";
      for (size_t i = 0; i < ccols.size(); ++i) os << "---:|";
      os << "\n";
      for (const auto& d : a.days) {
        os << "| " << d.day << " |";
        for (const auto& c : ccols) os << " " << (d.categories.count(c) ? d.categories.at(c) : 0) << " |";
        os << "\n";
      }
    }
    if (a.unreadable_findings > 0) os << "\n" << a.unreadable_findings << " row(s) had unreadable findings.\n";
    if (!a.unread.empty()) {
      os << "\n### Text a model did not judge\n\n"
            "Requests with text in a script the named model detectors have no ordinary training text in: "
            "that text was not scored by them (rules still ran). An empty finding list there is not a clean "
            "result.\n\n| script | requests | detectors |\n|---|---:|---|\n";
      for (const auto& [script, u] : a.unread)
        os << "| " << cell(script) << " | " << u.requests << " | "
           << cell(join(std::vector<std::string>(u.detectors.begin(), u.detectors.end()), ", ")) << " |\n";
    }
    os << "\n### Top identities by blocked requests\n\n";
    if (a.top_blocked.empty()) {
      os << "No identified request was blocked.\n";
    } else {
      os << "| key | tenant | app | user | blocked | requests |\n|---|---|---|---|---:|---:|\n";
      for (const auto& i : a.top_blocked)
        os << "| " << cell(i.key_id) << " | " << cell(i.tenant) << " | " << cell(i.app) << " | " << cell(i.user)
           << " | " << i.blocked << " | " << i.requests << " |\n";
    }
  }
  os << "\n### Open incidents\n\n";
  if (!a.incident_store) {
    os << "No incident store: this database has no `incidents` table.\n\n";
  } else if (a.open_incidents.empty()) {
    os << "None open.\n\n";
  } else {
    for (const auto& inc : a.open_incidents) {
      std::vector<std::string> kv;
      for (const auto& [k, v] : inc.fields) kv.push_back(k + "=" + v);
      os << "- " << cell(join(kv, ", ")) << "\n";
    }
    os << "\n";
  }
}

}  // namespace

std::string render_markdown(const Report& r) {
  std::ostringstream os;
  os << "# Bulwark posture report: " << deployment_title(r.deployment) << "\n\n";
  os << "Generated " << iso_utc(r.generated_ms) << " from gateway config "
     << (r.config_source.empty() ? "(none: `bulwark serve` defaults)" : "`" + r.config_source + "`") << " and policy `"
     << r.policy_source << "`.\n\n";
  os << internal::headline(r) << "\n\n";

  os << "## Responsibility matrix (" << upper(deployment_name(r.deployment)) << ")\n\n";
  os << "| layer | responsibility | owner | Bulwark's part, as configured | controls | outside Bulwark |\n"
        "|---|---|---|---|---|---|\n";
  for (const auto& m : r.matrix) {
    std::string state = upper(row_state_name(m.state));
    if (m.state == RowState::kProvider) state = m.active.empty() ? "provider's" : "provider's (depth)";
    os << "| " << m.row->layer << " | " << m.row->title << " | " << owner_name(m.owner) << " | " << state << " | "
       << cell(row_controls(m)) << " | " << cell(std::string(m.row->outside)) << " |\n";
  }
  os << "\nCOVERED: every required control is active; PARTIAL: some are; GAP: none is; OUTSIDE: nothing a gateway "
        "can do. Provider rows list the active controls that add defence in depth.\n\n";

  os << "## Gaps and how to close them\n\n";
  auto gaps = internal::gaps(r);
  if (gaps.empty()) os << "Every control is active.\n\n";
  for (const auto& g : gaps) {
    const auto& c = *g.control;
    os << "### " << c.name << " (`" << c.id << "`): " << control_state_name(c.state) << "\n\n";
    os << "- Now: " << c.evidence << "\n";
    if (!c.gap.empty()) os << "- Missing: " << c.gap << "\n";
    os << "- Leaves open: " << (g.rows.empty() ? "no customer row (defence in depth)" : join(g.rows, "; ")) << "\n";
    if (!c.fix.empty()) {
      os << "- Fix (" << c.fix_target << "):\n\n";
      os << (c.fix_target == "command" ? "```sh\n" : "```yaml\n") << c.fix << "```\n";
    }
    os << "\n";
  }

  os << "## Controls as configured\n\n| control | state | evidence | OWASP LLM 2025 | MITRE ATLAS | NIST AI RMF |\n"
        "|---|---|---|---|---|---|\n";
  for (const auto& c : r.controls) {
    const ControlMapping* m = mapping_for(c.id);
    std::vector<std::string> atlas = m ? svs(m->atlas_tactics) : std::vector<std::string>{};
    if (m) for (auto t : m->atlas_techniques) atlas.emplace_back(t);
    os << "| " << c.name << " (`" << c.id << "`) | " << control_state_name(c.state) << " | " << cell(c.evidence)
       << " | " << cell(m ? join(svs(m->owasp)) : "") << " | " << cell(join(atlas)) << " | "
       << cell(m ? join(svs(m->nist)) : "") << " |\n";
  }

  os << "\n## Frameworks\n\nThe control-to-framework mapping is Bulwark's own (not an official crosswalk).\n\n";
  os << "### OWASP Top 10 for LLM Applications 2025\n\n| ID | risk | active | partial | off | note |\n"
        "|---|---|---|---|---|---|\n";
  for (const auto& o : r.owasp)
    os << "| " << o.item->id << " | " << o.item->name << " | " << cell(join(o.active)) << " | "
       << cell(join(o.partial)) << " | " << cell(join(o.off)) << " | " << cell(std::string(o.note)) << " |\n";
  os << "\n### MITRE ATLAS\n\n| tactic | active controls |\n|---|---|\n";
  for (const auto& t : atlas_tactic_coverage(r.controls))
    os << "| " << t.item->id << " " << t.item->name << " | " << cell(join(t.active)) << " |\n";
  os << "\n| technique | active controls |\n|---|---|\n";
  for (const auto& t : atlas_technique_coverage(r.controls))
    os << "| " << t.item->id << " " << t.item->name << " | " << cell(join(t.active)) << " |\n";
  os << "\n### NIST AI RMF\n\n| function | active controls | note |\n|---|---|---|\n";
  for (const auto& n : r.nist)
    os << "| " << n.item->id << " | " << cell(join(n.active)) << " | " << cell(std::string(n.note)) << " |\n";
  os << "\n";

  activity_section(os, r);

  os << "## Detectors as configured\n\n| detector | category | roles | note |\n|---|---|---|---|\n";
  for (const auto& d : r.detectors)
    os << "| " << d.id << " | " << cell(d.category) << " | " << internal::roles_text(d.roles) << " | "
       << (d.model_missing ? "model not found: reports nothing" : "") << " |\n";
  return os.str();
}

}  // namespace bulwark::report
