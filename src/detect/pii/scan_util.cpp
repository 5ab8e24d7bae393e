#include "detect/pii/scan_util.h"

namespace bulwark::detect::pii {

bool context_before(std::string_view s, size_t pos, std::initializer_list<std::string_view> words,
                    size_t window) {
  size_t b = pos > window ? pos - window : 0;
  char buf[128];
  size_t n = 0;
  for (size_t i = b; i < pos && n < sizeof buf; ++i) buf[n++] = to_lower(s[i]);
  std::string_view w(buf, n);
  for (std::string_view word : words) {
    for (size_t at = w.find(word); at != std::string_view::npos; at = w.find(word, at + 1)) {
      bool left = at == 0 ? b == 0 || !is_alpha(s[b - 1]) : !is_alpha(w[at - 1]);
      bool right = at + word.size() >= w.size() || !is_alpha(w[at + word.size()]);
      if (left && right) return true;
    }
  }
  return false;
}

bool luhn_ok(std::string_view digits) {
  int sum = 0;
  bool dbl = false;
  int count = 0;
  for (size_t i = digits.size(); i-- > 0;) {
    char c = digits[i];
    if (!is_digit(c)) continue;
    int d = c - '0';
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
    ++count;
  }
  return count > 0 && sum % 10 == 0;
}

}  // namespace bulwark::detect::pii
