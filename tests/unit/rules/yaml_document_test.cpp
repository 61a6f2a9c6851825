// Reading YAML into YamlNodes: splitting files into documents, the span of every kind of
// scalar and collection (byte offsets, UTF-8, CRLF, BOM), and the YAML-level errors.
#include "rules/sigma/yaml_document.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sigma_test_util.hpp"

namespace scry::sigma {
namespace {

using testing::LoadErrors;

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> out;
  for (const YamlDocumentRange& range : SplitYamlDocuments(text)) {
    out.emplace_back(text.substr(range.begin, range.end - range.begin));
  }
  return out;
}

// Reads one document and keeps its Source alive.
struct Read {
  lang::Source file;
  lang::DiagnosticList diagnostics;
  std::vector<YamlDocument> documents;

  explicit Read(std::string text) : file("y.yml", std::move(text)) {
    documents = ReadYamlDocuments(file, diagnostics);
  }
  const YamlNode& root() const { return *documents.at(0).root; }
  // The value of top-level key `key`.
  const YamlNode& operator[](std::string_view key) const {
    int index = root().Find(key);
    EXPECT_GE(index, 0) << key;
    return root().values.at(index);
  }
};

TEST(YamlSplit, Documents) {
  EXPECT_EQ(Split("a: 1\n"), (std::vector<std::string>{"a: 1\n"}));
  EXPECT_EQ(Split("a: 1\n---\nb: 2\n"), (std::vector<std::string>{"a: 1\n", "---\nb: 2\n"}));
  // Comments and directives before the first `---` belong to its document.
  EXPECT_EQ(Split("# c\n%YAML 1.1\n---\na: 1\n"),
            (std::vector<std::string>{"# c\n%YAML 1.1\n---\na: 1\n"}));
  // An explicit empty document is a document; a trailing comment-only stretch is not.
  EXPECT_EQ(Split("a: 1\n---\n---\nb: 2\n"),
            (std::vector<std::string>{"a: 1\n", "---\n", "---\nb: 2\n"}));
  EXPECT_EQ(Split("a: 1\n...\n# end\n"), (std::vector<std::string>{"a: 1\n...\n"}));
  // `---` must stand alone at the start of a line.
  EXPECT_EQ(Split("a: '---'\nb: ---x\n  ---\n"),
            (std::vector<std::string>{"a: '---'\nb: ---x\n  ---\n"}));
  EXPECT_EQ(Split("--- a: 1\n---\tb: 2"), (std::vector<std::string>{"--- a: 1\n", "---\tb: 2"}));
  EXPECT_TRUE(Split("").empty());
  EXPECT_TRUE(Split("# only a comment\n").empty());
  // A byte-order mark is not part of the first document.
  EXPECT_EQ(Split("\xEF\xBB\xBF"
                  "a: 1\n"),
            (std::vector<std::string>{"a: 1\n"}));
}

TEST(YamlRead, DocumentIndexesCountEmptyDocuments) {
  Read read("a: 1\n---\n---\nb: 2\n");
  ASSERT_EQ(read.documents.size(), 3u);
  EXPECT_TRUE(read.documents[0].root.has_value());
  EXPECT_FALSE(read.documents[1].root.has_value());
  EXPECT_FALSE(read.documents[1].failed);
  EXPECT_EQ(read.documents[2].index, 2u);
  EXPECT_EQ(read.documents[2].root->keys.at(0).span.begin, 13u);
}

TEST(YamlSpans, Scalars) {
  Read read(
      "plain: some text  # comment\n"
      "single: 'it''s'\n"
      "double: \"a\\tb\" # c\n"
      "folded: first\n"
      "  second\n"
      "\n"
      "  third\n"
      "block: |-\n"
      "    line 1\n"
      "\n"
      "    line 2\n"
      "after: x\n"
      "tagged: !!str 12\n"
      "anchored: &a value\n"
      "alias: *a\n");
  ASSERT_EQ(read.diagnostics.Render(), "");
  EXPECT_EQ(read["plain"].span.text(), "some text");
  EXPECT_EQ(read["single"].span.text(), "'it''s'");
  EXPECT_EQ(read["single"].scalar.text, "it's");
  EXPECT_EQ(read["double"].span.text(), "\"a\\tb\"");
  EXPECT_EQ(read["double"].scalar.text, "a\tb");
  EXPECT_EQ(read["folded"].scalar.text, "first second\nthird");
  EXPECT_EQ(read["folded"].span.text(), "first\n  second\n\n  third");
  EXPECT_EQ(read["block"].scalar.text, "line 1\n\nline 2");
  EXPECT_EQ(read["block"].span.text(), "|-\n    line 1\n\n    line 2");
  EXPECT_EQ(read["tagged"].span.text(), "12");
  EXPECT_EQ(read["tagged"].scalar.kind, SigmaValue::Kind::kString);
  EXPECT_EQ(read["anchored"].span.text(), "value");
  // An alias is the anchored node: it points at the anchor's text.
  EXPECT_EQ(read["alias"].span.text(), "value");
  EXPECT_EQ(read.root().keys.at(0).span.text(), "plain");
}

TEST(YamlSpans, EmptyValuesPointAfterTheirIndicator) {
  Read read("a:\nb: ~\nc:   # nothing\nd:\n  -\n  - x\n");
  ASSERT_EQ(read.diagnostics.Render(), "");
  EXPECT_TRUE(read["a"].is_null());
  EXPECT_EQ(read["a"].span.begin, 2u);  // right after "a:"
  EXPECT_EQ(read["a"].span.end, 2u);
  EXPECT_EQ(read["b"].span.text(), "~");
  EXPECT_TRUE(read["c"].is_null());
  const YamlNode& empty_item = read["d"].values.at(0);
  EXPECT_TRUE(empty_item.is_null());
  EXPECT_EQ(read.file.text().substr(empty_item.span.begin - 1, 1), "-");
}

TEST(YamlSpans, Collections) {
  Read read("flow: [a, 'b', {c: d}]\nempty: []\nblock:\n  - x\n  - y\nmap:\n  k: v\n");
  ASSERT_EQ(read.diagnostics.Render(), "");
  EXPECT_EQ(read["flow"].span.text(), "[a, 'b', {c: d}]");
  EXPECT_EQ(read["flow"].values.at(2).span.text(), "{c: d}");
  EXPECT_EQ(read["empty"].span.text(), "[]");
  EXPECT_EQ(read["block"].span.text(), "- x\n  - y");
  EXPECT_EQ(read["map"].span.text(), "k: v");
  EXPECT_EQ(read.root().span.begin, 0u);
}

// yaml-cpp counts columns in bytes; spans are byte offsets, and the rendered column counts
// code points, so a caret after non-ASCII text lands under the right character.
TEST(YamlSpans, NonAsciiText) {
  Read read("ä: 'ö'\nk: [é, \"ü\", x]\n");
  ASSERT_EQ(read.diagnostics.Render(), "");
  EXPECT_EQ(read.root().keys.at(0).span.text(), "ä");
  EXPECT_EQ(read["ä"].span.text(), "'ö'");
  EXPECT_EQ(read["k"].values.at(1).span.text(), "\"ü\"");
  EXPECT_EQ(read["k"].values.at(2).span.text(), "x");
  EXPECT_EQ(read.file.Locate(read["k"].values.at(2).span.begin).column, 13u);
}

TEST(YamlSpans, ByteOrderMarkAndCrLf) {
  Read read(
      "\xEF\xBB\xBF"
      "a: x\r\nb: 'y'\r\n---\r\nc: z\r\n");
  ASSERT_EQ(read.diagnostics.Render(), "");
  ASSERT_EQ(read.documents.size(), 2u);
  EXPECT_EQ(read["a"].span.text(), "x");
  EXPECT_EQ(read["b"].span.text(), "'y'");
  const YamlNode& second = *read.documents[1].root;
  EXPECT_EQ(second.values.at(0).span.text(), "z");
  EXPECT_EQ(read.file.Locate(second.values.at(0).span.begin).line, 4u);
}

TEST(YamlErrors, SyntaxErrorsKeepYamlCppsMessageAndPosition) {
  EXPECT_EQ(LoadErrors("title: T\ndetection:\n    sel: [a, b\n"),
            "r.yml:3:15: error: invalid YAML: end of sequence flow not found\n"
            "    3 |     sel: [a, b\n"
            "      |               ^\n");
  EXPECT_EQ(LoadErrors("title: T\n  bad: indentation\n"),
            "r.yml:2:6: error: invalid YAML: illegal map value\n"
            "    2 |   bad: indentation\n"
            "      |      ^\n");
  EXPECT_EQ(LoadErrors("title: \"a\\qb\"\n"),
            "r.yml:1:12: error: invalid YAML: unknown escape character: q\n"
            "    1 | title: \"a\\qb\"\n"
            "      |            ^\n");
  EXPECT_EQ(LoadErrors("title: *nope\n"),
            "r.yml:1:8: error: invalid YAML: the referenced anchor is not defined\n"
            "    1 | title: *nope\n"
            "      |        ^\n");
}

TEST(YamlErrors, SyntaxErrorCostsOnlyItsDocument) {
  auto loaded = testing::Load(
      "title: A\nlogsource: {product: x}\ndetection: {s: a, condition: s}\n"
      "---\n"
      "title: [B\n"
      "---\n"
      "title: C\nlogsource: {product: x}\ndetection: {s: a, condition: s}\n");
  EXPECT_EQ(loaded->Errors(),
            "r.yml:5:10: error: invalid YAML: end of sequence flow not found\n"
            "    5 | title: [B\n"
            "      |          ^\n");
  ASSERT_EQ(loaded->documents.rules.size(), 2u);
  EXPECT_EQ(loaded->documents.rules[0].meta.title, "A");
  EXPECT_EQ(loaded->documents.rules[1].meta.title, "C");
  EXPECT_EQ(loaded->documents.rules[1].document_index, 2u);
  EXPECT_EQ(loaded->documents.failed, 1u);
}

// yaml-cpp 0.7's LoadAll loops forever (allocating) on a token it cannot place after a
// document; the loader reads one document per range and reports the token.
TEST(YamlErrors, StrayFlowEntryAfterADocument) {
  EXPECT_EQ(LoadErrors("[a], b\n"),
            "r.yml:1:4: error: invalid YAML: unexpected ','\n"
            "    1 | [a], b\n"
            "      |    ^\n");
  EXPECT_EQ(LoadErrors(",title: T\n"),
            "r.yml:1:1: error: invalid YAML: unexpected ','\n"
            "    1 | ,title: T\n"
            "      | ^\n");
}

TEST(YamlErrors, AliasInsideItsOwnAnchor) {
  EXPECT_EQ(LoadErrors("title: &a [1, *a]\n"),
            "r.yml:1:15: error: an alias cannot refer to the node that contains it\n"
            "    1 | title: &a [1, *a]\n"
            "      |               ^\n");
}

TEST(YamlErrors, DiagnosticsComeInDocumentOrder) {
  EXPECT_EQ(LoadErrors("title: T\n---\n,\n"),
            "r.yml:1:1: error: missing required attribute 'logsource'\n"
            "    1 | title: T\n"
            "      | ^~~~~\n"
            "r.yml:1:1: error: missing required attribute 'detection'\n"
            "    1 | title: T\n"
            "      | ^~~~~\n"
            "r.yml:3:1: error: invalid YAML: unexpected ','\n"
            "    3 | ,\n"
            "      | ^\n");
}

TEST(YamlErrors, UnclosedQuote) {
  // yaml-cpp accepts a quoted scalar that runs to the end of the document; PyYAML does not.
  EXPECT_EQ(LoadErrors("title: 'T\nlogsource: x\n"),
            "r.yml:1:8: error: this quoted string is not closed\n"
            "    1 | title: 'T\n"
            "      |        ^\n");
}

TEST(YamlErrors, ScalarsPyYamlCannotLoad) {
  EXPECT_EQ(LoadErrors("title: T\ndate: 2019-13-45\n"),
            "r.yml:2:7: error: '2019-13-45' is not a valid date (YAML reads an unquoted "
            "YYYY-MM-DD as a date); quote it to keep it as text\n"
            "    2 | date: 2019-13-45\n"
            "      |       ^~~~~~~~~~\n");
  EXPECT_EQ(LoadErrors("title: T\ncustom: !foo x\n"),
            "r.yml:2:14: error: YAML tag '!foo' is not supported (PyYAML's safe loader, which "
            "Sigma tools use, rejects it)\n"
            "    2 | custom: !foo x\n"
            "      |              ^\n");
  EXPECT_EQ(LoadErrors("title: T\ncustom: !foo {a: 1}\n"),
            "r.yml:2:9: error: YAML tag '!foo' is not supported on a map\n"
            "    2 | custom: !foo {a: 1}\n"
            "      |         ^~~~~\n");
  EXPECT_EQ(LoadErrors("title: T\n<<: {a: 1}\n"),
            "r.yml:2:1: error: '<<' (a YAML merge key) is not supported; write the merged "
            "entries out, or quote it\n"
            "    2 | <<: {a: 1}\n"
            "      | ^~\n");
}

TEST(YamlErrors, KeysMustBeScalars) {
  EXPECT_EQ(LoadErrors("title: T\n? [a, b]\n: x\n"),
            "r.yml:2:3: error: a map key must be a scalar, not a map or a list\n"
            "    2 | ? [a, b]\n"
            "      |   ^~~~~~\n");
}

TEST(YamlErrors, AliasBombIsCapped) {
  // Each level doubles the tree: 2^20 nodes once expanded, from a few hundred bytes.
  std::string text = "a0: &a0 [x, x]\n";
  for (int i = 1; i <= 20; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1)
            + ", *a" + std::to_string(i - 1) + "]\n";
  }
  auto loaded = testing::Load(text);
  EXPECT_NE(loaded->Errors().find("document is too large: more than 100000 YAML nodes once its "
                                  "aliases are expanded"),
            std::string::npos)
      << loaded->Errors();
  EXPECT_EQ(loaded->diagnostics.error_count(), 1u);
  EXPECT_EQ(loaded->documents.failed, 1u);
}

}  // namespace
}  // namespace scry::sigma
