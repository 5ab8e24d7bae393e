#include "model/word_list.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <unordered_map>

#include "model/recipe.h"
#include "text/normalize.h"
#include "text/word_splitter.h"

namespace bulwark::model {

Result<size_t> write_word_list(const std::vector<Record>& records, const std::string& path) {
  std::unordered_map<std::string, int64_t> counts;
  for (const Record& r : records) {
    if (is_dev_source(prompt_attack_dev_sources(), r.source) || is_dev_source(document_attack_dev_sources(), r.source) ||
        is_dev_source(harm_dev_sources(), r.source))
      continue;
    const std::string sk = text::skeleton_text(r.text);
    // A word glued to a digit or a non-ASCII letter is not a word of its own.
    auto glue = [](char c) { return static_cast<unsigned char>(c) >= 0x80 || std::isdigit(static_cast<unsigned char>(c)); };
    text::for_each_letter_run(sk, [&](size_t i, size_t j) {
      if (!(i > 0 && glue(sk[i - 1])) && !(j < sk.size() && glue(sk[j]))) ++counts[sk.substr(i, j - i)];
      return true;
    });
  }
  std::vector<std::pair<std::string, int64_t>> words;
  for (auto& [w, n] : counts)
    if (n >= kWordListMinCount) words.emplace_back(w, n);
  std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (words.size() > kWordListMax) words.resize(kWordListMax);
  std::ofstream f(path);
  f << "# bulwark word list: word<TAB>count in the training text (bulwark train; held-out sources left out)\n";
  for (const auto& [w, n] : words) f << w << '\t' << n << '\n';
  if (!f) return internal_error("cannot write " + path);
  return words.size();
}

}  // namespace bulwark::model
