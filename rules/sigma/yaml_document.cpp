#include "rules/sigma/yaml_document.hpp"

#include <algorithm>
#include <exception>
#include <functional>
#include <sstream>
#include <string>
#include <unordered_map>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "rules/sigma/yaml_scalar.hpp"
#include "rules/sigma/yaml_span.hpp"

namespace scry::sigma {
namespace {

using lang::SourceSpan;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// `---` or `...` at the start of a line, followed by whitespace or nothing.
bool IsMarker(std::string_view line, std::string_view marker) {
  return line.starts_with(marker) && (line.size() == 3 || IsSpace(line[3]));
}

// Not blank, not a comment, not a directive (`%YAML 1.1`).
bool IsContent(std::string_view line) {
  size_t first = line.find_first_not_of(" \t\r");
  return first != std::string_view::npos && line[first] != '#' && line[0] != '%';
}

// Builds YamlNodes from yaml-cpp's parser events for the range [base, limit) of `file`. The
// event interface is used rather than YAML::LoadAll because LoadAll (yaml-cpp 0.7) never ends
// on a stray `,` after a document: it keeps appending empty documents until memory runs out.
// Here the caller stops after one document per range.
class TreeBuilder : public YAML::EventHandler {
 public:
  struct Document {
    YamlNode root;
    bool empty = false;  // the root is null (`---` alone, or `~`): no content
    uint32_t start = 0;  // where yaml-cpp saw the document begin
  };

  TreeBuilder(const lang::Source& file, uint32_t base, uint32_t limit,
              lang::DiagnosticList& diagnostics)
      : file_(file), text_(file.text()), base_(base), limit_(limit), diagnostics_(diagnostics) {}

  bool failed() const { return failed_; }
  std::vector<Document>& documents() { return documents_; }

  uint32_t Offset(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.pos < 0) {
      return base_;
    }
    return std::min<uint32_t>(base_ + static_cast<uint32_t>(mark.pos), limit_);
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    stack_.clear();
    anchors_.clear();
    nodes_ = 0;
    root_ = YamlNode{};
    start_ = Offset(mark);
  }

  void OnDocumentEnd() override {
    bool empty = root_.is_null();
    documents_.push_back({std::move(root_), empty, start_});
  }

  // yaml-cpp reports both `~`/`null` and an empty value as null.
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (!Count(mark)) {
      return;
    }
    YamlNode node;
    uint32_t at = Offset(mark);
    uint32_t p = SkipNodeProperties(text_, at, limit_);
    if (uint32_t length = NullLiteralLength(text_, p, limit_); length > 0) {
      node.span = Span(p, p + length);
      node.written = std::string(text_.substr(p, length));
    } else {
      uint32_t empty = EmptyValuePosition(text_, at, base_);
      node.span = Span(empty, empty);
    }
    node.scalar.span = node.span;
    Complete(std::move(node), anchor, 1);
  }

  // An alias is a copy of the anchored node (PyYAML shares it; a copy reads the same).
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (too_large_) {
      return;  // anchors are no longer recorded
    }
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      uint32_t at = Offset(mark);
      Error(Span(at, at + 1), "an alias cannot refer to the node that contains it");
      YamlNode placeholder;  // keeps the keys and values of the enclosing map in step
      placeholder.span = Span(at, at + 1);
      Complete(std::move(placeholder), YAML::NullAnchor, 1);
      return;
    }
    nodes_ += it->second.count;
    if (!Count(mark)) {
      return;
    }
    Complete(it->second.node, YAML::NullAnchor, it->second.count);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (!Count(mark)) {
      return;
    }
    YamlNode node;
    uint32_t at = Offset(mark);
    node.written = value;
    std::optional<TextRange> range = ScalarRange(text_, at, limit_, value);
    if (!range) {
      uint32_t p = SkipNodeProperties(text_, at, limit_);
      Error(Span(p, p + 1), "this quoted string is not closed");
      range = TextRange{p, p + 1};
    }
    node.span = Span(range->begin, range->end);
    if (auto typed = TypeYamlScalar(value, tag)) {
      node.scalar = std::move(*typed);
    } else {
      Error(node.span, typed.error());
      node.scalar.kind = SigmaValue::Kind::kString;
      node.scalar.text = value;
    }
    node.scalar.span = node.span;
    Complete(std::move(node), anchor, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(YamlNode::Kind::kSequence, mark, tag, anchor);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(YamlNode::Kind::kMap, mark, tag, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct OpenCollection {
    YamlNode node;
    YAML::anchor_t anchor;
    size_t nodes_before;  // to know how many nodes an alias of it copies
  };
  struct Anchored {
    YamlNode node;
    size_t count;
  };

  void Error(SourceSpan span, std::string message) {
    diagnostics_.Error(span, std::move(message));
    failed_ = true;
  }

  SourceSpan Span(uint32_t begin, uint32_t end) const { return {&file_, begin, end}; }

  // Counts a new node against the cap; past it, nodes are no longer built.
  bool Count(const YAML::Mark& mark) {
    if (++nodes_ <= kMaxYamlNodesPerDocument) {
      return true;
    }
    if (!too_large_) {
      too_large_ = true;
      uint32_t at = Offset(mark);
      Error(Span(at, at),
            fmt::format("document is too large: more than {} YAML nodes once its aliases are "
                        "expanded",
                        kMaxYamlNodesPerDocument));
    }
    return false;
  }

  void Open(YamlNode::Kind kind, const YAML::Mark& mark, const std::string& tag,
            YAML::anchor_t anchor) {
    bool counted = Count(mark);
    YamlNode node;
    node.kind = kind;
    uint32_t at = Offset(mark);
    uint32_t begin = SkipNodeProperties(text_, at, limit_);
    node.span = Span(begin, begin);
    std::string_view name = kind == YamlNode::Kind::kMap ? "map" : "seq";
    if (counted && !tag.empty() && tag != kPlainScalarTag && tag != kNonPlainScalarTag
        && tag != fmt::format("tag:yaml.org,2002:{}", name)) {
      Error(Span(at, begin), fmt::format("YAML tag '{}' is not supported on a {}", tag,
                                         kind == YamlNode::Kind::kMap ? "map" : "sequence"));
    }
    stack_.push_back({std::move(node), anchor, nodes_});
  }

  void Close() {
    OpenCollection open = std::move(stack_.back());
    stack_.pop_back();
    YamlNode& node = open.node;
    if (std::optional<uint32_t> flow_end = FlowCollectionEnd(text_, node.span.begin, limit_)) {
      node.span.end = *flow_end;
    }
    Complete(std::move(node), open.anchor, nodes_ - open.nodes_before + 1);
  }

  // Adds a finished node to the collection being built (or makes it the root).
  void Complete(YamlNode node, YAML::anchor_t anchor, size_t count) {
    if (too_large_) {
      return;
    }
    if (anchor != YAML::NullAnchor) {
      anchors_[anchor] = {node, count};
    }
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    YamlNode& parent = stack_.back().node;
    if (node.span.valid()) {
      parent.span.end = std::max(parent.span.end, node.span.end);
    }
    if (parent.is_map() && parent.keys.size() == parent.values.size()) {
      if (!node.is_scalar()) {
        // PyYAML's safe loader cannot hash a map or list key either.
        Error(node.span, "a map key must be a scalar, not a map or a list");
      }
      parent.keys.push_back(std::move(node));
    } else {
      parent.values.push_back(std::move(node));
    }
  }

  const lang::Source& file_;
  std::string_view text_;
  uint32_t base_;
  uint32_t limit_;
  lang::DiagnosticList& diagnostics_;
  std::vector<OpenCollection> stack_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  YamlNode root_;
  uint32_t start_ = 0;
  std::vector<Document> documents_;
  size_t nodes_ = 0;
  bool too_large_ = false;
  bool failed_ = false;
};

}  // namespace

std::vector<YamlDocumentRange> SplitYamlDocuments(std::string_view text) {
  std::vector<YamlDocumentRange> out;
  uint32_t size = static_cast<uint32_t>(text.size());
  uint32_t begin = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  bool explicit_start = false;  // the current document began with `---`
  bool content = false;         // ... or has content
  auto close = [&](uint32_t end) {
    if (explicit_start || content) {
      out.push_back({begin, end});
    }
  };
  for (uint32_t line = begin; line < size;) {
    uint32_t line_end = static_cast<uint32_t>(std::min<size_t>(text.find('\n', line), size));
    uint32_t next = std::min(line_end + 1, size);
    std::string_view l = text.substr(line, line_end - line);
    if (IsMarker(l, "---")) {
      // Comments and directives before the first `---` belong to its document.
      if (explicit_start || content) {
        close(line);
        begin = line;
      }
      explicit_start = true;
      content = IsContent(l.substr(3));
    } else if (IsMarker(l, "...")) {
      close(next);
      begin = next;
      explicit_start = content = false;
    } else if (!content && IsContent(l)) {
      content = true;
    }
    line = next;
  }
  close(size);
  return out;
}

void ReadYamlDocuments(const lang::Source& file, lang::DiagnosticList& diagnostics,
                       const std::function<void(YamlDocument&)>& visit) {
  uint32_t index = 0;
  for (const YamlDocumentRange& range : SplitYamlDocuments(file.text())) {
    TreeBuilder builder(file, range.begin, range.end, diagnostics);
    auto at = [&](const YAML::Mark& mark) {
      uint32_t offset = builder.Offset(mark);
      // "Not found" errors are at the end of the input: point after the document's last
      // character rather than at the next document's `---`.
      if (offset == range.end && offset > range.begin && file.text()[offset - 1] == '\n') {
        --offset;
      }
      return lang::SourceSpan{&file, offset, offset};
    };
    bool failed = false;
    std::istringstream stream(file.text().substr(range.begin, range.end - range.begin));
    // yaml-cpp reports errors by throwing; nothing of it escapes this function.
    try {
      YAML::Parser parser(stream);
      // A range holds one document; a second one means yaml-cpp is stuck on a token it
      // cannot place (see TreeBuilder), so two are enough to tell.
      for (int n = 0; n < 2 && parser.HandleNextDocument(builder); ++n) {
      }
    } catch (const YAML::Exception& error) {
      diagnostics.Error(at(error.mark), "invalid YAML: " + error.msg);
      failed = true;
    } catch (const std::exception& error) {
      diagnostics.Error(at(YAML::Mark::null_mark()),
                        std::string("cannot read this YAML: ") + error.what());
      failed = true;
    }
    std::vector<TreeBuilder::Document>& parsed = builder.documents();
    if (!failed && parsed.size() > 1) {
      uint32_t where = parsed[1].start;
      diagnostics.Error({&file, where, where + 1},
                        fmt::format("invalid YAML: unexpected '{}'", file.text().substr(where, 1)));
      failed = true;
    }
    if (parsed.empty() && !failed) {
      continue;  // nothing but comments and directives
    }
    YamlDocument document{index++, std::nullopt, failed || builder.failed()};
    if (!document.failed && !parsed[0].empty) {
      document.root = std::move(parsed[0].root);
    }
    visit(document);
  }
}

std::vector<YamlDocument> ReadYamlDocuments(const lang::Source& file,
                                            lang::DiagnosticList& diagnostics) {
  std::vector<YamlDocument> documents;
  ReadYamlDocuments(file, diagnostics,
                    [&](YamlDocument& document) { documents.push_back(std::move(document)); });
  return documents;
}

}  // namespace scry::sigma
