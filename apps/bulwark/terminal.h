// apps/bulwark/terminal.h — terminal helpers for the command line: colour decisions and a
// progress bar on stderr.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace bulwark::cli {

enum class ColorMode { kAuto, kAlways, kNever };

// kAuto: colour only when stdout is a terminal and NO_COLOR is unset or empty
// (https://no-color.org). kAlways/kNever override both.
bool use_color(ColorMode mode);

// ANSI styling that collapses to the plain text when colour is off.
class Style {
 public:
  explicit Style(bool on) : on_(on) {}
  std::string operator()(std::string_view text, const char* sgr) const;
  bool on() const { return on_; }

 private:
  bool on_;
};

inline constexpr const char* kBold = "1";
inline constexpr const char* kDim = "2";
inline constexpr const char* kRed = "1;31";
inline constexpr const char* kGreen = "32";
inline constexpr const char* kYellow = "33";
inline constexpr const char* kCyan = "36";

// A one-line progress bar on stderr. Silent unless stderr is a terminal, and only drawn
// once the run has lasted more than a second, so short runs print nothing. With a known
// total (bytes of input) it shows a bar, percentage and ETA; always records/s.
class Progress {
 public:
  Progress(uint64_t total_bytes, bool enabled);
  ~Progress() { finish(); }
  void update(uint64_t bytes_done, uint64_t records_done);
  // A line of the caller's own instead of the bar, under the same rules (a terminal only,
  // after the first second, at most every 100 ms).
  void show(const std::string& text);
  // Erases the bar before other output to the terminal; it is redrawn at the next update
  // due (at most every 100 ms), so interleaved output does not make it flicker per record.
  void clear();
  void finish() { clear(); }

 private:
  using Clock = std::chrono::steady_clock;
  bool due();   // true when a redraw may happen now (and counts it as done)
  void draw(uint64_t bytes_done, uint64_t records_done);
  void put(const char* line);
  uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_draw_;
};

bool stderr_is_tty();

}  // namespace bulwark::cli
