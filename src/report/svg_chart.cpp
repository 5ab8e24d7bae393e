#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bulwark::report::internal {

std::string html_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string count(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

std::string legend(const std::vector<Series>& series, double y, double width) {
  std::string out;
  double x = 0;
  for (const auto& s : series) {
    const double w = 24 + 7.0 * static_cast<double>(s.name.size());
    if (x + w > width) {
      x = 0;
      y += 18;
    }
    out += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"12\" height=\"12\" fill=\"" + s.color + "\"/>";
    out += "<text x=\"" + num(x + 16) + "\" y=\"" + num(y + 10) + "\" class=\"lg\">" + html_escape(s.name) + "</text>";
    x += w;
  }
  return out;
}

}  // namespace

std::string stacked_bars_svg(const std::vector<std::string>& labels, const std::vector<Series>& series,
                             const std::string& title) {
  const double width = 720, plot_h = 180, left = 44, top = 10, bottom_labels = 34;
  const size_t n = labels.size();
  double max_total = 0;
  for (size_t i = 0; i < n; ++i) {
    double t = 0;
    for (const auto& s : series) t += i < s.values.size() ? std::max(0.0, s.values[i]) : 0;
    max_total = std::max(max_total, t);
  }
  if (max_total <= 0) max_total = 1;
  const double plot_w = width - left - 10;
  const double slot = n ? plot_w / static_cast<double>(n) : plot_w;
  const double bar = std::min(48.0, slot * 0.7);
  const double legend_y = top + plot_h + bottom_labels;
  const double height = legend_y + 18 * (1 + static_cast<double>(series.size()) / 6);
  std::string out = "<svg class=\"chart\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" role=\"img\" "
                    "aria-label=\"" + html_escape(title) + "\"><title>" + html_escape(title) + "</title>";
  for (int g = 0; g <= 2; ++g) {   // gridlines at 0, half and the maximum
    const double v = max_total * g / 2.0, y = top + plot_h - plot_h * g / 2.0;
    out += "<line x1=\"" + num(left) + "\" x2=\"" + num(width - 10) + "\" y1=\"" + num(y) + "\" y2=\"" + num(y) +
           "\" class=\"grid\"/><text x=\"" + num(left - 4) + "\" y=\"" + num(y + 4) + "\" class=\"ax\" "
           "text-anchor=\"end\">" + count(v) + "</text>";
  }
  const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil(static_cast<double>(n) * 80.0 / plot_w)));
  for (size_t i = 0; i < n; ++i) {
    const double x = left + slot * static_cast<double>(i) + (slot - bar) / 2;
    double y = top + plot_h;
    for (const auto& s : series) {
      const double v = i < s.values.size() ? std::max(0.0, s.values[i]) : 0;
      if (v <= 0) continue;
      const double h = plot_h * v / max_total;
      y -= h;
      out += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(bar) + "\" height=\"" + num(h) +
             "\" fill=\"" + s.color + "\"><title>" + html_escape(labels[i] + ": " + s.name + " " + count(v)) +
             "</title></rect>";
    }
    if (i % every == 0)
      out += "<text x=\"" + num(x + bar / 2) + "\" y=\"" + num(top + plot_h + 16) + "\" class=\"ax\" "
             "text-anchor=\"middle\">" + html_escape(labels[i]) + "</text>";
  }
  out += legend(series, legend_y, width);
  return out + "</svg>";
}

std::string horizontal_bars_svg(const std::vector<std::string>& labels, const std::vector<double>& values,
                                const std::string& color, const std::string& title) {
  const double width = 720, row = 24, left = 220;
  double max_v = 0;
  for (double v : values) max_v = std::max(max_v, v);
  if (max_v <= 0) max_v = 1;
  const double height = row * static_cast<double>(labels.size()) + 8;
  std::string out = "<svg class=\"chart\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" role=\"img\" "
                    "aria-label=\"" + html_escape(title) + "\"><title>" + html_escape(title) + "</title>";
  for (size_t i = 0; i < labels.size(); ++i) {
    const double v = i < values.size() ? std::max(0.0, values[i]) : 0;
    const double y = 4 + row * static_cast<double>(i);
    const double w = (width - left - 60) * v / max_v;
    std::string label = labels[i].size() > 32 ? labels[i].substr(0, 31) + "…" : labels[i];
    out += "<text x=\"" + num(left - 8) + "\" y=\"" + num(y + 15) + "\" class=\"ax\" text-anchor=\"end\">" +
           html_escape(label) + "</text>";
    out += "<rect x=\"" + num(left) + "\" y=\"" + num(y + 3) + "\" width=\"" + num(std::max(w, 1.0)) +
           "\" height=\"16\" fill=\"" + color + "\"><title>" + html_escape(labels[i] + ": " + count(v)) +
           "</title></rect>";
    out += "<text x=\"" + num(left + w + 6) + "\" y=\"" + num(y + 15) + "\" class=\"ax\">" + count(v) + "</text>";
  }
  return out + "</svg>";
}

std::string share_bar_svg(const std::vector<Series>& parts, const std::string& title) {
  const double width = 720, bar_h = 28;
  double total = 0;
  for (const auto& p : parts) total += p.values.empty() ? 0 : std::max(0.0, p.values[0]);
  if (total <= 0) total = 1;
  std::string out = "<svg class=\"chart\" viewBox=\"0 0 " + num(width) + " 64\" role=\"img\" aria-label=\"" +
                    html_escape(title) + "\"><title>" + html_escape(title) + "</title>";
  double x = 0;
  std::vector<Series> shown;
  for (const auto& p : parts) {
    const double v = p.values.empty() ? 0 : std::max(0.0, p.values[0]);
    if (v <= 0) continue;
    const double w = width * v / total;
    out += "<rect x=\"" + num(x) + "\" y=\"0\" width=\"" + num(w) + "\" height=\"" + num(bar_h) + "\" fill=\"" +
           p.color + "\"><title>" + html_escape(p.name + ": " + count(v)) + "</title></rect>";
    out += "<text x=\"" + num(x + w / 2) + "\" y=\"19\" class=\"in\" text-anchor=\"middle\">" + count(v) + "</text>";
    x += w;
    Series s = p;
    s.name += " (" + count(v) + ")";
    shown.push_back(std::move(s));
  }
  out += legend(shown, bar_h + 12, width);
  return out + "</svg>";
}

}  // namespace bulwark::report::internal
