#include "gateway/holdback.h"

namespace bulwark::gateway {

size_t count_code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool HoldBack::add(std::string event, std::string_view content, std::string_view tool_args) {
  events_.push_back(std::move(event));
  content_.append(content);
  tool_args_.append(tool_args);
  held_chars_ += count_code_points(content) + count_code_points(tool_args);
  return held_chars_ >= window_;
}

std::string_view HoldBack::content_to_scan() const {
  // Step back `window_` code points into released text for context, landing on a boundary.
  size_t begin = released_bytes_;
  size_t back = 0;
  while (begin > 0 && back < window_) {
    --begin;
    if ((static_cast<unsigned char>(content_[begin]) & 0xC0) != 0x80) ++back;
  }
  return std::string_view(content_).substr(begin);
}

std::vector<std::string> HoldBack::release() {
  std::vector<std::string> out;
  out.swap(events_);
  released_bytes_ = content_.size();
  held_chars_ = 0;
  return out;
}

}  // namespace bulwark::gateway
