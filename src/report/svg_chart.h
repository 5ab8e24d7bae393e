// report/svg_chart.h — small inline SVG charts for the HTML report: no script, no external
// asset, readable when printed. Values must be non-negative.
#pragma once

#include <string>
#include <vector>

namespace bulwark::report::internal {

struct Series {
  std::string name;
  std::string color;             // CSS colour
  std::vector<double> values;    // one per label
};

// Stacked vertical bars, one per label (e.g. per day), with a legend.
std::string stacked_bars_svg(const std::vector<std::string>& labels, const std::vector<Series>& series,
                             const std::string& title);
// One horizontal bar per label (e.g. per identity).
std::string horizontal_bars_svg(const std::vector<std::string>& labels, const std::vector<double>& values,
                                const std::string& color, const std::string& title);
// A single 100% bar split by share (e.g. matrix rows by state), with a legend.
std::string share_bar_svg(const std::vector<Series>& parts, const std::string& title);

std::string html_escape(const std::string& s);

}  // namespace bulwark::report::internal
