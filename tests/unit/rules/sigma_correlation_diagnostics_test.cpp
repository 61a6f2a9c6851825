// Every rejection of a correlation rule, exactly as a user sees it (file:line:col, the message,
// the caret under the offending YAML, notes), and what is left: each case loads its files
// together and resolves them, then appends "[failed=F corr=C rules=R]": documents counted as
// failed, correlations and rules that remain. A correlation with errors never takes the rules
// it names down with it.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "rules/sigma/sigma_correlation_resolver.hpp"
#include "sigma_test_util.hpp"

namespace scry::sigma {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

const std::string kRule =
    "title: Failed logon\nname: failed_logon\nlogsource:\n    product: windows\n"
    "detection:\n    sel:\n        EventID: 4625\n    condition: sel\n";

// A correlation titled C (its body from line 3), then the rule failed_logon (from its line 8 on
// when the body has four lines).
std::string C(const std::string& body) {
  return "title: C\ncorrelation:\n" + body + "---\n" + kRule;
}

std::string Outcome(const Files& files) {
  lang::SourceSet sources;
  SigmaDocuments documents;
  lang::DiagnosticList diagnostics;
  for (const auto& [name, yaml] : files) {
    LoadSigmaFile(sources.Add(name, yaml), documents, diagnostics);
  }
  ResolveCorrelations(documents, diagnostics);
  return diagnostics.Render() + "[failed=" + std::to_string(documents.failed)
         + " corr=" + std::to_string(documents.correlations.size())
         + " rules=" + std::to_string(documents.rules.size()) + "]\n";
}

TEST(SigmaCorrelationReaderErrors, UnknownType) {
  EXPECT_EQ(
      Outcome({{"r.yml", C("    type: event_cont\n"
                           "    rules: [failed_logon]\n"
                           "    timespan: 5m\n"
                           "    condition: {gte: 3}\n")}}),
      "r.yml:3:11: error: unknown correlation type 'event_cont'; did you mean 'event_count'?\n"
      "    3 |     type: event_cont\n"
      "      |           ^~~~~~~~~~\n"
      "  note: the types are event_count, value_count, temporal, temporal_ordered, value_sum, "
      "value_avg, value_percentile, value_median\n"
      "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, UpperType) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: Temporal\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n")}}),
            "r.yml:3:11: error: correlation types are lower case: write 'temporal'\n"
            "    3 |     type: Temporal\n"
            "      |           ^~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, MissingTitleAndType) {
  EXPECT_EQ(Outcome({{"r.yml",
                      "correlation:\n"
                      "    rules: [failed_logon]\n"
                      "    timespan: 5m\n"
                      "---\n"
                          + kRule}}),
            "r.yml:1:1: error: missing required attribute 'title'\n"
            "    1 | correlation:\n"
            "      | ^~~~~~~~~~~\n"
            "r.yml:1:1: error: correlation has no 'type'\n"
            "    1 | correlation:\n"
            "      | ^~~~~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, UnknownKey) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    groupby: [User]\n"
                                 "    timespan: 5m\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:5:5: error: unknown key 'groupby' in 'correlation'; did you mean 'group-by'?\n"
            "    5 |     groupby: [User]\n"
            "      |     ^~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, NoRules) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    timespan: 5m\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:2:1: error: correlation has no 'rules': list the names or ids of the rules it "
            "correlates\n"
            "    2 | correlation:\n"
            "      | ^~~~~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, RulesEmpty) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: []\n"
                                 "    timespan: 5m\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:4:12: error: 'rules' is empty: list the names or ids of the rules this "
            "correlation correlates\n"
            "    4 |     rules: []\n"
            "      |            ^~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, RulesMap) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: {a: b}\n"
                                 "    timespan: 5m\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:4:12: error: 'rules' must be a rule name or id, or a list of them\n"
            "    4 |     rules: {a: b}\n"
            "      |            ^~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, RulesTwice) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules:\n"
                                 "        - failed_logon\n"
                                 "        - failed_logon\n"
                                 "    timespan: 5m\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:6:11: error: rule 'failed_logon' is listed twice\n"
            "    6 |         - failed_logon\n"
            "      |           ^~~~~~~~~~~~\n"
            "  note: 'failed_logon' is first listed on line 5\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, GroupByTwice) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    group-by: [User, User]\n"
                                 "    timespan: 5m\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:5:22: error: 'User' is listed twice in 'group-by'\n"
            "    5 |     group-by: [User, User]\n"
            "      |                      ^~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, Timespan1w) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 1w\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:5:15: error: timespan '1w' is not valid: write a whole number and a unit, s, m, "
            "h or d, e.g. 90m\n"
            "    5 |     timespan: 1w\n"
            "      |               ^~\n"
            "  note: pySigma also reads 'w', 'M' and 'y', but the Sigma specification has only s, "
            "m, h and d (lower case): write the span in days\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, Timespan15h) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 1.5h\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:5:15: error: timespan '1.5h' is not valid: write a whole number and a unit, s, "
            "m, h or d, e.g. 90m\n"
            "    5 |     timespan: 1.5h\n"
            "      |               ^~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, Timespan90) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 90\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:5:15: error: timespan '90' is not valid: write a whole number and a unit, s, m, "
            "h or d, e.g. 90m\n"
            "    5 |     timespan: 90\n"
            "      |               ^~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, Timespan0m) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 0m\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:5:15: error: timespan '0m' must be longer than zero\n"
            "    5 |     timespan: 0m\n"
            "      |               ^~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, Timespan5H) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5H\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:5:15: error: timespan '5H' is not valid: write a whole number and a unit, s, m, "
            "h or d, e.g. 90m\n"
            "    5 |     timespan: 5H\n"
            "      |               ^~\n"
            "  note: units are lower case\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, TimespanEmpty) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan:\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:5:5: error: 'timespan' is empty\n"
            "    5 |     timespan:\n"
            "      |     ^~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, NoTimespan) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:2:1: error: correlation has no 'timespan': write e.g. 'timespan: 5m'\n"
            "    2 | correlation:\n"
            "      | ^~~~~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, GenerateString) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition: {gte: 3}\n"
                                 "    generate: 'yes'\n")}}),
            "r.yml:7:15: error: 'generate' must be true or false\n"
            "    7 |     generate: 'yes'\n"
            "      |               ^~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, GenerateTwice) {
  EXPECT_EQ(Outcome({{"r.yml",
                      "title: C\n"
                      "generate: true\n"
                      "correlation:\n"
                      "    type: event_count\n"
                      "    rules: [failed_logon]\n"
                      "    timespan: 5m\n"
                      "    condition: {gte: 3}\n"
                      "    generate: false\n"
                      "---\n"
                          + kRule}}),
            "r.yml:2:1: error: 'generate' is given twice: here and in 'correlation'\n"
            "    2 | generate: true\n"
            "      | ^~~~~~~~\n"
            "  note: keep one; the other is on line 8\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, AliasesNotMap) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    rules: [failed_logon]\n"
                                 "    group-by: [ip]\n"
                                 "    timespan: 5m\n"
                                 "    aliases: [ip]\n")}}),
            "r.yml:7:14: error: 'aliases' must be a map of alias names, each a map of rule: field\n"
            "    7 |     aliases: [ip]\n"
            "      |              ^~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, AliasValueNotMap) {
  EXPECT_EQ(
      Outcome({{"r.yml", C("    type: temporal\n"
                           "    rules: [failed_logon]\n"
                           "    group-by: [ip]\n"
                           "    timespan: 5m\n"
                           "    aliases:\n"
                           "        ip: source.ip\n")}}),
      "r.yml:8:13: error: alias 'ip' must map rules to field names, e.g. 'rule_name: source.ip'\n"
      "    8 |         ip: source.ip\n"
      "      |             ^~~~~~~~~\n"
      "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationReaderErrors, AliasUnused) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    rules: [failed_logon]\n"
                                 "    group-by: [User]\n"
                                 "    timespan: 5m\n"
                                 "    aliases:\n"
                                 "        ip:\n"
                                 "            failed_logon: source.ip\n")}}),
            "r.yml:8:9: warning: alias 'ip' is not used in 'group-by'\n"
            "    8 |         ip:\n"
            "      |         ^~\n"
            "[failed=0 corr=1 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, NoCondition) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n")}}),
            "r.yml:2:1: error: event_count correlation has no 'condition'; write e.g. 'condition: "
            "{gte: 10}'\n"
            "    2 | correlation:\n"
            "      | ^~~~~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, NoConditionValueSum) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: value_sum\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n")}}),
            "r.yml:2:1: error: value_sum correlation has no 'condition'; write e.g. 'condition: "
            "{field: TargetUserName, gte: 10}'\n"
            "    2 | correlation:\n"
            "      | ^~~~~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, NoField) {
  EXPECT_EQ(
      Outcome({{"r.yml", C("    type: value_sum\n"
                           "    rules: [failed_logon]\n"
                           "    timespan: 5m\n"
                           "    condition: {gt: 100}\n")}}),
      "r.yml:6:5: error: value_sum correlation needs the 'field' it aggregates in its condition\n"
      "    6 |     condition: {gt: 100}\n"
      "      |     ^~~~~~~~~\n"
      "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, NoPercentile) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: value_percentile\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        field: Latency\n"
                                 "        gte: 500\n")}}),
            "r.yml:6:5: error: value_percentile correlation needs 'percentile' (0 to 100) in its "
            "condition, e.g. {field: Latency, percentile: 95, gte: 500}\n"
            "    6 |     condition:\n"
            "      |     ^~~~~~~~~\n"
            "  note: without it the condition has no defined meaning; scry reads it as pySigma "
            "does: the percentile of the field's values compared with the threshold\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, PercentileRange) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: value_percentile\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        field: Latency\n"
                                 "        percentile: 150\n"
                                 "        gte: 500\n")}}),
            "r.yml:8:21: error: 'percentile' must be between 0 and 100, not 150\n"
            "    8 |         percentile: 150\n"
            "      |                     ^~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, PercentileOnEventCount) {
  EXPECT_EQ(
      Outcome({{"r.yml", C("    type: event_count\n"
                           "    rules: [failed_logon]\n"
                           "    timespan: 5m\n"
                           "    condition:\n"
                           "        percentile: 50\n"
                           "        gte: 500\n")}}),
      "r.yml:7:9: error: 'percentile' is only for value_percentile correlations, not event_count\n"
      "    7 |         percentile: 50\n"
      "      |         ^~~~~~~~~~\n"
      "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, FieldOnEventCount) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        field: User\n"
                                 "        gte: 5\n")}}),
            "r.yml:7:9: error: 'field' is only for the value_* correlation types; event_count "
            "counts events\n"
            "    7 |         field: User\n"
            "      |         ^~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, FieldOnTemporal) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        field: User\n"
                                 "        gte: 1\n")}}),
            "r.yml:7:9: error: 'field' is only for the value_* correlation types; temporal counts "
            "the rules that matched\n"
            "    7 |         field: User\n"
            "      |         ^~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, ConditionList) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition: [gte, 3]\n")}}),
            "r.yml:6:16: error: 'condition' must be a map, e.g. {gte: 10}\n"
            "    6 |     condition: [gte, 3]\n"
            "      |                ^~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, ConditionListTemporal) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition: [gte, 3]\n")}}),
            "r.yml:6:16: error: 'condition' must be a map, e.g. {gte: 2}, or a string over the "
            "rules, e.g. 'rule_a and rule_b'\n"
            "    6 |     condition: [gte, 3]\n"
            "      |                ^~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, ConditionStringEventCount) {
  EXPECT_EQ(
      Outcome({{"r.yml", C("    type: event_count\n"
                           "    rules: [failed_logon]\n"
                           "    timespan: 5m\n"
                           "    condition: failed_logon\n")}}),
      "r.yml:6:16: error: a string condition is only for temporal and temporal_ordered "
      "correlations; event_count compares its aggregate with a map, e.g. 'condition: {gte: 10}'\n"
      "    6 |     condition: failed_logon\n"
      "      |                ^~~~~~~~~~~~\n"
      "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, UnknownConditionKey) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        gtee: 3\n")}}),
            "r.yml:7:9: error: unknown condition key 'gtee'; did you mean 'gte'?\n"
            "    7 |         gtee: 3\n"
            "      |         ^~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, NoComparison) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: value_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        field: User\n")}}),
            "r.yml:6:5: error: the condition has no comparison: give one of gt, gte, lt, lte, eq, "
            "neq with a number\n"
            "    6 |     condition:\n"
            "      |     ^~~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, QuotedThreshold) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        gte: '10'\n")}}),
            "r.yml:7:14: error: 'gte' must be a number, not '10'; write it without quotes\n"
            "    7 |         gte: '10'\n"
            "      |              ^~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, WordThreshold) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        gte: ten\n")}}),
            "r.yml:7:14: error: 'gte' must be a number, not 'ten'\n"
            "    7 |         gte: ten\n"
            "      |              ^~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, BoolThreshold) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        gte: true\n")}}),
            "r.yml:7:14: error: 'gte' must be a number, not 'true'\n"
            "    7 |         gte: true\n"
            "      |              ^~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, NullThreshold) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        gte:\n")}}),
            "r.yml:7:9: error: 'gte' has no value; it needs a number\n"
            "    7 |         gte:\n"
            "      |         ^~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, TwoLowerBounds) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        gt: 1\n"
                                 "        gte: 2\n")}}),
            "r.yml:8:9: error: a condition has one comparison, or two for a range: a lower bound "
            "(gt or gte) and an upper bound (lt or lte)\n"
            "    8 |         gte: 2\n"
            "      |         ^~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationConditionErrors, EmptyRange) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition:\n"
                                 "        gt: 200\n"
                                 "        lt: 100\n")}}),
            "r.yml:7:9: error: this range is empty: no value is gt 200 and lt 100\n"
            "    7 |         gt: 200\n"
            "      |         ^~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationExpressionErrors, ExprNameNotInRules) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition: failed_logon and other\n")}}),
            "r.yml:6:33: error: 'other' is not one of this correlation's 'rules'\n"
            "    6 |     condition: failed_logon and other\n"
            "      |                                 ^~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationExpressionErrors, ExprRuleUnused) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    rules: [failed_logon, other]\n"
                                 "    timespan: 5m\n"
                                 "    condition: failed_logon\n")}}),
            "r.yml:4:27: error: rule 'other' is not used in the correlation's condition\n"
            "    4 |     rules: [failed_logon, other]\n"
            "      |                           ^~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationExpressionErrors, ExprUuid) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    rules: [5638f7c0-ac70-491d-8465-2a65075e0d86]\n"
                                 "    timespan: 5m\n"
                                 "    condition: 5638f7c0-ac70-491d-8465-2a65075e0d86 and x\n")}}),
            "r.yml:6:16: error: '5638f7c0-ac70-491d-8465-2a65075e0d86' cannot name a rule in a "
            "correlation condition: rule names are letters, digits and '_', not starting with a "
            "digit; refer to the rule by its 'name', not its id\n"
            "    6 |     condition: 5638f7c0-ac70-491d-8465-2a65075e0d86 and x\n"
            "      |                ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationExpressionErrors, ExprUpper) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    timespan: 5m\n"
                                 "    condition: failed_logon AND NOT other\n")}}),
            "r.yml:5:29: error: condition operators are lower case: write 'and'\n"
            "    5 |     condition: failed_logon AND NOT other\n"
            "      |                             ^~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationExpressionErrors, ExprUpperNot) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    timespan: 5m\n"
                                 "    condition: NOT failed_logon\n")}}),
            "r.yml:5:16: error: condition operators are lower case: write 'not'\n"
            "    5 |     condition: NOT failed_logon\n"
            "      |                ^~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationExpressionErrors, ExprParen) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    timespan: 5m\n"
                                 "    condition: (failed_logon or other\n")}}),
            "r.yml:5:38: error: missing ')' in correlation condition\n"
            "    5 |     condition: (failed_logon or other\n"
            "      |                                      ^\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationExpressionErrors, ExprTrailingAnd) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    timespan: 5m\n"
                                 "    condition: failed_logon and\n")}}),
            "r.yml:5:32: error: correlation condition ends where a rule name is expected\n"
            "    5 |     condition: failed_logon and\n"
            "      |                                ^\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationExpressionErrors, ExprTwoNames) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    timespan: 5m\n"
                                 "    condition: failed_logon other\n")}}),
            "r.yml:5:29: error: unexpected 'other' in correlation condition; expected 'and', 'or' "
            "or the end\n"
            "    5 |     condition: failed_logon other\n"
            "      |                             ^~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationExpressionErrors, ExprBadChar) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    timespan: 5m\n"
                                 "    condition: failed_logon & other\n")}}),
            "r.yml:5:29: error: unexpected character '&' in correlation condition\n"
            "    5 |     condition: failed_logon & other\n"
            "      |                             ^\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationExpressionErrors, ExprQuotedEscape) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    timespan: 5m\n"
                                 "    condition: \"failed_logon\\tand AND\"\n")}}),
            "r.yml:5:16: error: condition operators are lower case: write 'and'\n"
            "    5 |     condition: \"failed_logon\\tand AND\"\n"
            "      |                ^~~~~~~~~~~~~~~~~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationResolverErrors, UnknownReference) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [failed_logn]\n"
                                 "    timespan: 5m\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:4:13: error: unknown rule 'failed_logn': no rule or correlation has this name "
            "or id; did you mean 'failed_logon'?\n"
            "    4 |     rules: [failed_logn]\n"
            "      |             ^~~~~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationResolverErrors, UnknownId) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [0e95725d-7320-415d-80f7-004da920fc11]\n"
                                 "    timespan: 5m\n"
                                 "    condition: {gte: 3}\n")}}),
            "r.yml:4:13: error: unknown rule '0e95725d-7320-415d-80f7-004da920fc11': no rule or "
            "correlation has this name or id\n"
            "    4 |     rules: [0e95725d-7320-415d-80f7-004da920fc11]\n"
            "      |             ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationResolverErrors, ReferenceToFilter) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: event_count\n"
                                 "    rules: [admins]\n"
                                 "    timespan: 5m\n"
                                 "    condition: {gte: 3}\n")
                                   + "---\n"
                                     "title: Admins\n"
                                     "name: admins\n"
                                     "logsource: {product: windows}\n"
                                     "filter:\n"
                                     "    rules: any\n"
                                     "    sel: {User: admin}\n"
                                     "    condition: not sel\n"}}),
            "r.yml:4:13: error: 'admins' is a filter; a correlation correlates detection rules and "
            "other correlations\n"
            "    4 |     rules: [admins]\n"
            "      |             ^~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationResolverErrors, Ambiguous) {
  EXPECT_EQ(Outcome({{"a.yml", C("    type: event_count\n"
                                 "    rules: [failed_logon]\n"
                                 "    timespan: 5m\n"
                                 "    condition: {gte: 3}\n")},
                     {"b.yml", kRule}}),
            "a.yml:4:13: error: 'failed_logon' is ambiguous: 2 documents have this name\n"
            "    4 |     rules: [failed_logon]\n"
            "      |             ^~~~~~~~~~~~\n"
            "  note: one is rule 'Failed logon' (a.yml:8)\n"
            "  note: one is rule 'Failed logon' (b.yml:1)\n"
            "[failed=1 corr=0 rules=2]\n");
}

TEST(SigmaCorrelationResolverErrors, DuplicateName) {
  EXPECT_EQ(Outcome({{"r.yml",
                      "title: C\n"
                      "name: failed_logon\n"
                      "correlation:\n"
                      "    type: event_count\n"
                      "    rules: [failed_logon]\n"
                      "    timespan: 5m\n"
                      "    condition: {gte: 3}\n"
                      "---\n"
                          + kRule}}),
            "r.yml:2:7: error: name 'failed_logon' is used by more than one document\n"
            "    2 | name: failed_logon\n"
            "      |       ^~~~~~~~~~~~\n"
            "  note: also the name of rule 'Failed logon' (r.yml:9)\n"
            "r.yml:5:13: error: 'failed_logon' is ambiguous: 2 documents have this name\n"
            "    5 |     rules: [failed_logon]\n"
            "      |             ^~~~~~~~~~~~\n"
            "  note: one is rule 'Failed logon' (r.yml:9)\n"
            "  note: one is correlation 'C' (r.yml:1)\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationResolverErrors, AliasKeyNotInRules) {
  EXPECT_EQ(Outcome({{"r.yml", C("    type: temporal\n"
                                 "    rules: [failed_logon]\n"
                                 "    group-by: [ip]\n"
                                 "    timespan: 5m\n"
                                 "    aliases:\n"
                                 "        ip:\n"
                                 "            failed_logon: source.ip\n"
                                 "            other_rule: destination.ip\n")}}),
            "r.yml:10:13: error: alias 'ip' maps 'other_rule', which is not one of this "
            "correlation's rules (failed_logon)\n"
            "   10 |             other_rule: destination.ip\n"
            "      |             ^~~~~~~~~~\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationResolverErrors, FailedRule) {
  EXPECT_EQ(
      Outcome({{"a.yml",
                "title: C\n"
                "correlation:\n"
                "    type: event_count\n"
                "    rules: [broken]\n"
                "    timespan: 5m\n"
                "    condition: {gte: 3}\n"},
               {"b.yml",
                "title: Broken\n"
                "name: broken\n"
                "logsource: {product: windows}\n"
                "detection:\n"
                "    sel: {EventID: 1}\n"}}),
      "b.yml:4:1: error: detection has no 'condition'\n"
      "    4 | detection:\n"
      "      | ^~~~~~~~~\n"
      "a.yml:4:13: error: 'broken' has errors and was not loaded, so this correlation fails too\n"
      "    4 |     rules: [broken]\n"
      "      |             ^~~~~~\n"
      "  note: 'broken' is the rule 'Broken' (b.yml:1, not loaded)\n"
      "[failed=2 corr=0 rules=0]\n");
}

TEST(SigmaCorrelationResolverErrors, FailedCorrelation) {
  EXPECT_EQ(
      Outcome({{"a.yml",
                "title: Outer\n"
                "correlation:\n"
                "    type: temporal\n"
                "    rules: [inner, failed_logon]\n"
                "    timespan: 5m\n"
                "---\n"
                    + kRule},
               {"b.yml",
                "title: Inner\n"
                "name: inner\n"
                "correlation:\n"
                "    type: event_count\n"
                "    rules: [failed_logon]\n"
                "    timespan: 5 minutes\n"
                "    condition: {gte: 3}\n"}}),
      "b.yml:6:15: error: timespan '5 minutes' is not valid: write a whole number and a unit, s, "
      "m, h or d, e.g. 90m\n"
      "    6 |     timespan: 5 minutes\n"
      "      |               ^~~~~~~~~\n"
      "a.yml:4:13: error: 'inner' has errors and was not loaded, so this correlation fails too\n"
      "    4 |     rules: [inner, failed_logon]\n"
      "      |             ^~~~~\n"
      "  note: 'inner' is the correlation 'Inner' (b.yml:1, not loaded)\n"
      "[failed=2 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationResolverErrors, Cycle) {
  EXPECT_EQ(Outcome({{"r.yml",
                      "title: A\n"
                      "name: a\n"
                      "correlation:\n"
                      "    type: temporal\n"
                      "    rules: [b, failed_logon]\n"
                      "    timespan: 5m\n"
                      "---\n"
                      "title: B\n"
                      "name: b\n"
                      "correlation:\n"
                      "    type: temporal\n"
                      "    rules: [a, failed_logon]\n"
                      "    timespan: 5m\n"
                      "---\n"
                      "title: Outer\n"
                      "correlation:\n"
                      "    type: temporal\n"
                      "    rules: [a, failed_logon]\n"
                      "    timespan: 5m\n"
                      "---\n"
                          + kRule}}),
            "r.yml:12:13: error: correlations reference each other in a cycle: a -> b -> a\n"
            "   12 |     rules: [a, failed_logon]\n"
            "      |             ^\n"
            "  note: a correlation cannot be built on itself; every correlation of the cycle is "
            "left out\n"
            "r.yml:18:13: error: correlation 'a' has errors, so this correlation fails too\n"
            "   18 |     rules: [a, failed_logon]\n"
            "      |             ^\n"
            "  note: 'a' is the correlation 'A' (r.yml:1)\n"
            "[failed=3 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationResolverErrors, Self) {
  EXPECT_EQ(Outcome({{"r.yml",
                      "title: A\n"
                      "name: a\n"
                      "correlation:\n"
                      "    type: event_count\n"
                      "    rules: [a]\n"
                      "    timespan: 5m\n"
                      "    condition: {gte: 3}\n"
                      "---\n"
                          + kRule}}),
            "r.yml:5:13: error: correlation 'a' references itself\n"
            "    5 |     rules: [a]\n"
            "      |             ^\n"
            "  note: a correlation cannot be built on itself; every correlation of the cycle is "
            "left out\n"
            "[failed=1 corr=0 rules=1]\n");
}

TEST(SigmaCorrelationResolverErrors, ChainGroupBy) {
  EXPECT_EQ(Outcome({{"r.yml",
                      "title: Outer\n"
                      "correlation:\n"
                      "    type: temporal\n"
                      "    rules: [inner, failed_logon]\n"
                      "    group-by: [Host]\n"
                      "    timespan: 5m\n"
                      "---\n"
                      "title: Inner\n"
                      "name: inner\n"
                      "correlation:\n"
                      "    type: event_count\n"
                      "    rules: [failed_logon]\n"
                      "    group-by: [User]\n"
                      "    timespan: 5m\n"
                      "    condition: {gte: 3}\n"
                      "---\n"
                          + kRule}}),
            "r.yml:5:16: error: 'Host' is not a group-by field of correlation 'inner', so its "
            "results do not carry it\n"
            "    5 |     group-by: [Host]\n"
            "      |                ^~~~\n"
            "  note: 'inner' groups by User\n"
            "[failed=1 corr=1 rules=1]\n");
}

TEST(SigmaCorrelationResolverErrors, ChainGroupByAliasOk) {
  EXPECT_EQ(Outcome({{"r.yml",
                      "title: Outer\n"
                      "correlation:\n"
                      "    type: temporal\n"
                      "    rules: [inner, failed_logon]\n"
                      "    group-by: [who]\n"
                      "    timespan: 5m\n"
                      "    aliases:\n"
                      "        who:\n"
                      "            inner: User\n"
                      "            failed_logon: TargetUserName\n"
                      "---\n"
                      "title: Inner\n"
                      "name: inner\n"
                      "correlation:\n"
                      "    type: event_count\n"
                      "    rules: [failed_logon]\n"
                      "    group-by: [User]\n"
                      "    timespan: 5m\n"
                      "    condition: {gte: 3}\n"
                      "---\n"
                          + kRule}}),
            "[failed=0 corr=2 rules=1]\n");
}

}  // namespace
}  // namespace scry::sigma
