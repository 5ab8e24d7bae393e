#include "detect/pii/national_id_checks.h"

#include <cstring>

#include "detect/pii/scan_util.h"

namespace bulwark::detect::pii {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}
int num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
bool all_same(std::string_view s) {
  for (char c : s)
    if (c != s[0]) return false;
  return true;
}
bool valid_date(int year, int month, int day) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  if (day > kDays[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}
constexpr char kDniLetters[] = "TRWAGMYFPDXBNJZSQVHLCKE";

}  // namespace

bool verhoeff_ok(std::string_view digits) {
  static const int d[10][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
                                {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
                                {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                                {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
                                {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static const int p[8][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
                               {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 7, 2},
                               {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                               {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  if (!all_digits(digits)) return false;
  int c = 0;
  size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) c = d[c][p[i % 8][digits[n - 1 - i] - '0']];
  return c == 0;
}

bool uk_nino_valid(std::string_view s) {
  if (s.size() != 9 || !is_alpha(s[0]) || !is_alpha(s[1]) || !all_digits(s.substr(2, 6))) return false;
  char a = to_upper(s[0]), b = to_upper(s[1]), suffix = to_upper(s[8]);
  if (std::strchr("DFIQUV", a) != nullptr || std::strchr("DFIOQUV", b) != nullptr) return false;
  static const char* kBanned[] = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};
  for (const char* p : kBanned)
    if (a == p[0] && b == p[1]) return false;
  return suffix >= 'A' && suffix <= 'D';
}

bool es_dni_valid(std::string_view s) {
  if (s.size() != 9 || !all_digits(s.substr(0, 8)) || !is_alpha(s[8])) return false;
  return kDniLetters[num(s.substr(0, 8)) % 23] == to_upper(s[8]);
}

bool es_nie_valid(std::string_view s) {
  if (s.size() != 9 || !all_digits(s.substr(1, 7)) || !is_alpha(s[8])) return false;
  char first = to_upper(s[0]);
  if (first < 'X' || first > 'Z') return false;
  int n = (first - 'X') * 10000000 + num(s.substr(1, 7));
  return kDniLetters[n % 23] == to_upper(s[8]);
}

bool nl_bsn_valid(std::string_view s) {
  if (s.size() != 9 || !all_digits(s) || all_same(s)) return false;
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (9 - i) * (s[i] - '0');
  sum -= s[8] - '0';
  return sum % 11 == 0;
}

bool in_aadhaar_valid(std::string_view s) {
  return s.size() == 12 && all_digits(s) && s[0] >= '2' && !all_same(s.substr(1)) && verhoeff_ok(s);
}

bool br_cpf_valid(std::string_view s) {
  if (s.size() != 11 || !all_digits(s) || all_same(s)) return false;
  for (int check = 9; check <= 10; ++check) {
    int sum = 0;
    for (int i = 0; i < check; ++i) sum += (s[i] - '0') * (check + 1 - i);
    int d = (sum * 10) % 11 % 10;
    if (d != s[check] - '0') return false;
  }
  return true;
}

bool pl_pesel_valid(std::string_view s) {
  if (s.size() != 11 || !all_digits(s) || all_same(s)) return false;
  static const int kW[] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += kW[i] * (s[i] - '0');
  if ((10 - sum % 10) % 10 != s[10] - '0') return false;
  int yy = num(s.substr(0, 2)), mm = num(s.substr(2, 2)), dd = num(s.substr(4, 2));
  int century = 1900;
  if (mm > 80)
    century = 1800, mm -= 80;
  else if (mm > 60)
    century = 2200, mm -= 60;
  else if (mm > 40)
    century = 2100, mm -= 40;
  else if (mm > 20)
    century = 2000, mm -= 20;
  return valid_date(century + yy, mm, dd);
}

bool se_personnummer_valid(std::string_view s) {
  if ((s.size() != 10 && s.size() != 12) || !all_digits(s)) return false;
  std::string_view t = s.substr(s.size() - 10);
  int yy = num(s.substr(0, s.size() - 8)), mm = num(t.substr(2, 2)), dd = num(t.substr(4, 2));
  if (dd > 60) dd -= 60;  // samordningsnummer: day + 60
  int year = s.size() == 12 ? yy : 2000 + yy;
  if (s.size() == 12 && (yy < 1800 || yy > 2099)) return false;
  return valid_date(year, mm, dd) && luhn_ok(t);
}

bool ca_sin_valid(std::string_view s) {
  return s.size() == 9 && all_digits(s) && s[0] != '0' && s[0] != '8' && luhn_ok(s);
}

bool cn_resident_id_valid(std::string_view s) {
  if (s.size() != 18 || !all_digits(s.substr(0, 17))) return false;
  char last = to_upper(s[17]);
  if (!is_digit(last) && last != 'X') return false;
  int year = num(s.substr(6, 4)), mm = num(s.substr(10, 2)), dd = num(s.substr(12, 2));
  if (year < 1900 || year > 2099 || !valid_date(year, mm, dd)) return false;
  static const int kW[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += kW[i] * (s[i] - '0');
  return "10X98765432"[sum % 11] == last;
}

bool fr_nir_valid(std::string_view s) {
  if (s.size() != 15) return false;
  char digits[13];
  for (int i = 0; i < 13; ++i) digits[i] = s[static_cast<size_t>(i)];
  int corsica = 0;
  char d6 = to_upper(digits[6]);
  if (digits[5] == '2' && (d6 == 'A' || d6 == 'B')) {
    corsica = d6 == 'A' ? 1000000 : 2000000;  // 2A → 19, 2B → 18: subtract from the number
    digits[6] = '0';
  }
  std::string_view n13(digits, 13);
  if (!all_digits(n13) || !all_digits(s.substr(13, 2))) return false;
  if (digits[0] != '1' && digits[0] != '2') return false;
  int mm = num(n13.substr(3, 2));
  if (!((mm >= 1 && mm <= 12) || (mm >= 20 && mm <= 42) || (mm >= 50 && mm <= 99))) return false;
  long long value = 0;
  for (char c : n13) value = value * 10 + (c - '0');
  value -= corsica;
  int key = 97 - static_cast<int>(value % 97);
  return key == num(s.substr(13, 2));
}

}  // namespace bulwark::detect::pii
