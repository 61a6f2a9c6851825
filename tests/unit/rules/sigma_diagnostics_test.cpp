// Every diagnostic of the Sigma loader, exactly as a user sees it: file:line:col, the message,
// the source line and the caret under the offending key or value.
#include <string>

#include <gtest/gtest.h>

#include "sigma_test_util.hpp"

namespace scry::sigma {
namespace {

using testing::Load;
using testing::LoadErrors;
using testing::RuleWith;

const std::string kLogSource = "logsource:\n    product: windows\n";
const std::string kDetection = "detection:\n    sel: x\n    condition: sel\n";

// --- The loader's rejection cases of sigma-spec.md 7.9. ---

TEST(SigmaDiagnostics, G17DetectionWithoutCondition) {
  EXPECT_EQ(LoadErrors("title: T\n" + kLogSource + "detection:\n    selection:\n        a: 1\n"),
            "r.yml:4:1: error: detection has no 'condition'\n"
            "    4 | detection:\n"
            "      | ^~~~~~~~~\n");
}

TEST(SigmaDiagnostics, G18EmptyKeywordList) {
  EXPECT_EQ(LoadErrors(RuleWith("    keywords: []\n    condition: keywords\n")),
            "r.yml:5:15: error: keyword list 'keywords' is empty\n"
            "    5 |     keywords: []\n"
            "      |               ^~\n");
}

TEST(SigmaDiagnostics, G18NullKeyword) {
  EXPECT_EQ(LoadErrors(RuleWith("    keywords:\n        - evil\n        - null\n"
                                "    condition: keywords\n")),
            "r.yml:7:11: error: a keyword cannot be null; null must be bound to a field "
            "('Field: null' matches a missing or null field)\n"
            "    7 |         - null\n"
            "      |           ^~~~\n");
  EXPECT_EQ(LoadErrors(RuleWith("    keywords:\n        '|all':\n    condition: keywords\n")),
            "r.yml:6:9: error: a keyword cannot be null; null must be bound to a field "
            "('Field: null' matches a missing or null field)\n"
            "    6 |         '|all':\n"
            "      |         ^~~~~~\n");
}

TEST(SigmaDiagnostics, G19MissingTitleLogsourceDetection) {
  EXPECT_EQ(LoadErrors("title: No logsource\n" + kDetection),
            "r.yml:1:1: error: missing required attribute 'logsource'\n"
            "    1 | title: No logsource\n"
            "      | ^~~~~\n");
  EXPECT_EQ(LoadErrors(kLogSource + kDetection),
            "r.yml:1:1: error: missing required attribute 'title'\n"
            "    1 | logsource:\n"
            "      | ^~~~~~~~~\n");
  EXPECT_EQ(LoadErrors("title: T\n" + kLogSource),
            "r.yml:1:1: error: missing required attribute 'detection'\n"
            "    1 | title: T\n"
            "      | ^~~~~\n");
}

TEST(SigmaDiagnostics, G20IdNotAUuid) {
  EXPECT_EQ(LoadErrors("title: Bad id\nid: my-rule-1\n" + kLogSource + kDetection),
            "r.yml:2:5: error: rule id 'my-rule-1' is not a UUID\n"
            "    2 | id: my-rule-1\n"
            "      |     ^~~~~~~~~\n"
            "  note: write it as 8-4-4-4-12 hex digits, e.g. 929a690e-bef0-4204-a928-ef5e620d6fcc; "
            "a readable reference goes in 'name'\n");
  // A number is not a UUID either, however it is written.
  EXPECT_NE(LoadErrors("title: T\nid: 0x17\n" + kLogSource + kDetection)
                .find("rule id '0x17' is not a UUID"),
            std::string::npos);
}

// --- Duplicate keys. ---

TEST(SigmaDiagnostics, DuplicateFieldInSelection) {
  EXPECT_EQ(LoadErrors(RuleWith("    sel:\n        Image: a\n        Image: b\n"
                                "    condition: sel\n")),
            "r.yml:7:9: error: duplicate key 'Image' in this map; use a list of maps or '|all' "
            "to test one field twice\n"
            "    7 |         Image: b\n"
            "      |         ^~~~~\n"
            "  note: 'Image' is first used on line 6\n");
}

TEST(SigmaDiagnostics, DuplicateKeysAnywhere) {
  EXPECT_EQ(LoadErrors("title: A\ntitle: B\n" + kLogSource + kDetection),
            "r.yml:2:1: error: duplicate key 'title' in this map\n"
            "    2 | title: B\n"
            "      | ^~~~~\n"
            "  note: 'title' is first used on line 1\n");
  EXPECT_EQ(LoadErrors(RuleWith("    sel: a\n    sel: b\n    condition: sel\n")),
            "r.yml:6:5: error: duplicate key 'sel' in this map\n"
            "    6 |     sel: b\n"
            "      |     ^~~\n"
            "  note: 'sel' is first used on line 5\n");
  // In a custom attribute too; `1` and `'1'` are different keys, as in PyYAML.
  EXPECT_EQ(LoadErrors("title: T\ncustom: {1: a, '1': b}\n" + kLogSource + kDetection), "");
  EXPECT_EQ(LoadErrors("title: T\ncustom: {a: 1, b: 2, a: 3}\n" + kLogSource + kDetection),
            "r.yml:2:22: error: duplicate key 'a' in this map\n"
            "    2 | custom: {a: 1, b: 2, a: 3}\n"
            "      |                      ^\n"
            "  note: 'a' is first used on line 2\n");
}

TEST(SigmaDiagnostics, CaretAfterNonAsciiText) {
  EXPECT_EQ(LoadErrors(RuleWith("    sel:\n        - {Näme: 'Ä', Näme: 'Ö'}\n"
                                "    condition: sel\n")),
            "r.yml:6:23: error: duplicate key 'Näme' in this map; use a list of maps or '|all' "
            "to test one field twice\n"
            "    6 |         - {Näme: 'Ä', Näme: 'Ö'}\n"
            "      |                       ^~~~\n"
            "  note: 'Näme' is first used on line 6\n");
}

// --- Metadata. ---

TEST(SigmaDiagnostics, Enumerations) {
  EXPECT_EQ(LoadErrors("title: T\nlevel: severe\n" + kLogSource + kDetection),
            "r.yml:2:8: error: 'level' must be one of informational, low, medium, high, "
            "critical\n"
            "    2 | level: severe\n"
            "      |        ^~~~~~\n");
  EXPECT_EQ(LoadErrors("title: T\nstatus: Stable\n" + kLogSource + kDetection),
            "r.yml:2:9: error: 'status' must be one of stable, test, experimental, deprecated, "
            "unsupported\n"
            "    2 | status: Stable\n"
            "      |         ^~~~~~\n");
}

TEST(SigmaDiagnostics, StringsAndLists) {
  EXPECT_EQ(LoadErrors("title: T\ntags: {a: b}\n" + kLogSource + kDetection),
            "r.yml:2:7: error: 'tags' must be a list of strings\n"
            "    2 | tags: {a: b}\n"
            "      |       ^~~~~~\n");
  EXPECT_EQ(
      LoadErrors("title: T\nfalsepositives:\n    - Unknown\n    - 42\n" + kLogSource + kDetection),
      "r.yml:3:5: error: 'falsepositives' must be a list of strings\n"
      "    3 |     - Unknown\n"
      "      |     ^~~~~~~~~\n");
  EXPECT_EQ(LoadErrors("title: 42\n" + kLogSource + kDetection),
            "r.yml:1:8: error: 'title' must be a string\n"
            "    1 | title: 42\n"
            "      |        ^~\n");
  EXPECT_EQ(LoadErrors("title:\n" + kLogSource + kDetection),
            "r.yml:1:1: error: 'title' is empty\n"
            "    1 | title:\n"
            "      | ^~~~~\n");
  std::string long_title =
      LoadErrors("title: '" + std::string(257, 'x') + "'\n" + kLogSource + kDetection);
  EXPECT_EQ(long_title.substr(0, long_title.find('\n')),
            "r.yml:1:8: error: 'title' is longer than 256 characters");
  EXPECT_EQ(LoadErrors("title: T\nauthor: [a, b]\n" + kLogSource + kDetection),
            "r.yml:2:9: error: 'author' must be a string\n"
            "    2 | author: [a, b]\n"
            "      |         ^~~~~~\n");
  EXPECT_EQ(LoadErrors("title: T\nname: ''\n" + kLogSource + kDetection),
            "r.yml:2:7: error: 'name' is empty\n"
            "    2 | name: ''\n"
            "      |       ^~\n");
}

TEST(SigmaDiagnostics, Dates) {
  EXPECT_EQ(LoadErrors("title: T\ndate: 23.10.2019\n" + kLogSource + kDetection),
            "r.yml:2:7: error: 'date' must be a date written YYYY-MM-DD\n"
            "    2 | date: 23.10.2019\n"
            "      |       ^~~~~~~~~~\n");
  EXPECT_EQ(LoadErrors("title: T\nmodified: '2019-02-30'\n" + kLogSource + kDetection),
            "r.yml:2:11: error: 'modified' must be a date written YYYY-MM-DD\n"
            "    2 | modified: '2019-02-30'\n"
            "      |           ^~~~~~~~~~~~\n");
}

TEST(SigmaDiagnostics, Related) {
  EXPECT_EQ(LoadErrors("title: T\nrelated:\n    - id: 929a690e-bef0-4204-a928-ef5e620d6fcc\n"
                       "      type: obsoletes\n"
                       + kLogSource + kDetection),
            "r.yml:4:13: error: related type 'obsoletes' must be one of derived, obsolete, "
            "merged, renamed, similar\n"
            "    4 |       type: obsoletes\n"
            "      |             ^~~~~~~~~\n"
            "  note: Sigma v2 renamed 'obsoletes' to 'obsolete'\n");
  EXPECT_EQ(LoadErrors("title: T\nrelated:\n    - 929a690e-bef0-4204-a928-ef5e620d6fcc\n"
                       + kLogSource + kDetection),
            "r.yml:3:7: error: 'related' must be a list of maps with 'id' and 'type'\n"
            "    3 |     - 929a690e-bef0-4204-a928-ef5e620d6fcc\n"
            "      |       ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
  EXPECT_EQ(LoadErrors("title: T\nrelated:\n    - id: abc\n      type: derived\n" + kLogSource
                       + kDetection),
            "r.yml:3:11: error: related id 'abc' is not a UUID\n"
            "    3 |     - id: abc\n"
            "      |           ^~~\n"
            "  note: write it as 8-4-4-4-12 hex digits, e.g. 929a690e-bef0-4204-a928-ef5e620d6fcc; "
            "a readable reference goes in 'name'\n");
}

TEST(SigmaDiagnostics, LogSource) {
  EXPECT_EQ(LoadErrors("title: T\nlogsource: windows\n" + kDetection),
            "r.yml:2:12: error: 'logsource' must be a map\n"
            "    2 | logsource: windows\n"
            "      |            ^~~~~~~\n");
  EXPECT_EQ(LoadErrors("title: T\nlogsource:\n    definition: Sysmon\n" + kDetection),
            "r.yml:2:1: error: logsource needs at least one of 'category', 'product' or "
            "'service'\n"
            "    2 | logsource:\n"
            "      | ^~~~~~~~~\n");
  EXPECT_EQ(LoadErrors("title: T\nlogsource:\n    product: [a]\n" + kDetection),
            "r.yml:3:14: error: 'logsource.product' must be a string\n"
            "    3 |     product: [a]\n"
            "      |              ^~~\n");
}

// --- Detection. ---

TEST(SigmaDiagnostics, DetectionShape) {
  EXPECT_EQ(LoadErrors("title: T\n" + kLogSource + "detection: sel\n"),
            "r.yml:4:12: error: 'detection' must be a map of search identifiers and a "
            "'condition'\n"
            "    4 | detection: sel\n"
            "      |            ^~~\n");
  EXPECT_EQ(LoadErrors("title: T\n" + kLogSource + "detection:\n    condition: sel\n"),
            "r.yml:4:1: error: detection has no search identifiers\n"
            "    4 | detection:\n"
            "      | ^~~~~~~~~\n");
}

TEST(SigmaDiagnostics, EmptyDetections) {
  EXPECT_EQ(LoadErrors(RuleWith("    sel: {}\n    condition: sel\n")),
            "r.yml:5:10: error: detection 'sel' is empty\n"
            "    5 |     sel: {}\n"
            "      |          ^~\n");
  EXPECT_EQ(LoadErrors(RuleWith("    sel:\n    condition: sel\n")),
            "r.yml:5:5: error: detection 'sel' is empty\n"
            "    5 |     sel:\n"
            "      |     ^~~\n");
  EXPECT_EQ(LoadErrors(RuleWith("    sel:\n        - a: 1\n        - {}\n    condition: sel\n")),
            "r.yml:7:11: error: detection is empty\n"
            "    7 |         - {}\n"
            "      |           ^~\n");
}

TEST(SigmaDiagnostics, FieldValues) {
  EXPECT_EQ(LoadErrors(RuleWith("    sel:\n        CommandLine|contains: []\n"
                                "    condition: sel\n")),
            "r.yml:6:31: error: 'CommandLine|contains' has an empty list of values; write "
            "'CommandLine: null' to match a missing or null field\n"
            "    6 |         CommandLine|contains: []\n"
            "      |                               ^~\n");
  EXPECT_EQ(LoadErrors(RuleWith("    sel:\n        Image:\n            endswith: x\n"
                                "    condition: sel\n")),
            "r.yml:7:13: error: the value of 'Image' is a map; a field takes a value or a list "
            "of values (write alternatives as a list of maps)\n"
            "    7 |             endswith: x\n"
            "      |             ^~~~~~~~~~~\n");
  EXPECT_EQ(LoadErrors(RuleWith("    sel:\n        Image:\n            - a\n            - [b]\n"
                                "    condition: sel\n")),
            "r.yml:8:15: error: the values of 'Image' must be scalars, not a list\n"
            "    8 |             - [b]\n"
            "      |               ^~~\n");
}

TEST(SigmaDiagnostics, KeysMustBeNames) {
  EXPECT_EQ(LoadErrors(RuleWith("    sel:\n        ~: x\n    \"\": y\n    condition: sel\n")),
            "r.yml:6:9: error: a detection key must be a field name, optionally with modifiers "
            "('Image|endswith')\n"
            "    6 |         ~: x\n"
            "      |         ^\n"
            "r.yml:7:5: error: a search identifier must be a name ('selection')\n"
            "    7 |     \"\": y\n"
            "      |     ^~\n");
}

TEST(SigmaDiagnostics, Conditions) {
  EXPECT_EQ(LoadErrors(RuleWith("    sel: x\n    condition: {a: b}\n")),
            "r.yml:6:16: error: 'condition' must be a string or a list of strings\n"
            "    6 |     condition: {a: b}\n"
            "      |                ^~~~~~\n");
  EXPECT_EQ(LoadErrors(RuleWith("    sel: x\n    condition:\n")),
            "r.yml:6:5: error: 'condition' is empty\n"
            "    6 |     condition:\n"
            "      |     ^~~~~~~~~\n");
  EXPECT_EQ(LoadErrors(RuleWith("    sel: x\n    condition: []\n")),
            "r.yml:6:16: error: 'condition' is an empty list\n"
            "    6 |     condition: []\n"
            "      |                ^~\n");
  EXPECT_EQ(LoadErrors(RuleWith("    sel: x\n    condition:\n        - sel\n        - 1\n")),
            "r.yml:8:11: error: 'condition' must be a string or a list of strings\n"
            "    8 |         - 1\n"
            "      |           ^\n");
}

TEST(SigmaDiagnostics, TimeframeIsAWarning) {
  auto loaded = Load(RuleWith("    sel: x\n    timeframe: 5m\n    condition: sel\n"));
  EXPECT_EQ(loaded->Errors(),
            "r.yml:6:5: warning: 'timeframe' is ignored: Sigma v1 aggregations are written as "
            "correlation rules now\n"
            "    6 |     timeframe: 5m\n"
            "      |     ^~~~~~~~~\n");
  EXPECT_EQ(loaded->documents.rules.size(), 1u);
  EXPECT_EQ(loaded->documents.rules[0].identifiers.size(), 1u);
}

// --- Documents. ---

TEST(SigmaDiagnostics, LegacyActionCollections) {
  EXPECT_EQ(LoadErrors("action: global\ntitle: T\n" + kLogSource + "---\nlogsource: {}\n"),
            "r.yml:1:1: error: v1 'action' collections are not supported; split the file into "
            "complete documents\n"
            "    1 | action: global\n"
            "      | ^~~~~~\n"
            "r.yml:6:1: error: missing required attribute 'title'\n"
            "    6 | logsource: {}\n"
            "      | ^~~~~~~~~\n"
            "r.yml:6:1: error: logsource needs at least one of 'category', 'product' or "
            "'service'\n"
            "    6 | logsource: {}\n"
            "      | ^~~~~~~~~\n"
            "r.yml:6:1: error: missing required attribute 'detection'\n"
            "    6 | logsource: {}\n"
            "      | ^~~~~~~~~\n");
}

TEST(SigmaDiagnostics, DocumentMustBeAMap) {
  EXPECT_EQ(LoadErrors("- a\n- b\n"),
            "r.yml:1:1: error: a Sigma document must be a map of attributes (title, logsource, "
            "detection, ...)\n"
            "    1 | - a\n"
            "      | ^~~\n");
}

TEST(SigmaDiagnostics, Filters) {
  const std::string head = "title: F\n" + kLogSource;
  EXPECT_EQ(LoadErrors(head + "filter:\n    sel: x\n    condition: not sel\n"),
            "r.yml:4:1: error: filter has no 'rules'; write 'rules: any' to apply it to every "
            "rule of its log source\n"
            "    4 | filter:\n"
            "      | ^~~~~~\n");
  EXPECT_EQ(LoadErrors(head + "filter:\n    rules: {a: b}\n    sel: x\n    condition: sel\n"),
            "r.yml:5:12: error: 'rules' must be 'any' or a list of rule ids or names\n"
            "    5 |     rules: {a: b}\n"
            "      |            ^~~~~~\n");
  EXPECT_EQ(LoadErrors(head + "filter:\n    rules: any\n    sel: x\n    condition: [sel]\n"),
            "r.yml:7:16: error: a filter's 'condition' must be a single string\n"
            "    7 |     condition: [sel]\n"
            "      |                ^~~~~\n");
  EXPECT_EQ(LoadErrors(head + "filter:\n    rules: any\n    sel: x\n"),
            "r.yml:4:1: error: filter has no 'condition'\n"
            "    4 | filter:\n"
            "      | ^~~~~~\n");
  EXPECT_EQ(LoadErrors(head + "filter:\n    rules: any\n    condition: sel\n"),
            "r.yml:4:1: error: filter has no search identifiers\n"
            "    4 | filter:\n"
            "      | ^~~~~~\n");
  EXPECT_EQ(LoadErrors(head + "filter: [a]\n"),
            "r.yml:4:9: error: 'filter' must be a map of 'rules', search identifiers and a "
            "'condition'\n"
            "    4 | filter: [a]\n"
            "      |         ^~~\n");
  EXPECT_EQ(LoadErrors("title: F\nfilter:\n    rules: any\n    sel: x\n    condition: sel\n"),
            "r.yml:1:1: error: missing required attribute 'logsource'\n"
            "    1 | title: F\n"
            "      | ^~~~~\n");
}

TEST(SigmaDiagnostics, Correlations) {
  EXPECT_EQ(LoadErrors("title: C\ncorrelation: event_count\n"),
            "r.yml:2:14: error: 'correlation' must be a map\n"
            "    2 | correlation: event_count\n"
            "      |              ^~~~~~~~~~~\n");
  EXPECT_EQ(LoadErrors("title: C\ncorrelation:\n    rules: [a]\n    timespan: 5m\n"),
            "r.yml:2:1: error: correlation has no 'type'\n"
            "    2 | correlation:\n"
            "      | ^~~~~~~~~~~\n");
  EXPECT_EQ(LoadErrors("title: C\ncorrelation:\n    type:\n    timespan: 5m\n"),
            "r.yml:3:5: error: correlation 'type' is empty\n"
            "    3 |     type:\n"
            "      |     ^~~~\n");
  EXPECT_EQ(LoadErrors("title: C\nid: x\ncorrelation:\n    type: [a]\n    timespan: 5m\n"),
            "r.yml:2:5: error: correlation id 'x' is not a UUID\n"
            "    2 | id: x\n"
            "      |     ^\n"
            "  note: write it as 8-4-4-4-12 hex digits, e.g. 929a690e-bef0-4204-a928-ef5e620d6fcc; "
            "a readable reference goes in 'name'\n"
            "r.yml:4:11: error: 'type' must be a string\n"
            "    4 |     type: [a]\n"
            "      |           ^~~\n");
}

TEST(SigmaDiagnostics, AllErrorsOfADocumentAreReported) {
  auto loaded = Load("title: T\nlevel: x\nstatus: y\n" + kLogSource
                     + "detection:\n    a: []\n    b: {}\n    condition: a\n");
  EXPECT_EQ(loaded->diagnostics.error_count(), 4u) << loaded->Errors();
  EXPECT_EQ(loaded->documents.failed, 1u);
  EXPECT_TRUE(loaded->documents.rules.empty());
}

}  // namespace
}  // namespace scry::sigma
