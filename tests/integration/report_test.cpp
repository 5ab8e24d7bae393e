// `bulwark report` through the real binary, for each deployment model, checked against the
// configuration it was given: a strict gateway (keys required, scoped and rate-limited keys,
// attack detectors blocking) and an open one (no keys, no attack detectors, fail-open). The
// audit database is written by the gateway's own audit writer.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gateway/audit.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace {

namespace gateway = bulwark::gateway;

namespace fs = std::filesystem;
using nlohmann::json;

struct Proc {
  int rc = -1;
  std::string out, err;
};

// The brief's table (docs/PRODUCT.md), written out independently of src/report/matrix.cpp.
const std::map<std::string, std::vector<std::string>> kOwners = {
    {"usage.training", {"customer", "customer", "customer"}},
    {"usage.policy", {"customer", "customer", "customer"}},
    {"usage.identity", {"customer", "customer", "customer"}},
    {"usage.data", {"customer", "customer", "customer"}},
    {"application.plugins", {"shared", "customer", "customer"}},
    {"application.design", {"provider", "customer", "customer"}},
    {"application.infrastructure", {"provider", "customer", "customer"}},
    {"application.safety", {"provider", "customer", "customer"}},
    {"platform.model_safety", {"provider", "provider", "customer"}},
    {"platform.model_accountability", {"provider", "provider", "customer"}},
    {"platform.compute", {"provider", "provider", "provider"}},
};
const std::vector<std::string> kDeployments = {"saas", "paas", "iaas"};

class ReportCli : public ::testing::Test {
 protected:
  // First member: removed last, after everything that holds files in it.
  bulwark::testing::TempDir dir_{"bulwark_report_cli"};

  void SetUp() override {
    db_ = (dir_ / "gw.db").string();
    write("strict_policy.yaml", "version: 1\nname: strict\nblocklists:\n  - name: codenames\n    terms: [falcon]\n");
    write("open_policy.yaml",
          "version: 1\nname: open\nuse_default_detectors: false\nfailure_mode: fail_open\ndetectors:\n"
          "  pii.email: {}\n");
    strict_ = write("strict.yaml", "policy: " + (dir_ / "strict_policy.yaml").string() +
                                       "\nauth: {required: true}\nkeys:\n  - id: app1\n    sha256: "
                                       "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\n"
                                       "    models: [gpt-4o-mini]\n    rpm: 60\nstorage: {db: " + db_ + "}\n" +
                                       "respond:\n  alerts:\n    log: " + (dir_ / "alerts.jsonl").string() + "\n");
    open_ = write("open.yaml", "policy: " + (dir_ / "open_policy.yaml").string() +
                                   "\nauth: {required: false}\nstorage: {db: " + db_ + "}\n");
    // Three blocked requests from app1, one from app2, two allowed, on two days.
    gateway::Metrics metrics;
    auto w = gateway::AuditWriter::start(db_, 100, &metrics);
    ASSERT_TRUE(w.ok()) << w.status().message();
    const int64_t now = gateway::now_millis();
    const std::string attack = R"([{"category":"prompt_attack","action":"block","detector":"attack.heuristics"}])";
    int n = 0;
    auto add = [&](int64_t ts, const std::string& key, const std::string& decision, const std::string& findings) {
      gateway::AuditRecord r;
      r.ts_ms = ts;
      r.request_id = "req" + std::to_string(n++);
      r.key_id = key;
      r.tenant = "acme";
      r.route = "/v1/chat/completions";
      r.status = decision == "block" ? 400 : 200;
      r.decision = decision;
      r.findings_json = findings;
      ASSERT_TRUE((*w)->submit(r));
    };
    add(now - 86400000 - 1000, "app1", "block", attack);
    add(now - 86400000, "app2", "allow", "[]");
    add(now - 3000, "app1", "block", attack);
    add(now - 2000, "app1", "block", attack);
    add(now - 1000, "app2", "block", attack);
    add(now - 500, "app2", "allow", "[]");
    (*w)->flush_and_stop();
  }

  std::string write(const std::string& name, const std::string& content) {
    return bulwark::testing::write_text_file(dir_ / name, content);
  }
  static std::string slurp(const fs::path& p) { return bulwark::testing::read_text_file(p); }
  static std::string quote(const std::string& s) { return bulwark::testing::shell_quote(s); }
  Proc run(const std::vector<std::string>& args) {
    const std::string err = (dir_ / "stderr.txt").string();
    std::string cmd = "env -u BULWARK_MASTER_KEY -u BULWARK_UPSTREAM_URL -u BULWARK_REPORT_FORMAT -u "
                      "BULWARK_REPORT_DEPLOYMENT " + quote(BULWARK_BINARY) + " report";
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " 2> " + quote(err);
    Proc r;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    char buf[4096];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, k);
    int status = pclose(p);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = slurp(err);
    return r;
  }
  json report_json(const std::string& deployment, const std::string& config) {
    Proc p = run({"--deployment", deployment, "--config", config, "--audit", db_, "--format", "json"});
    EXPECT_EQ(p.rc, 0) << p.err;
    auto j = json::parse(p.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << p.out;
    return j;
  }

  std::string db_, strict_, open_;
};

std::map<std::string, std::string> control_states(const json& j) {
  std::map<std::string, std::string> m;
  for (const auto& c : j["controls"]) m[c["id"]] = c["state"];
  return m;
}

const json& matrix_row(const json& j, const std::string& id) {
  for (const auto& r : j["matrix"])
    if (r["id"] == id) return r;
  static const json none;
  ADD_FAILURE() << "no row " << id;
  return none;
}

// Every row's claim must follow from the owners of the brief and the states of its controls.
void check_consistent(const json& j, size_t dep) {
  auto states = control_states(j);
  ASSERT_EQ(j["matrix"].size(), kOwners.size());
  for (const auto& r : j["matrix"]) {
    const std::string id = r["id"];
    ASSERT_TRUE(kOwners.count(id)) << id;
    EXPECT_EQ(r["owner"], kOwners.at(id)[dep]) << id;
    for (const auto& c : r["controls"]["active"]) EXPECT_EQ(states[c], "active") << id << " " << c;
    for (const auto& c : r["controls"]["partial"]) EXPECT_EQ(states[c], "partial") << id << " " << c;
    for (const auto& c : r["controls"]["missing"]) EXPECT_EQ(states[c], "off") << id << " " << c;
    const size_t a = r["controls"]["active"].size(), p = r["controls"]["partial"].size(),
                 m = r["controls"]["missing"].size();
    std::string expect = r["owner"] == "provider" ? "provider"
                         : a + p + m == 0         ? "outside"
                         : p + m == 0             ? "covered"
                         : a + p > 0              ? "partial"
                                                  : "gap";
    EXPECT_EQ(r["state"], expect) << id;
  }
}

TEST_F(ReportCli, StrictConfigurationForEachDeploymentModel) {
  for (size_t d = 0; d < kDeployments.size(); ++d) {
    SCOPED_TRACE(kDeployments[d]);
    json j = report_json(kDeployments[d], strict_);
    EXPECT_EQ(j["schema"], "bulwark.report/v1");
    EXPECT_EQ(j["deployment"]["id"], kDeployments[d]);
    EXPECT_EQ(j["config"]["source"], strict_);
    EXPECT_EQ(j["config"]["policy"], (dir_ / "strict_policy.yaml").string());
    check_consistent(j, d);
    auto s = control_states(j);
    EXPECT_EQ(s["identity"], "active");
    EXPECT_EQ(s["access_scoping"], "active");
    EXPECT_EQ(s["rate_limits"], "active");
    EXPECT_EQ(s["prompt_attack_filter"], "active");
    EXPECT_EQ(s["blocklists"], "active");
    EXPECT_EQ(s["fail_closed"], "active");
    EXPECT_EQ(s["policy_as_code"], "active");
    EXPECT_EQ(s["incident_response"], "active");   // respond: with an alert log
    EXPECT_EQ(matrix_row(j, "usage.identity")["state"], "covered");
    EXPECT_EQ(matrix_row(j, "application.safety")["state"], d == 0 ? "provider" : "covered");
    EXPECT_EQ(matrix_row(j, "platform.compute")["state"], "provider");

    const json& a = j["activity"];
    EXPECT_EQ(a["requests"], 6);
    EXPECT_EQ(a["decisions"]["block"], 4);
    EXPECT_EQ(a["categories"]["prompt_attack"], 4);
    ASSERT_GE(a["days"].size(), 1u);
    ASSERT_EQ(a["top_blocked"].size(), 2u);
    EXPECT_EQ(a["top_blocked"][0]["key_id"], "app1");
    EXPECT_EQ(a["top_blocked"][0]["blocked"], 3);
    EXPECT_EQ(a["top_blocked"][1]["key_id"], "app2");
    EXPECT_EQ(a["incidents"]["store"], false);
  }
}

TEST_F(ReportCli, OpenConfigurationShowsTheGapsAndTheirFixes) {
  for (size_t d = 0; d < kDeployments.size(); ++d) {
    SCOPED_TRACE(kDeployments[d]);
    json j = report_json(kDeployments[d], open_);
    check_consistent(j, d);
    auto s = control_states(j);
    EXPECT_EQ(s["identity"], "off");
    EXPECT_EQ(s["prompt_attack_filter"], "off");
    EXPECT_EQ(s["indirect_injection"], "off");
    EXPECT_EQ(s["fail_closed"], "off");
    EXPECT_EQ(s["pii_protection"], "active");   // pii.email stays on, with the built-in rules
    EXPECT_EQ(matrix_row(j, "usage.identity")["state"], "gap");
    if (d > 0) EXPECT_EQ(matrix_row(j, "application.safety")["state"], "partial");
    for (const auto& c : j["controls"])
      if (c["state"] != "active") EXPECT_FALSE(c["fix"].get<std::string>().empty()) << c["id"];
    for (const auto& c : j["controls"])
      if (c["id"] == "identity") EXPECT_NE(c["fix"].get<std::string>().find("required: true"), std::string::npos);
  }
}

TEST_F(ReportCli, MarkdownAndSelfContainedHtml) {
  Proc md = run({"--deployment", "paas", "--config", open_, "--audit", db_});
  ASSERT_EQ(md.rc, 0) << md.err;
  EXPECT_NE(md.out.find("# Bulwark posture report: PaaS AI"), std::string::npos);
  EXPECT_NE(md.out.find("No incident store"), std::string::npos);
  EXPECT_NE(md.out.find("auth:\n  required: true"), std::string::npos);
  EXPECT_NE(md.out.find("| LLM01 | Prompt Injection |"), std::string::npos);

  const std::string out = (dir_ / "report.html").string();
  Proc html = run({"--deployment", "iaas", "--config", strict_, "--audit", db_, "--format", "html", "--out", out});
  ASSERT_EQ(html.rc, 0) << html.err;
  EXPECT_TRUE(html.out.empty());
  const std::string h = slurp(out);
  EXPECT_EQ(h.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(h.find("<style>"), std::string::npos);
  EXPECT_NE(h.find("<svg"), std::string::npos);
  EXPECT_NE(h.find("IaaS AI"), std::string::npos);
  // One file: no script, no external stylesheet, image, font or link.
  for (const char* banned : {"<script", "<link", "<img", "src=", "href=", "@import", "url(", "http://", "https://"})
    EXPECT_EQ(h.find(banned), std::string::npos) << banned;
}

TEST_F(ReportCli, SinceNoAuditAndErrors) {
  Proc p = run({"--deployment", "paas", "--config", strict_, "--audit", db_, "--format", "json", "--since", "1h"});
  ASSERT_EQ(p.rc, 0) << p.err;
  auto j = json::parse(p.out);
  EXPECT_EQ(j["activity"]["requests"], 4);   // the day-old rows are outside the window

  Proc none = run({"--deployment", "saas", "--format", "json"});
  ASSERT_EQ(none.rc, 0) << none.err;
  auto n = json::parse(none.out);
  EXPECT_TRUE(n["activity"].is_null());
  EXPECT_TRUE(n["config"]["source"].is_null());
  EXPECT_EQ(n["config"]["policy"], "built-in default policy");

  EXPECT_EQ(run({"--format", "json"}).rc, 2);
  EXPECT_EQ(run({"--deployment", "cloud"}).rc, 2);
  EXPECT_EQ(run({"--deployment", "paas", "--format", "pdf"}).rc, 2);
  EXPECT_EQ(run({"--deployment", "paas", "--since", "soon", "--audit", db_}).rc, 2);
  Proc missing = run({"--deployment", "paas", "--audit", (dir_ / "nope.db").string()});
  EXPECT_EQ(missing.rc, 2);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "nope.db"));
  Proc badcfg = run({"--deployment", "paas", "--config", write("bad.yaml", "auth: {requird: true}\n")});
  EXPECT_EQ(badcfg.rc, 2);
  EXPECT_NE(badcfg.err.find("unknown field"), std::string::npos);
}

}  // namespace
