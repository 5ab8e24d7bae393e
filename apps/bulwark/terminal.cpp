#include "terminal.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace bulwark::cli {

bool use_color(ColorMode mode) {
  if (mode == ColorMode::kAlways) return true;
  if (mode == ColorMode::kNever) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return isatty(STDOUT_FILENO) == 1;
}

bool stderr_is_tty() { return isatty(STDERR_FILENO) == 1; }

std::string Style::operator()(std::string_view text, const char* sgr) const {
  if (!on_) return std::string(text);
  return "\x1b[" + std::string(sgr) + "m" + std::string(text) + "\x1b[0m";
}

Progress::Progress(uint64_t total_bytes, bool enabled)
    : total_(total_bytes),
      enabled_(enabled && stderr_is_tty()),
      start_(Clock::now()),
      last_draw_(start_) {}

bool Progress::due() {
  if (!enabled_) return false;
  const auto now = Clock::now();
  if (now - start_ < std::chrono::seconds(1)) return false;
  if (now - last_draw_ < std::chrono::milliseconds(100)) return false;
  last_draw_ = now;
  return true;
}

void Progress::update(uint64_t bytes_done, uint64_t records_done) {
  if (due()) draw(bytes_done, records_done);
}

void Progress::show(const std::string& text) {
  if (due()) put(("\r\x1b[2K" + text).c_str());
}

void Progress::put(const char* line) {
  std::fputs(line, stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::draw(uint64_t bytes_done, uint64_t records_done) {
  const double secs = std::chrono::duration<double>(Clock::now() - start_).count();
  const double rate = secs > 0 ? static_cast<double>(records_done) / secs : 0.0;
  char line[160];
  if (total_ > 0) {
    double frac = static_cast<double>(bytes_done) / static_cast<double>(total_);
    if (frac > 1) frac = 1;
    constexpr int kWidth = 30;
    std::string bar(static_cast<size_t>(frac * kWidth), '#');
    bar.resize(kWidth, '.');
    const double eta = frac > 0 ? secs * (1 - frac) / frac : 0;
    std::snprintf(line, sizeof line, "\r[%s] %3.0f%%  %llu records  %.0f rec/s  ETA %dm%02ds ",
                  bar.c_str(), frac * 100, static_cast<unsigned long long>(records_done), rate,
                  static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
  } else {
    std::snprintf(line, sizeof line, "\r%llu records  %.0f rec/s  %.0fs ",
                  static_cast<unsigned long long>(records_done), rate, secs);
  }
  put(line);
}

void Progress::clear() {
  if (!drawn_) return;
  std::fputs("\r\x1b[2K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace bulwark::cli
