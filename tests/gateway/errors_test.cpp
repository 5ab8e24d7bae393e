#include "gateway/errors.h"

#include <gtest/gtest.h>

#include "gateway/api_version.h"
#include "gateway/scanner.h"

namespace bulwark::gateway {

using nlohmann::json;

TEST(GatewayErrors, OpenAIShape) {
  auto r = openai_error(400, "bad", "invalid_request_error", "", "input");
  EXPECT_EQ(r.status, 400);
  json j = json::parse(r.body);
  EXPECT_EQ(j["error"]["message"], "bad");
  EXPECT_EQ(j["error"]["type"], "invalid_request_error");
  EXPECT_EQ(j["error"]["param"], "input");
  EXPECT_TRUE(j["error"]["code"].is_null());
  EXPECT_EQ(j["error"].size(), 4u);
}

TEST(GatewayErrors, AzureShape) {
  json j = json::parse(azure_error(400, "InvalidRequestBody", "m").body);
  EXPECT_EQ(j, json::parse(R"({"error":{"code":"InvalidRequestBody","message":"m"}})"));
  EXPECT_EQ(json::parse(unauthorized(Face::kAzure).body)["error"]["code"], "401");
  EXPECT_EQ(unauthorized(Face::kOpenAI).status, 401);
}

TEST(GatewayErrors, ContentFilterShape) {
  json results = content_filter_results({});
  auto r = content_filter_error(results);
  EXPECT_EQ(r.status, 400);
  json e = json::parse(r.body)["error"];
  EXPECT_EQ(e["code"], "content_filter");
  EXPECT_EQ(e["status"], 400);
  EXPECT_EQ(e["innererror"]["code"], "ResponsibleAIPolicyViolation");
  EXPECT_EQ(e["innererror"]["content_filter_results"], results);
  for (const char* k : {"hate", "self_harm", "sexual", "violence"}) {
    EXPECT_EQ(results[k]["severity"], "safe") << k;
    EXPECT_EQ(results[k]["filtered"], false) << k;
  }
  EXPECT_EQ(results["jailbreak"]["detected"], false);
}

TEST(GatewayErrors, FindingsMapOntoAzureAnnotations) {
  ScanResult r;
  Finding f;
  f.category = "harm/violence";
  f.severity = 5;
  f.action = Action::kBlock;
  r.findings.push_back(f);
  Finding g;
  g.category = "prompt_attack";
  g.severity = 6;
  g.action = Action::kAnnotate;
  r.findings.push_back(g);
  json j = content_filter_results({&r});
  EXPECT_EQ(j["violence"]["severity"], "medium");
  EXPECT_EQ(j["violence"]["filtered"], true);
  EXPECT_EQ(j["jailbreak"]["detected"], true);
  EXPECT_EQ(j["jailbreak"]["filtered"], false);
  EXPECT_EQ(trim_severity(7), 6);
  EXPECT_EQ(trim_severity(1), 0);
  EXPECT_STREQ(severity_label(2), "low");
}

TEST(GatewayErrors, ApiVersion) {
  HttpRequest r;
  auto missing = check_api_version(r);
  ASSERT_TRUE(missing);
  EXPECT_EQ(json::parse(missing->body)["error"]["code"], "MissingApiVersionParameter");
  r.query["api-version"] = "2023-10-01";
  auto old = check_api_version(r);
  ASSERT_TRUE(old);
  EXPECT_EQ(json::parse(old->body)["error"]["code"], "UnsupportedApiVersion");
  r.query["api-version"] = "2024-09-01";
  EXPECT_FALSE(check_api_version(r));
}

TEST(GatewayHttp, QueryParsing) {
  auto q = parse_query("api-version=2024-09-01&a=x%20y&b=1+2&&c");
  EXPECT_EQ(q["api-version"], "2024-09-01");
  EXPECT_EQ(q["a"], "x y");
  EXPECT_EQ(q["b"], "1 2");
  EXPECT_EQ(q["c"], "");
  EXPECT_EQ(url_decode("%zz%4"), "%zz%4");
}

}  // namespace bulwark::gateway
