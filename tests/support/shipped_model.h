// tests/support/shipped_model.h — a parameterized fixture over the models shipped in models/:
// SetUp loads the model named by the parameter, skips the test when it is missing (a checkout
// without models/) and fails it on any other load error.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "model/classifier.h"

namespace bulwark::testing {

class ShippedModelTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    auto clf = model::Classifier::load(std::string(BULWARK_SOURCE_DIR) + "/models", GetParam());
    if (!clf.ok() && clf.status().code() == StatusCode::kNotFound)
      GTEST_SKIP() << "shipped model missing: " << clf.status().to_string();
    ASSERT_TRUE(clf.ok()) << clf.status().to_string();
    model_ = std::move(clf).value();
  }
  const model::Classifier& model() const { return *model_; }

 private:
  std::shared_ptr<const model::Classifier> model_;
};

}  // namespace bulwark::testing
