// Source text and spans into it.
//
// Every piece of text scry reads as code (a .scry file, a query typed on the command line,
// a Sigma YAML file) becomes a Source. AST nodes and diagnostics point into it with a
// SourceSpan; line and column are computed on demand, so a span stays two integers wide.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace scry::lang {

class Source {
 public:
  Source(std::string name, std::string text);

  /// The name diagnostics print: a file path, or a label such as "<query>".
  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }

  struct Position {
    uint32_t line;    // 1-based
    uint32_t column;  // 1-based, counted in code points so carets line up under UTF-8 text
  };
  Position Locate(uint32_t offset) const;

  /// The text of a 1-based line, without its line terminator.
  std::string_view Line(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string name_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

/// A half-open byte range [begin, end) of one Source. A default span points nowhere
/// (used for synthesized nodes, e.g. those a Sigma import builds without text).
struct SourceSpan {
  const Source* source = nullptr;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool valid() const { return source != nullptr; }
  std::string_view text() const;
  /// The smallest span covering both; an invalid side is ignored.
  SourceSpan Merge(const SourceSpan& other) const;
};

/// Owns Sources so that spans (which hold raw pointers) outlive parsing and compilation.
class SourceSet {
 public:
  const Source& Add(std::string name, std::string text);
  /// Reads a file; returns nullptr and fills `error` when it cannot be read.
  const Source* AddFile(const std::string& path, std::string& error);

 private:
  std::vector<std::unique_ptr<Source>> sources_;
};

}  // namespace scry::lang
