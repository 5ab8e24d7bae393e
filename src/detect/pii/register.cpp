#include "detect/pii/credit_card.h"
#include "detect/pii/email.h"
#include "detect/pii/iban.h"
#include "detect/pii/ip_address.h"
#include "detect/pii/national_id.h"
#include "detect/pii/phone.h"
#include "detect/pii/us_ssn.h"
#include "detect/registry.h"

namespace bulwark::detect {

void register_pii(DetectorRegistry& r) {
  r.add({"pii.email", "e-mail addresses", true, make_email_detector});
  r.add({"pii.phone", "telephone numbers (libphonenumber, param regions)", true, make_phone_detector});
  r.add({"pii.credit_card", "payment card numbers (brand prefix, Luhn)", true, make_credit_card_detector});
  r.add({"pii.iban", "IBAN bank accounts (country length, mod-97)", true, make_iban_detector});
  r.add({"pii.us_ssn", "US Social Security numbers", true, make_us_ssn_detector});
  r.add({"pii.ip_address", "IPv4 and IPv6 addresses", true, make_ip_address_detector});
  r.add({"pii.national_id", "national identifiers with check digits", true, make_national_id_detector});
}

}  // namespace bulwark::detect
