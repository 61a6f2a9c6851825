// Reading a YAML file into its documents, as YamlNode trees (yaml_node.hpp), with yaml-cpp.
//
// The file is split at its `---` and `...` lines before yaml-cpp sees it, because yaml-cpp
// gives up on a whole stream at its first syntax error: split, a broken document costs only
// itself. yaml-cpp's parser events are used rather than YAML::LoadAll, which loops forever
// (allocating) on a stray `,` after a document in yaml-cpp 0.7. YAML-level problems are reported
// here, each at its position: syntax errors (with yaml-cpp's message), scalars PyYAML cannot load
// or the model cannot hold (yaml_scalar.hpp), unclosed quotes, unsupported tags, non-scalar keys,
// and documents that explode through aliases. Everything Sigma-specific is left to the loader.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"
#include "rules/sigma/yaml_node.hpp"

namespace scry::sigma {

struct YamlDocumentRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};

/// The byte ranges of the documents of a YAML stream, in order. A document starts at its `---`
/// line (comments and directives before it included) or at the start of the text (after a
/// byte-order mark), and ends where the next begins or after its `...` line. Stretches holding
/// nothing but comments and directives are not documents.
std::vector<YamlDocumentRange> SplitYamlDocuments(std::string_view text);

struct YamlDocument {
  uint32_t index = 0;            // 0-based position among the file's documents
  std::optional<YamlNode> root;  // nullopt: an empty document (`---` and nothing), or failed
  bool failed = false;           // an error was reported: the document must not be used
};

/// A cap on nodes per document after expanding aliases, so that a few lines of nested
/// aliases (the "billion laughs") cannot make the loader build a huge tree.
inline constexpr size_t kMaxYamlNodesPerDocument = 100'000;

/// Reads the documents of `file` one by one, handing each to `visit` before reading the next,
/// so that a caller's own diagnostics about a document follow its YAML errors in file order.
/// Errors go to `diagnostics` and mark their document failed.
void ReadYamlDocuments(const lang::Source& file, lang::DiagnosticList& diagnostics,
                       const std::function<void(YamlDocument&)>& visit);

/// Reads every document of `file` at once.
std::vector<YamlDocument> ReadYamlDocuments(const lang::Source& file,
                                            lang::DiagnosticList& diagnostics);

}  // namespace scry::sigma
