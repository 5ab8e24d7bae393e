// model/card.h — the model card (models/<name>.md) written next to each trained model.
#pragma once

#include <string>
#include <vector>

#include "model/classifier.h"
#include "model/trainer.h"

namespace bulwark::model {

struct CardInput {
  std::string name, description;
  ModelInfo info;
  ModelReport report;
  std::vector<std::string> dev_sources;
  int dim = 0;  // fastText vector dimension (0: not stated)
};

std::string model_card(const CardInput& in);

}  // namespace bulwark::model
