#include <sstream>

#include "report/render.h"
#include "report/render_util.h"
#include "report/svg_chart.h"

namespace bulwark::report {

namespace {

using internal::html_escape;
using internal::join;

const char* kCss = R"css(
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;max-width:1040px;margin:24px auto;padding:0 16px}
h1{font-size:26px;margin-bottom:4px}h2{margin-top:36px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#59636e}.lead{font-size:17px;background:#f6f8fa;border-left:4px solid #0969da;padding:10px 14px}
table{border-collapse:collapse;width:100%;margin:10px 0}th,td{border:1px solid #d0d7de;padding:5px 8px;vertical-align:top;text-align:left}
th{background:#f6f8fa}td.n{text-align:right}.pill{display:inline-block;border-radius:10px;padding:1px 9px;color:#fff;font-weight:600;font-size:13px;white-space:nowrap}
.covered,.active{background:#1a7f37}.partial{background:#9a6700}.gap,.off{background:#cf222e}.outside{background:#6e7781}.provider{background:#8c959f}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:8px;overflow-x:auto}.gapbox{border:1px solid #d0d7de;border-radius:6px;padding:4px 14px;margin:12px 0}
.chart{width:100%;max-width:720px;height:auto}.grid{stroke:#d0d7de}.ax{font-size:11px;fill:#59636e}.lg{font-size:12px;fill:#1f2328}.in{font-size:12px;fill:#fff;font-weight:600}
.small{font-size:13px;color:#59636e}code{background:#f6f8fa;padding:0 3px}
@media print{h2{break-after:avoid}.gapbox,table{break-inside:avoid}}
)css";

std::string pill(std::string_view cls, std::string_view text) {
  return "<span class=\"pill " + std::string(cls) + "\">" + html_escape(std::string(text)) + "</span>";
}

std::string row_state_text(const RowCoverage& m) {
  switch (m.state) {
    case RowState::kCovered: return "covered";
    case RowState::kPartial: return "partly covered";
    case RowState::kGap: return "not covered";
    case RowState::kOutside: return "outside Bulwark";
    case RowState::kProvider: return "provider's";
  }
  return "";
}

std::string names(const Report& r, const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids) out.push_back(html_escape(internal::control_name(r, id)));
  return join(out, "; ");
}

const char* decision_color(const std::string& d) {
  if (d == "allow") return "#2da44e";
  if (d == "annotate") return "#54aeff";
  if (d == "redact") return "#d4a72c";
  if (d == "block") return "#cf222e";
  if (d == "error") return "#8250df";
  return "#8c959f";
}

const char* kPalette[] = {"#cf222e", "#0969da", "#9a6700", "#8250df", "#1a7f37", "#bf3989", "#0550ae", "#6e7781"};

void activity_html(std::ostream& os, const Report& r) {
  os << "<h2>What happened</h2>";
  if (!r.activity) {
    os << "<p>Not included: " << html_escape(r.activity_note) << ".</p>";
    return;
  }
  const Activity& a = *r.activity;
  os << "<p>From <code>" << html_escape(a.db_path) << "</code> (opened read-only), "
     << (a.since_ms ? "since " + iso_utc(*a.since_ms) : std::string("all rows")) << ": <b>" << a.requests
     << "</b> request(s)";
  if (a.requests > 0) os << " between " << iso_utc(a.first_ms) << " and " << iso_utc(a.last_ms);
  os << ".</p>";
  if (a.requests > 0) {
    std::vector<std::string> days;
    for (const auto& d : a.days) days.push_back(d.day);
    std::vector<internal::Series> dec;
    for (const auto& c : internal::decision_columns(a)) {
      if (!a.decisions.count(c)) continue;
      internal::Series s{c, decision_color(c), {}};
      for (const auto& d : a.days) s.values.push_back(d.decisions.count(c) ? double(d.decisions.at(c)) : 0);
      dec.push_back(std::move(s));
    }
    os << "<h3>Requests per day, by decision</h3>"
       << internal::stacked_bars_svg(days, dec, "Requests per day by decision")
       << "<p class=\"small\">allow: passed clean; annotate: passed with findings noted; redact: passed with "
          "sensitive data removed; block: refused.</p>";
    const auto cats = internal::category_columns(a);
    os << "<h3>Findings that took an action, per category and day</h3>";
    if (cats.empty()) {
      os << "<p>No finding took an action in this window.</p>";
    } else {
      std::vector<internal::Series> cs;
      size_t i = 0;
      for (const auto& c : cats) {
        internal::Series s{c, kPalette[i++ % (sizeof kPalette / sizeof *kPalette)], {}};
        for (const auto& d : a.days) s.values.push_back(d.categories.count(c) ? double(d.categories.at(c)) : 0);
        cs.push_back(std::move(s));
      }
      os << internal::stacked_bars_svg(days, cs, "Requests with an acted-on finding, per category and day");
    }
    if (!a.unread.empty()) {
      os << "<h3>Text a model did not judge</h3><p>Requests with text in a script the named model detectors have "
            "no ordinary training text in: that text was not scored by them (rules still ran). An empty finding "
            "list there is not a clean result.</p><table><tr><th>script</th><th>requests</th><th>detectors</th></tr>";
      for (const auto& [script, u] : a.unread)
        os << "<tr><td>" << html_escape(script) << "</td><td class=\"n\">" << u.requests << "</td><td>"
           << html_escape(join(std::vector<std::string>(u.detectors.begin(), u.detectors.end()), ", "))
           << "</td></tr>";
      os << "</table>";
    }
    os << "<h3>Identities with the most blocked requests</h3>";
    if (a.top_blocked.empty()) {
      os << "<p>No identified request was blocked.</p>";
    } else {
      std::vector<std::string> labels;
      std::vector<double> values;
      for (const auto& i : a.top_blocked) {
        labels.push_back(i.key_id + (i.tenant.empty() ? "" : " (" + i.tenant + ")"));
        values.push_back(static_cast<double>(i.blocked));
      }
      os << internal::horizontal_bars_svg(labels, values, "#cf222e", "Blocked requests per identity");
      os << "<table><tr><th>key</th><th>tenant</th><th>app</th><th>user</th><th>blocked</th><th>requests</th></tr>";
      for (const auto& i : a.top_blocked)
        os << "<tr><td>" << html_escape(i.key_id) << "</td><td>" << html_escape(i.tenant) << "</td><td>"
           << html_escape(i.app) << "</td><td>" << html_escape(i.user) << "</td><td class=\"n\">" << i.blocked
           << "</td><td class=\"n\">" << i.requests << "</td></tr>";
      os << "</table>";
    }
  }
  os << "<h3>Open incidents</h3>";
  if (!a.incident_store) {
    os << "<p>No incident store: this database has no incidents table, so repeated attacks are not tracked as "
          "incidents.</p>";
  } else if (a.open_incidents.empty()) {
    os << "<p>None open.</p>";
  } else {
    os << "<table><tr>";
    for (const auto& [k, v] : a.open_incidents.front().fields) os << "<th>" << html_escape(k) << "</th>";
    os << "</tr>";
    for (const auto& inc : a.open_incidents) {
      os << "<tr>";
      for (const auto& [k, v] : inc.fields) os << "<td>" << html_escape(v) << "</td>";
      os << "</tr>";
    }
    os << "</table>";
  }
}

}  // namespace

std::string render_html(const Report& r) {
  std::ostringstream os;
  const std::string title = "Bulwark posture report: " + std::string(deployment_title(r.deployment));
  os << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
        "content=\"width=device-width, initial-scale=1\"><title>"
     << html_escape(title) << "</title><style>" << kCss << "</style></head><body>";
  os << "<h1>" << html_escape(title) << "</h1><p class=\"meta\">Generated " << iso_utc(r.generated_ms)
     << " from gateway configuration "
     << (r.config_source.empty() ? std::string("(none: defaults)") : "<code>" + html_escape(r.config_source) + "</code>")
     << " and policy <code>" << html_escape(r.policy_source) << "</code>.</p>";
  os << "<p class=\"lead\">" << html_escape(internal::headline(r)) << "</p>";

  int covered = 0, partial = 0, gap = 0, outside = 0, provider = 0;
  for (const auto& m : r.matrix) {
    covered += m.state == RowState::kCovered;
    partial += m.state == RowState::kPartial;
    gap += m.state == RowState::kGap;
    outside += m.state == RowState::kOutside;
    provider += m.state == RowState::kProvider;
  }
  os << internal::share_bar_svg({{"covered", "#1a7f37", {double(covered)}},
                                 {"partly covered", "#9a6700", {double(partial)}},
                                 {"not covered", "#cf222e", {double(gap)}},
                                 {"outside Bulwark", "#6e7781", {double(outside)}},
                                 {"provider's", "#8c959f", {double(provider)}}},
                                "The eleven responsibilities by coverage");

  os << "<h2>Who is responsible for what, and what Bulwark covers</h2>"
        "<p>The shared responsibility model for AI: under "
     << html_escape(std::string(deployment_title(r.deployment)))
     << ", the rows marked <i>customer</i> or <i>shared</i> are yours. For each, the controls Bulwark enforces "
        "<b>with the configuration it was given</b>, and what is not enforced.</p>";
  os << "<table><tr><th>layer</th><th>responsibility</th><th>owner</th><th>coverage</th><th>enforced</th>"
        "<th>not enforced</th><th>outside Bulwark</th></tr>";
  for (const auto& m : r.matrix) {
    std::vector<std::string> not_enforced = m.partial;
    not_enforced.insert(not_enforced.end(), m.missing.begin(), m.missing.end());
    std::vector<std::string> enforced = m.active;
    enforced.insert(enforced.end(), m.depth.begin(), m.depth.end());
    os << "<tr><td>" << m.row->layer << "</td><td><b>" << html_escape(std::string(m.row->title)) << "</b></td><td>"
       << owner_name(m.owner) << "</td><td>" << pill(row_state_name(m.state), row_state_text(m)) << "</td><td>"
       << names(r, enforced) << "</td><td>" << names(r, not_enforced) << "</td><td class=\"small\">"
       << html_escape(std::string(m.row->outside)) << "</td></tr>";
  }
  os << "</table>";

  os << "<h2>Gaps and how to close them</h2>";
  auto gaps = internal::gaps(r);
  if (gaps.empty()) os << "<p>Every control is active.</p>";
  for (const auto& g : gaps) {
    const auto& c = *g.control;
    os << "<div class=\"gapbox\"><h3>" << html_escape(c.name) << " " << pill(control_state_name(c.state),
                                                                             control_state_name(c.state))
       << "</h3><p><b>Now:</b> " << html_escape(c.evidence) << "</p>";
    if (!c.gap.empty()) os << "<p><b>Missing:</b> " << html_escape(c.gap) << "</p>";
    os << "<p><b>Leaves open:</b> "
       << html_escape(g.rows.empty() ? std::string("no row you own (defence in depth)") : join(g.rows, "; "))
       << "</p>";
    if (!c.fix.empty())
      os << "<p><b>To close it</b> (" << html_escape(c.fix_target) << "):</p><pre>" << html_escape(c.fix) << "</pre>";
    os << "</div>";
  }

  activity_html(os, r);

  os << "<h2>Controls mapped to OWASP, MITRE ATLAS and NIST AI RMF</h2><p class=\"small\">The mapping is "
        "Bulwark's own, not an official crosswalk.</p>";
  os << "<table><tr><th>control</th><th>state</th><th>as configured</th><th>OWASP LLM 2025</th><th>MITRE ATLAS</th>"
        "<th>NIST AI RMF</th></tr>";
  for (const auto& c : r.controls) {
    const ControlMapping* m = mapping_for(c.id);
    std::vector<std::string> ow, at, ni;
    if (m) {
      for (auto id : m->owasp) ow.push_back(std::string(id) + " " + std::string(framework_name(owasp_llm_2025(), id)));
      for (auto id : m->atlas_tactics)
        at.push_back(std::string(id) + " " + std::string(framework_name(atlas_tactics(), id)));
      for (auto id : m->atlas_techniques)
        at.push_back(std::string(id) + " " + std::string(framework_name(atlas_techniques(), id)));
      for (auto id : m->nist) ni.emplace_back(id);
    }
    os << "<tr><td>" << html_escape(c.name) << "</td><td>" << pill(control_state_name(c.state), control_state_name(c.state))
       << "</td><td class=\"small\">" << html_escape(c.evidence) << "</td><td>" << html_escape(join(ow, "; "))
       << "</td><td>" << html_escape(join(at, "; ")) << "</td><td>" << html_escape(join(ni)) << "</td></tr>";
  }
  os << "</table><h3>OWASP Top 10 for LLM Applications 2025</h3><table><tr><th>risk</th><th>active</th>"
        "<th>partial</th><th>off</th><th>note</th></tr>";
  for (const auto& o : r.owasp) {
    std::string cls = !o.active.empty() ? "active" : !o.partial.empty() ? "partial" : "off";
    os << "<tr><td>" << pill(cls, o.item->id) << " " << html_escape(std::string(o.item->name)) << "</td><td>"
       << names(r, o.active) << "</td><td>" << names(r, o.partial) << "</td><td>" << names(r, o.off)
       << "</td><td class=\"small\">" << html_escape(std::string(o.note)) << "</td></tr>";
  }
  os << "</table><h3>MITRE ATLAS</h3><table><tr><th>tactic or technique</th><th>mitigated by (active)</th></tr>";
  for (const auto& list : {atlas_tactic_coverage(r.controls), atlas_technique_coverage(r.controls)})
    for (const auto& t : list)
      os << "<tr><td>" << t.item->id << " " << html_escape(std::string(t.item->name)) << "</td><td>"
         << names(r, t.active) << "</td></tr>";
  os << "</table><h3>NIST AI RMF</h3><table><tr><th>function</th><th>supported by (active)</th><th>note</th></tr>";
  for (const auto& n : r.nist)
    os << "<tr><td><b>" << n.item->id << "</b> " << html_escape(std::string(n.item->name)) << "</td><td>"
       << names(r, n.active) << "</td><td class=\"small\">" << html_escape(std::string(n.note)) << "</td></tr>";
  os << "</table>";

  os << "<h2>Detectors as configured</h2><table><tr><th>detector</th><th>category</th><th>roles scanned</th>"
        "<th>note</th></tr>";
  for (const auto& d : r.detectors)
    os << "<tr><td><code>" << html_escape(d.id) << "</code></td><td>" << html_escape(d.category) << "</td><td>"
       << html_escape(internal::roles_text(d.roles)) << "</td><td>"
       << (d.model_missing ? "model not found: reports nothing" : "") << "</td></tr>";
  os << "</table><p class=\"small\">Produced by <code>bulwark report</code>. Roles: user = end-user turns, "
        "document = retrieved context, tool_call = arguments a model passes to a tool, tool_result = what a tool "
        "returned, assistant = model output.</p></body></html>\n";
  return os.str();
}

}  // namespace bulwark::report
