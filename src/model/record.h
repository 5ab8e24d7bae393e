// model/record.h — one labelled text from ../shared/datasets, as the trainer sees it.
#pragma once

#include <string>
#include <vector>

namespace bulwark::model {

struct Record {
  std::string text;
  std::string task;    // injection | indirect | harm | benign
  std::string label;   // injection | jailbreak | benign | harmful | safe
  std::vector<std::string> categories;  // harm vocabulary (harmful rows)
  std::string dataset; // folder name
  std::string source;  // split unit: the dataset, or dataset:part where one folder mixes sources
  bool weak = false;   // meta.weak_label
  std::string lang;    // meta.lang when present
};

}  // namespace bulwark::model
