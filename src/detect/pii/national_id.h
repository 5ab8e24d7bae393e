// detect/pii/national_id.h — national identifiers with check digits, one subtype each:
// uk_nino, es_dni, es_nie, nl_bsn, in_aadhaar, br_cpf, pl_pesel, se_personnummer, ca_sin,
// cn_resident_id, fr_nir. Each is matched in the layouts people write it in; layouts that
// bare digits could take by chance (nine or eleven plain digits) also need a context word
// ("bsn", "cpf", "pesel", ...) within 40 bytes before. Validators: national_id_checks.h.
#pragma once

#include "bulwark/detector.h"

namespace bulwark::detect {

Result<DetectorPtr> make_national_id_detector(const DetectorSpec& spec);

}  // namespace bulwark::detect
