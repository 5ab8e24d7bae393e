// model/contrastive.h — harmless prompts that share the vocabulary of attacks and harmful
// requests ("how do I kill a Python process", "shoot a photo", war history, role-play for a
// story). Generated combinatorially from templates and fillers; used as hard negatives.
//
// Templates are split: every fourth template of each family only ever produces dev rows
// (source "generated-dev"), the rest training rows (source "generated:<family>"), so the dev
// false-positive rate on look-alikes is measured on sentence shapes the model never saw.
#pragma once

#include <cstdint>
#include <vector>

#include "model/record.h"

namespace bulwark::model {

// Roughly `per_family` rows for each family (fewer where the template space is smaller).
// task "benign", label "benign", deterministic for a given seed.
std::vector<Record> contrastive_prompts(uint64_t seed, size_t per_family);

}  // namespace bulwark::model
