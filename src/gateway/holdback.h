// gateway/holdback.h — the streaming hold-back window. Upstream events are held until the
// text they carry has been scanned; the window is scanned whenever it holds `window` code
// points, and once more at the end, so nothing unscanned reaches the client. Each scan
// includes up to `window` code points already released, so that a match straddling two
// windows is still seen.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bulwark::gateway {

class HoldBack {
 public:
  explicit HoldBack(size_t window_chars) : window_(window_chars ? window_chars : 1) {}

  // Holds one upstream event; content and tool_args are the text it adds. Returns true when
  // the held text reached the window and a scan is due before anything more is released.
  bool add(std::string event, std::string_view content, std::string_view tool_args = {});

  // What to scan now: held content with its overlap context, and all tool arguments so far
  // (arguments are JSON and only meaningful whole).
  std::string_view content_to_scan() const;
  std::string_view tool_args() const { return tool_args_; }

  // The scan passed: hand over every held event, in order.
  std::vector<std::string> release();

  size_t held_chars() const { return held_chars_; }
  size_t held_events() const { return events_.size(); }
  const std::string& content() const { return content_; }

 private:
  size_t window_;
  std::string content_;          // all assistant text so far
  std::string tool_args_;        // all tool-call argument text so far
  size_t released_bytes_ = 0;    // prefix of content_ already released
  size_t held_chars_ = 0;        // code points held since the last release
  std::vector<std::string> events_;
};

size_t count_code_points(std::string_view s);

}  // namespace bulwark::gateway
