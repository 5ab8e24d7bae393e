// The three renderers over one report whose audit data carries hostile identity names: the
// HTML must stay one inert file, the Markdown tables must keep their shape, the JSON must parse.
#include "report/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace bulwark::report {
namespace {

Report sample() {
  auto config = gateway::parse_gateway_config("auth: {required: false}\n", "gw.yaml");
  EXPECT_TRUE(config.ok());
  auto posture = build_posture(*config, true, Policy::defaults(), false, nullptr);
  EXPECT_TRUE(posture.ok()) << posture.status().message();
  Activity a;
  a.db_path = "gw.db";
  a.requests = 3;
  a.first_ms = 1795824000000;
  a.last_ms = a.first_ms + 1000;
  a.decisions = {{"block", 2}, {"allow", 1}};
  a.categories = {{"prompt_attack", 2}};
  a.days = {{"2026-11-28", {{"block", 2}, {"allow", 1}}, {{"prompt_attack", 2}}}};
  a.top_blocked = {{"<script>alert(1)</script>", "t|x", "a\nb", "", 2, 3}};
  a.unread = {{"Bengali", {3, {"model.harm", "model.prompt_attack"}}}};
  a.incident_store = true;
  a.open_incidents = {{{{"id", "1"}, {"key_id", "<img onerror=x>"}, {"status", "open"}}}};
  return build_report(Deployment::kIaas, *posture, &a, a.last_ms);
}

TEST(ReportRender, HtmlIsSelfContainedAndEscapesData) {
  const std::string h = render_html(sample());
  EXPECT_EQ(h.find("<script"), std::string::npos);
  EXPECT_EQ(h.find("<img"), std::string::npos);
  EXPECT_NE(h.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(h.find("<svg"), std::string::npos);
  EXPECT_NE(h.find("<h3>Text a model did not judge</h3>"), std::string::npos);
  EXPECT_NE(h.find("<td>Bengali</td><td class=\"n\">3</td><td>model.harm, model.prompt_attack</td>"), std::string::npos);
  for (const char* banned : {"src=", "href=", "http://", "https://", "url("}) EXPECT_EQ(h.find(banned), std::string::npos);
}

TEST(ReportRender, MarkdownKeepsTablesIntact) {
  const std::string md = render_markdown(sample());
  EXPECT_NE(md.find("| <script>alert(1)</script> | t\\|x | a<br>b |"), std::string::npos);
  EXPECT_NE(md.find("### Open incidents"), std::string::npos);
  EXPECT_NE(md.find("| Bengali | 3 | model.harm, model.prompt_attack |"), std::string::npos) << md;
  EXPECT_NE(md.find("key_id=<img onerror=x>"), std::string::npos);
}

TEST(ReportRender, JsonFollowsTheSchema) {
  auto j = nlohmann::json::parse(render_json(sample()));
  EXPECT_EQ(j["schema"], kReportSchema);
  EXPECT_EQ(j["deployment"]["id"], "iaas");
  EXPECT_EQ(j["matrix"].size(), matrix_rows().size());
  EXPECT_EQ(j["frameworks"]["owasp_llm_2025"].size(), 10u);
  EXPECT_EQ(j["frameworks"]["mitre_atlas"]["tactics"].size(), 16u);
  EXPECT_EQ(j["frameworks"]["nist_ai_rmf"].size(), 4u);
  EXPECT_EQ(j["activity"]["top_blocked"][0]["key_id"], "<script>alert(1)</script>");
  EXPECT_EQ(j["activity"]["incidents"]["open"][0]["status"], "open");
  EXPECT_EQ(j["activity"]["unread"], nlohmann::json::parse(
                                         R"([{"script":"Bengali","requests":3,"detectors":["model.harm","model.prompt_attack"]}])"));
  int rows = 0;
  for (const auto& [k, v] : j["summary"]["rows"].items()) rows += v.get<int>();
  EXPECT_EQ(rows, 11);
  for (const auto& c : j["controls"]) {
    EXPECT_TRUE(c["state"] == "active" || c["state"] == "partial" || c["state"] == "off");
    EXPECT_TRUE(c.contains("owasp") && c.contains("nist")) << c["id"];
  }
}

}  // namespace
}  // namespace bulwark::report
