// apps/bulwark/io.h — what several commands share: reading inputs and compiling the engine
// from --policy (or the built-in default).
#pragma once

#include <cstdint>
#include <string>

#include "bulwark/engine.h"
#include "bulwark/result.h"

namespace bulwark::cli {

// Whole file, bytes as they are; "-" reads standard input.
Result<std::string> read_input(const std::string& path);

// Size of a regular file, 0 when unknown (a pipe, standard input).
uint64_t file_size(const std::string& path);

// Loads `policy_path` ("" = built-in default) and compiles it. Errors carry the policy
// loader's file:line: field: message text.
Result<EnginePtr> load_engine(const std::string& policy_path);

}  // namespace bulwark::cli
