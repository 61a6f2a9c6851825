// Diagnostics: what scry tells a user about their rules, queries and imported Sigma files.
//
// A Diagnostic is a value (severity, message, the span it is about, optional notes). Stages
// that can report several problems collect them in a DiagnosticList and keep going; stages
// with a single expected failure return std::expected<T, Diagnostic>. Rendering is
//
//   rules/x.scry:3:23: error: unknown operator 'contians'; did you mean 'contains'?
//       3 |   | where CommandLine contians "x"
//         |                       ^~~~~~~~
#pragma once

#include <string>
#include <vector>

#include "lang/base/source.hpp"

namespace scry::lang {

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string message;
  SourceSpan span;
  std::vector<std::string> notes;  // extra lines, printed as "note: ..."

  static Diagnostic Error(SourceSpan span, std::string message) {
    return {Severity::kError, std::move(message), span, {}};
  }
  static Diagnostic Warning(SourceSpan span, std::string message) {
    return {Severity::kWarning, std::move(message), span, {}};
  }
  Diagnostic&& WithNote(std::string note) && {
    notes.push_back(std::move(note));
    return std::move(*this);
  }
};

/// Collects diagnostics of one compilation. A cap keeps a badly broken file from
/// producing thousands of follow-on errors.
class DiagnosticList {
 public:
  explicit DiagnosticList(size_t max_errors = 100) : max_errors_(max_errors) {}

  void Add(Diagnostic diagnostic);
  void Error(SourceSpan span, std::string message) {
    Add(Diagnostic::Error(span, std::move(message)));
  }
  void Warning(SourceSpan span, std::string message) {
    Add(Diagnostic::Warning(span, std::move(message)));
  }
  void Append(const DiagnosticList& other);

  bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  bool empty() const { return diagnostics_.empty(); }
  const std::vector<Diagnostic>& all() const { return diagnostics_; }

  /// Orders by source, then position, then severity, so output is stable for golden tests.
  void Sort();
  /// All diagnostics rendered, in order, each ending with a newline.
  std::string Render() const;

 private:
  std::vector<Diagnostic> diagnostics_;
  size_t error_count_ = 0;
  size_t max_errors_;
  bool truncated_ = false;
};

/// "file:line:col: error: message", then the source line with a caret under the span.
std::string RenderDiagnostic(const Diagnostic& diagnostic);

}  // namespace scry::lang
