#include "render.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "text/utf8.h"

namespace bulwark::cli {
namespace {

double micros(uint64_t nanos) { return static_cast<double>(nanos) / 1000.0; }

const char* action_color(Action a) {
  switch (a) {
    case Action::kAllow: return kGreen;
    case Action::kAnnotate: return kCyan;
    case Action::kRedact: return kYellow;
    case Action::kBlock: return kRed;
  }
  return kBold;
}

bool invisible(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xAD ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         (cp >= 0xE0000 && cp <= 0xE01EF) || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

std::string fmt_us(double us) {
  char buf[32];
  if (us >= 1000) std::snprintf(buf, sizeof buf, "%.1f ms", us / 1000);
  else std::snprintf(buf, sizeof buf, "%.1f µs", us);
  return buf;
}

// Display width of plain UTF-8 text, counting code points (good enough for the table's
// ASCII columns and most evidence).
size_t width(std::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

std::string pad(std::string s, size_t w) {
  size_t n = width(s);
  if (n < w) s.append(w - n, ' ');
  return s;
}

}  // namespace

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    int len = text::decode_utf8(s, i, cp);
    if (len == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(s[i]));
      out += buf;
      ++i;
      continue;
    }
    if (cp == '\n') out += "\\n";
    else if (cp == '\t') out += "\\t";
    else if (invisible(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%X}", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(s.substr(i, static_cast<size_t>(len)));
    }
    i += static_cast<size_t>(len);
  }
  return out;
}

nlohmann::ordered_json result_json(const ScanResult& r, Role role) {
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : r.findings) {
    findings.push_back({{"detector", f.detector},
                        {"category", f.category},
                        {"subtype", f.subtype},
                        {"severity", f.severity},
                        {"score", f.score},
                        {"action", std::string(action_name(f.action))},
                        {"span",
                         {{"byte_begin", f.span.byte_begin},
                          {"byte_end", f.span.byte_end},
                          {"cp_begin", f.span.cp_begin},
                          {"cp_end", f.span.cp_end}}},
                        {"evidence", f.evidence},
                        {"via", f.via}});
  }
  nlohmann::ordered_json detectors = nlohmann::ordered_json::object();
  for (const auto& t : r.timings) detectors[t.detector] = micros(t.nanos);
  nlohmann::ordered_json unread = nlohmann::ordered_json::array();
  for (const auto& u : r.unread) unread.push_back({{"detector", u.detector}, {"scripts", u.scripts}});
  nlohmann::ordered_json below = nlohmann::ordered_json::array();
  for (const auto& b : r.below_threshold)
    below.push_back({{"detector", b.detector}, {"category", b.category}, {"score", b.score}});
  return {{"decision", std::string(action_name(r.decision))},
          {"role", std::string(role_name(role))},
          {"findings", std::move(findings)},
          {"redacted_text", r.redacted_text ? nlohmann::ordered_json(*r.redacted_text) : nlohmann::ordered_json(nullptr)},
          {"timings_us",
           {{"pipeline", micros(r.pipeline_nanos)},
            {"total", micros(r.total_nanos)},
            {"detectors", std::move(detectors)}}},
          {"utf8_replaced", r.utf8_replaced},
          {"detector_errors", r.detector_errors},
          {"unread", std::move(unread)},
          {"below_threshold", std::move(below)}};
}

std::string dump_json(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string result_table(const ScanResult& r, Role role, size_t input_bytes, const Style& style) {
  std::string out;
  std::string decision(action_name(r.decision));
  std::transform(decision.begin(), decision.end(), decision.begin(), ::toupper);
  out += style("decision", kBold) + "  " + style(decision, action_color(r.decision)) + "   " +
         style("role " + std::string(role_name(role)) + ", " + std::to_string(input_bytes) +
                   " bytes, " + std::to_string(r.findings.size()) + " finding" +
                   (r.findings.size() == 1 ? "" : "s") + ", " + fmt_us(micros(r.total_nanos)),
               kDim) +
         "\n";
  if (!r.findings.empty()) {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"detector", "category/subtype", "sev", "score", "action", "bytes", "chars", "via", "evidence"});
    for (const Finding& f : r.findings) {
      char score[16];
      std::snprintf(score, sizeof score, "%.2f", f.score);
      rows.push_back({f.detector, f.category + "/" + f.subtype, std::to_string(f.severity), score,
                      std::string(action_name(f.action)),
                      std::to_string(f.span.byte_begin) + "-" + std::to_string(f.span.byte_end),
                      std::to_string(f.span.cp_begin) + "-" + std::to_string(f.span.cp_end),
                      f.via.empty() ? "-" : f.via, printable(f.evidence)});
    }
    std::vector<size_t> w(rows[0].size(), 0);
    for (const auto& row : rows)
      for (size_t c = 0; c < row.size(); ++c) w[c] = std::max(w[c], width(row[c]));
    for (size_t i = 0; i < rows.size(); ++i) {
      std::string line = "  ";
      for (size_t c = 0; c < rows[i].size(); ++c) {
        std::string cell = c + 1 == rows[i].size() ? rows[i][c] : pad(rows[i][c], w[c]) + "  ";
        if (i == 0) cell = style(cell, kDim);
        else if (c == 4) cell = style(cell, action_color(r.findings[i - 1].action));
        line += cell;
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
  }
  if (r.redacted_text) out += style("redacted", kBold) + "  " + printable(*r.redacted_text) + "\n";
  if (r.utf8_replaced) out += style("note", kBold) + "  malformed UTF-8 was replaced with U+FFFD\n";
  for (const auto& e : r.detector_errors) out += style("detector error", kRed) + "  " + e + "\n";
  for (const auto& u : r.unread) {
    std::string scripts;
    for (const auto& s : u.scripts) scripts += (scripts.empty() ? "" : ", ") + s;
    out += style("not read", kYellow) + "  " + u.detector + " did not judge the " + scripts +
           " text (no ordinary training text in that script)\n";
  }
  std::string timings = "pipeline " + fmt_us(micros(r.pipeline_nanos));
  for (const auto& t : r.timings) timings += ", " + t.detector + " " + fmt_us(micros(t.nanos));
  out += style("timings", kDim) + "  " + style(timings, kDim) + "\n";
  return out;
}

}  // namespace bulwark::cli
