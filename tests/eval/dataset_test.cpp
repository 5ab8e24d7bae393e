#include "eval/dataset.h"

#include <gtest/gtest.h>

#include "eval/report.h"

namespace bulwark::eval {
namespace {

TEST(EvalDataset, ParsesTheSharedSchema) {
  auto r = parse_record(R"({"id":"x-1","text":"how to hurt","task":"harm","label":"harmful","categories":["violence","weapons"],"meta":{}})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->text, "how to hurt");
  EXPECT_EQ(r->task, Task::kHarm);
  EXPECT_EQ(r->label, "harmful");
  EXPECT_EQ(r->categories, (std::vector<std::string>{"violence", "weapons"}));
  auto b = parse_record(R"({"text":"hello","task":"benign"})");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->label, "benign");
  EXPECT_EQ(b->lang, "");
  EXPECT_EQ(parse_record(R"({"text":"hola","task":"benign","meta":{"lang":"es"}})")->lang, "es");
  EXPECT_EQ(parse_record(R"({"text":"hi","task":"benign","meta":{"language":"English"}})")->lang, "English");
  EXPECT_EQ(parse_record(R"({"text":"hi","task":"benign","meta":{"lang":7}})")->lang, "");
  EXPECT_EQ(parse_record(R"({"text":"hi","task":"benign","meta":"x"})")->lang, "");
}

TEST(EvalDataset, BadRecordsAreErrorsNotCrashes) {
  for (const char* line : {"", "{", "[1,2]", R"({"task":"harm","label":"safe"})",
                           R"({"text":1,"task":"harm","label":"safe"})",
                           R"({"text":"x","task":"phishing","label":"safe"})",
                           R"({"text":"x","task":"harm"})", "{\"text\":\"\xff\",\"task\":\"benign\"}"}) {
    auto r = parse_record(line);
    EXPECT_FALSE(r.ok()) << line;
    if (!r.ok()) EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(EvalDataset, NameIsFolderForDataJsonl) {
  EXPECT_EQ(dataset_name("../shared/datasets/strongreject/data.jsonl"), "strongreject");
  EXPECT_EQ(dataset_name("strongreject/data.jsonl"), "strongreject");
  EXPECT_EQ(dataset_name("/tmp/mine.jsonl"), "mine");
  EXPECT_EQ(dataset_name("data.jsonl"), "data");
  EXPECT_EQ(dataset_name("noext"), "noext");
}

TEST(EvalReport, GroupsByDatasetAndTaskWithNulls) {
  Evaluation e;
  e.add("a", Task::kInjection, true, {true, 0.9}, 10, {});
  e.add("a", Task::kInjection, false, {false, 0.1}, 30, {});
  e.add("a", Task::kBenign, false, {false, 0.0}, 20, {});
  e.add("b", Task::kHarm, true, {true, 0.7}, 5, {"hate", "violence"});
  e.add("b", Task::kHarm, true, {false, 0.2}, 5, {"hate"});
  auto j = e.to_json();
  ASSERT_EQ(j["datasets"].size(), 3u);
  const auto& inj = j["datasets"][0];
  EXPECT_EQ(inj["name"], "a");
  EXPECT_EQ(inj["task"], "injection");
  EXPECT_EQ(inj["n"], 2);
  EXPECT_EQ(inj["tp"], 1);
  EXPECT_EQ(inj["tn"], 1);
  EXPECT_DOUBLE_EQ(inj["precision"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(inj["auprc"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(inj["latency_us"]["p50"].get<double>(), 10.0);
  EXPECT_DOUBLE_EQ(inj["latency_us"]["p99"].get<double>(), 30.0);
  const auto& ben = j["datasets"][1];
  EXPECT_EQ(ben["task"], "benign");
  EXPECT_TRUE(ben["precision"].is_null());
  EXPECT_TRUE(ben["recall"].is_null());
  EXPECT_TRUE(ben["auprc"].is_null());
  EXPECT_DOUBLE_EQ(ben["fpr"].get<double>(), 0.0);
  const auto& harm = j["datasets"][2];
  EXPECT_DOUBLE_EQ(harm["category_recall"]["hate"]["recall"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(harm["category_recall"]["violence"]["recall"].get<double>(), 1.0);
  EXPECT_TRUE(harm["fpr"].is_null());
  EXPECT_NE(e.to_table().find("hate"), std::string::npos);
}

// A group with two languages or more reports each: a set's figure can hide one language being
// blocked far more often. A group with one language (or none) does not repeat its own figure.
TEST(EvalReport, FiguresPerLanguageWhenASetHasSeveral) {
  Evaluation e;
  for (int i = 0; i < 4; ++i) e.add("multi", Task::kBenign, false, {i == 0, 0.0}, 1, {}, "es");
  for (int i = 0; i < 4; ++i) e.add("multi", Task::kBenign, false, {false, 0.0}, 1, {}, "en");
  e.add("multi", Task::kBenign, false, {false, 0.0}, 1, {});   // no language: counted, not per language
  e.add("mixed", Task::kHarm, true, {true, 0.9}, 1, {}, "fr");
  e.add("mixed", Task::kHarm, false, {true, 0.9}, 1, {}, "fr");
  e.add("mixed", Task::kHarm, true, {false, 0.1}, 1, {}, "de");
  e.add("one", Task::kBenign, false, {true, 0.0}, 1, {}, "en");
  auto j = e.to_json();
  ASSERT_EQ(j["datasets"].size(), 3u);
  const auto& multi = j["datasets"][0];
  EXPECT_EQ(multi["n"], 9);
  EXPECT_EQ(multi["languages"]["es"]["n"], 4);
  EXPECT_EQ(multi["languages"]["es"]["flagged"], 1);
  EXPECT_DOUBLE_EQ(multi["languages"]["es"]["fpr"].get<double>(), 0.25);
  EXPECT_TRUE(multi["languages"]["es"]["recall"].is_null());
  EXPECT_DOUBLE_EQ(multi["languages"]["en"]["fpr"].get<double>(), 0.0);
  const auto& mixed = j["datasets"][1];
  EXPECT_DOUBLE_EQ(mixed["languages"]["fr"]["recall"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(mixed["languages"]["fr"]["fpr"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(mixed["languages"]["de"]["recall"].get<double>(), 0.0);
  EXPECT_FALSE(j["datasets"][2].contains("languages"));
  const std::string table = e.to_table();
  EXPECT_NE(table.find("lang es"), std::string::npos) << table;
  EXPECT_NE(table.find("flagged 1 of 4, fpr 0.250"), std::string::npos) << table;
  EXPECT_NE(table.find("flagged 2 of 2, recall 1.000, fpr 1.000"), std::string::npos) << table;
}

}  // namespace
}  // namespace bulwark::eval
