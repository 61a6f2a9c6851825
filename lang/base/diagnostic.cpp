#include "lang/base/diagnostic.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace scry::lang {
namespace {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

// Number of display columns of a byte range (code points; tabs kept as tabs by the caller).
uint32_t CodePoints(std::string_view text) {
  uint32_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++n;
    }
  }
  return n;
}

}  // namespace

void DiagnosticList::Add(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::kError) {
    if (error_count_ >= max_errors_) {
      truncated_ = true;
      ++error_count_;
      return;
    }
    ++error_count_;
  }
  diagnostics_.push_back(std::move(diagnostic));
}

void DiagnosticList::Append(const DiagnosticList& other) {
  for (const auto& d : other.diagnostics_) {
    Add(d);
  }
}

void DiagnosticList::Sort() {
  auto key = [](const Diagnostic& d) {
    const std::string* name = d.span.source != nullptr ? &d.span.source->name() : nullptr;
    return std::make_tuple(name != nullptr ? *name : std::string(), d.span.begin,
                           static_cast<int>(d.severity), d.span.end);
  };
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

std::string DiagnosticList::Render() const {
  std::string out;
  for (const auto& d : diagnostics_) {
    out += RenderDiagnostic(d);
  }
  if (truncated_) {
    out += fmt::format("error: too many errors ({} in all); stopped reporting after {}\n",
                       error_count_, max_errors_);
  }
  return out;
}

std::string RenderDiagnostic(const Diagnostic& d) {
  std::string out;
  if (!d.span.valid()) {
    out = fmt::format("{}: {}\n", SeverityName(d.severity), d.message);
  } else {
    const Source& source = *d.span.source;
    Source::Position pos = source.Locate(d.span.begin);
    out = fmt::format("{}:{}:{}: {}: {}\n", source.name(), pos.line, pos.column,
                      SeverityName(d.severity), d.message);
    std::string_view line = source.Line(pos.line);
    std::string gutter = fmt::format("{:>5}", pos.line);
    out += fmt::format("{} | {}\n", gutter, line);
    // The caret line copies tabs from the source line so it stays aligned in any terminal.
    std::string marker;
    uint32_t col = 1;
    for (size_t i = 0; i < line.size() && col < pos.column; ++i) {
      auto c = static_cast<unsigned char>(line[i]);
      if ((c & 0xC0) == 0x80) {
        continue;
      }
      marker += c == '\t' ? '\t' : ' ';
      ++col;
    }
    // Underline the span, clipped to the end of its first line.
    std::string_view span_text = d.span.text();
    size_t newline = span_text.find('\n');
    if (newline != std::string_view::npos) {
      span_text = span_text.substr(0, newline);
    }
    uint32_t width = std::max<uint32_t>(1, CodePoints(span_text));
    marker += '^';
    marker.append(width - 1, '~');
    out += fmt::format("{} | {}\n", std::string(gutter.size(), ' '), marker);
  }
  for (const auto& note : d.notes) {
    out += fmt::format("  note: {}\n", note);
  }
  return out;
}

}  // namespace scry::lang
