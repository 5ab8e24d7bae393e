// detect/secrets/token.h — secret.token: credentials with a known format (cloud keys and
// connection strings, source-hosting and CI tokens, chat and payment API keys, AI provider
// keys, JWTs, PEM/SSH private keys); the formats are listed in formats.cpp and
// docs/detectors-secrets.md. Scans the raw text, the raw text without invisible characters,
// and decoded payloads. Category "secret", subtype = format name, severity 6-7.
//
// Thread-safety: scan() is const; per-thread state is in new_scratch().
// Cost: one Hyperscan pass per view; RE2 only for formats that occur.
#pragma once

#include "bulwark/detector.h"

namespace bulwark::detect {

// @return kInternal when the family's patterns fail to compile.
Result<DetectorPtr> make_secret_token_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
