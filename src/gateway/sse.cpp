#include "gateway/sse.h"

namespace bulwark::gateway {

void SseParser::take_line(std::string_view line, std::vector<std::string>& out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) {
    if (has_data_) out.push_back(std::move(data_));
    data_.clear();
    has_data_ = false;
    return;
  }
  if (line.rfind("data:", 0) != 0) return;   // event:, id:, retry: and comments carry no payload here
  std::string_view v = line.substr(5);
  if (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  if (has_data_) data_ += '\n';
  data_.append(v);
  has_data_ = true;
}

std::vector<std::string> SseParser::feed(std::string_view bytes) {
  std::vector<std::string> out;
  buffer_.append(bytes);
  size_t start = 0;
  for (;;) {
    size_t nl = buffer_.find('\n', start);
    if (nl == std::string::npos) break;
    take_line(std::string_view(buffer_).substr(start, nl - start), out);
    start = nl + 1;
  }
  buffer_.erase(0, start);
  return out;
}

std::vector<std::string> SseParser::finish() {
  std::vector<std::string> out;
  if (!buffer_.empty()) take_line(buffer_, out);
  buffer_.clear();
  take_line("", out);
  return out;
}

}  // namespace bulwark::gateway
