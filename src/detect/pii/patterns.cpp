#include "detect/pii/patterns.h"

namespace bulwark::detect {

const std::vector<PatternSpec>& pii_patterns() {
  static const std::vector<PatternSpec> kPatterns = {
      {"email", R"([A-Za-z0-9!#$%&'*+_~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"},
      {"phone", R"(\+?\(?[0-9]{1,4}\)?([ .\-/]{1,2}\(?[0-9]{1,5}\)?){1,6})"},
      {"credit_card", R"(\b[0-9]{4}[ -]?[0-9]{4,6}[ -]?[0-9]{4,5}([ -]?[0-9]{1,4})?\b)"},
      {"credit_card_bare", R"(\b[0-9]{13,19}\b)"},
      {"iban", R"(\b[A-Z]{2}[0-9]{2}( ?[A-Z0-9]{4}){2,7}( ?[A-Z0-9]{1,4})?\b)", true},
      {"us_ssn", R"(\b[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}\b)"},
      {"ipv4",
       R"(\b(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\b)"},
      {"ipv6", R"([0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7})"},
      {"uk_nino", R"(\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b)", true},
      {"es_dni", R"(\b[0-9]{8}-?[A-Z]\b)", true},
      {"es_nie", R"(\b[XYZ][0-9]{7}-?[A-Z]\b)", true},
      {"nl_bsn", R"(\b[0-9]{4}\.?[0-9]{2}\.?[0-9]{3}\b)"},
      {"in_aadhaar", R"(\b[2-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}\b)"},
      {"br_cpf", R"(\b[0-9]{3}\.?[0-9]{3}\.?[0-9]{3}-?[0-9]{2}\b)"},
      {"pl_pesel", R"(\b[0-9]{11}\b)"},
      {"se_personnummer", R"(\b([0-9]{2})?[0-9]{6}[-+]?[0-9]{4}\b)"},
      {"ca_sin", R"(\b[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}\b)"},
      {"cn_resident_id", R"(\b[0-9]{17}[0-9Xx]\b)"},
      {"fr_nir", R"(\b[12] ?[0-9]{2} ?[0-9]{2} ?[0-9][0-9AB] ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}\b)", true},
  };
  return kPatterns;
}

}  // namespace bulwark::detect
