// detect/pii/national_id_checks.h — check-digit algorithms and validators of national
// identifiers, on compact input (separators removed, letters upper- or lower-case).
#pragma once

#include <string_view>

namespace bulwark::detect::pii {

bool verhoeff_ok(std::string_view digits);

bool uk_nino_valid(std::string_view s);          // AB123456C: prefix rules, suffix A–D
bool es_dni_valid(std::string_view s);           // 12345678Z: mod-23 letter
bool es_nie_valid(std::string_view s);           // X1234567L: X/Y/Z = 0/1/2, mod-23 letter
bool nl_bsn_valid(std::string_view s);           // 9 digits, 11-test
bool in_aadhaar_valid(std::string_view s);       // 12 digits, first 2–9, Verhoeff
bool br_cpf_valid(std::string_view s);           // 11 digits, two mod-11 check digits
bool pl_pesel_valid(std::string_view s);         // 11 digits, weighted check, birth date
bool se_personnummer_valid(std::string_view s);  // 10 or 12 digits, birth date, Luhn on last 10
bool ca_sin_valid(std::string_view s);           // 9 digits, Luhn, first digit not 0 or 8
bool cn_resident_id_valid(std::string_view s);   // 17 digits + check (0-9/X), ISO 7064 mod 11-2
bool fr_nir_valid(std::string_view s);           // 15 chars (2A/2B Corsica), key = 97 - n mod 97

}  // namespace bulwark::detect::pii
