// gateway/sse.h — incremental Server-Sent Events parser for upstream streams: bytes in,
// complete events' data out (multi-line data joined with '\n').
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bulwark::gateway {

class SseParser {
 public:
  // Appends bytes; returns the data of every event completed by them.
  std::vector<std::string> feed(std::string_view bytes);
  // Data of a final event not terminated by a blank line, if any.
  std::vector<std::string> finish();

 private:
  void take_line(std::string_view line, std::vector<std::string>& out);
  std::string buffer_;
  std::string data_;
  bool has_data_ = false;
};

}  // namespace bulwark::gateway
