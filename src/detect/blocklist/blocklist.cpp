#include "detect/blocklist/blocklist.h"

#include <set>

#include "bulwark/policy.h"
#include "detect/blocklist/matcher.h"

namespace bulwark::detect {
namespace {

using blocklist::BlocklistMatcher;

class BlocklistDetector final : public Detector {
 public:
  explicit BlocklistDetector(std::unique_ptr<const BlocklistMatcher> m) : matcher_(std::move(m)) {}
  std::string_view id() const override { return "blocklist"; }
  std::unique_ptr<DetectorScratch> new_scratch() const override { return matcher_->new_scratch(); }
  Status scan(const ScanContext& ctx, DetectorScratch* scratch, HitSink& out) const override {
    return matcher_->scan(ctx, scratch, out);
  }

 private:
  std::unique_ptr<const BlocklistMatcher> matcher_;
};

}  // namespace

Result<DetectorPtr> make_blocklist_detector(const DetectorSpec& spec) {
  std::set<std::string> wanted;
  bool restrict = false;
  for (const auto& [key, value] : spec.params) {
    if (key != "lists")
      return invalid_policy("blocklist: unknown parameter '" + key + "' (known: lists)");
    restrict = true;
    std::string_view csv = value;
    while (!csv.empty()) {
      size_t comma = csv.find(',');
      std::string_view name = csv.substr(0, comma);
      while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
      while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
      if (!name.empty()) wanted.insert(std::string(name));
      csv = comma == std::string_view::npos ? std::string_view() : csv.substr(comma + 1);
    }
  }
  std::vector<const Blocklist*> lists;
  if (spec.policy != nullptr) {
    for (const auto& bl : spec.policy->blocklists)
      if (!restrict || wanted.count(bl.name)) lists.push_back(&bl);
  }
  for (const auto& name : wanted) {
    bool found = false;
    for (const Blocklist* bl : lists) found = found || bl->name == name;
    if (!found) return invalid_policy("blocklist: params.lists names unknown blocklist '" + name + "'");
  }
  auto m = BlocklistMatcher::compile(lists);
  if (!m.ok()) return m.status();
  return DetectorPtr(new BlocklistDetector(std::move(m).value()));
}

}  // namespace bulwark::detect
