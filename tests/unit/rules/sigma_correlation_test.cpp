// Correlation rules: the model the loader reads from each case of sigma-spec.md 7.10 (H01-H16,
// read from the document at test time), and what ResolveCorrelations makes of sets of files:
// targets across files, chains, their order, and which rules alert on their own.
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "rules/sigma/sigma_correlation_reader.hpp"
#include "rules/sigma/sigma_correlation_resolver.hpp"
#include "sigma_test_util.hpp"

namespace scry::sigma {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

/// Several files loaded together and resolved, as the command line loads a folder.
struct LoadedSet {
  lang::SourceSet sources;
  SigmaDocuments documents;
  lang::DiagnosticList diagnostics;

  std::string Errors() const { return diagnostics.Render(); }
};

std::unique_ptr<LoadedSet> LoadSet(const Files& files) {
  auto set = std::make_unique<LoadedSet>();
  for (const auto& [name, yaml] : files) {
    LoadSigmaFile(set->sources.Add(name, yaml), set->documents, set->diagnostics);
  }
  ResolveCorrelations(set->documents, set->diagnostics);
  return set;
}

std::unique_ptr<LoadedSet> LoadSet(const std::string& yaml) {
  return LoadSet(Files{{"r.yml", yaml}});
}

std::vector<std::string> GroupBy(const SigmaCorrelation& correlation) {
  std::vector<std::string> out;
  for (const CorrelationField& field : correlation.group_by) {
    EXPECT_EQ(field.span.text(), field.name);
    out.push_back(field.name);
  }
  return out;
}

std::vector<std::string> Fields(const SigmaCorrelation& correlation) {
  std::vector<std::string> out;
  for (const CorrelationField& field : correlation.condition.fields) {
    out.push_back(field.name);
  }
  return out;
}

// "rule:0", "correlation:1", "-" (unresolved), one per `rules` entry.
std::vector<std::string> Targets(const SigmaCorrelation& correlation) {
  std::vector<std::string> out;
  for (const RuleReference& reference : correlation.rules) {
    if (!reference.target) {
      out.push_back("-");
    } else {
      out.push_back(
          (reference.target->kind == ReferenceTarget::Kind::kRule ? "rule:" : "correlation:")
          + std::to_string(reference.target->index));
    }
  }
  return out;
}

// "gte 3", "gt 100 lte 200"
std::string Bounds(const SigmaCorrelation& correlation) {
  static const std::map<CorrelationOp, std::string> kNames = {
      {CorrelationOp::kGt, "gt"},   {CorrelationOp::kGte, "gte"}, {CorrelationOp::kLt, "lt"},
      {CorrelationOp::kLte, "lte"}, {CorrelationOp::kEq, "eq"},   {CorrelationOp::kNeq, "neq"}};
  std::string out;
  for (const CorrelationBound& bound : correlation.condition.bounds) {
    out += fmt::format("{}{} {}", out.empty() ? "" : " ", kNames.at(bound.op), bound.value);
  }
  return out;
}

constexpr int64_t kSecond = 1'000'000'000;

// --- sigma-spec.md 7.10, read from the document. ---

std::map<std::string, std::string> SpecCorrelationCases() {
  std::ifstream in(std::string(SCRY_SHARED_DIR) + "/docs/sigma-spec.md");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::map<std::string, std::string> cases;
  size_t section = text.find("### 7.10 Correlation cases");
  size_t end = text.find("\n## ", section);
  for (size_t at = text.find("#### H", section); at < end; at = text.find("#### H", at + 1)) {
    std::string id = text.substr(at + 5, 3);
    size_t next = text.find("#### H", at + 1);
    size_t open = text.find("```yaml\n", at);
    if (open == std::string::npos || open > std::min(next, end)) {
      cases[id] = "";  // a case without YAML of its own (H16)
      continue;
    }
    open += 8;
    cases[id] = text.substr(open, text.find("```", open) - open);
  }
  return cases;
}

class SpecCorrelation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cases_ = new std::map<std::string, std::string>(SpecCorrelationCases());
  }
  static void TearDownTestSuite() { delete cases_; }

  // Loads the case's YAML; the correlation under test is the last correlation document.
  std::unique_ptr<LoadedSet> Case(const std::string& id) {
    auto it = cases_->find(id);
    EXPECT_NE(it, cases_->end()) << id;
    auto set = LoadSet(it == cases_->end() ? std::string() : it->second);
    EXPECT_EQ(set->Errors(), "") << id;
    EXPECT_EQ(set->documents.failed, 0u) << id;
    return set;
  }

  static const SigmaCorrelation& Last(const LoadedSet& set) {
    return set.documents.correlations.back();
  }

  static std::map<std::string, std::string>* cases_;
};

std::map<std::string, std::string>* SpecCorrelation::cases_ = nullptr;

TEST_F(SpecCorrelation, AllCasesAreRead) {
  std::vector<std::string> ids;
  for (const auto& [id, yaml] : *cases_) {
    ids.push_back(id);
    EXPECT_EQ(yaml.empty(), id == "H16") << id;
  }
  EXPECT_EQ(ids,
            (std::vector<std::string>{"H01", "H02", "H03", "H04", "H05", "H06", "H07", "H08", "H09",
                                      "H10", "H11", "H12", "H13", "H14", "H15", "H16"}));
}

TEST_F(SpecCorrelation, H01EventCountByName) {
  auto set = Case("H01");
  ASSERT_EQ(set->documents.correlations.size(), 1u);
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.meta.title, "Many failed logons for one user");
  EXPECT_EQ(c.type, CorrelationType::kEventCount);
  EXPECT_EQ(c.type_span.text(), "event_count");
  ASSERT_EQ(c.rules.size(), 1u);
  EXPECT_EQ(c.rules[0].text, "failed_logon");
  EXPECT_EQ(c.rules[0].span.text(), "failed_logon");
  EXPECT_EQ(Targets(c), (std::vector<std::string>{"rule:0"}));
  EXPECT_EQ(GroupBy(c), (std::vector<std::string>{"TargetUserName"}));
  EXPECT_EQ(c.timespan, "5m");
  EXPECT_EQ(c.timespan_ns, 300 * kSecond);
  EXPECT_EQ(c.timespan_span.text(), "5m");
  EXPECT_EQ(Bounds(c), "gte 3");
  EXPECT_EQ(c.condition.bounds[0].span.text(), "gte: 3");
  EXPECT_FALSE(c.condition.implicit);
  EXPECT_FALSE(c.condition.expression);
  EXPECT_TRUE(Fields(c).empty());
  EXPECT_FALSE(c.generate);
  EXPECT_TRUE(c.aliases.empty());
  EXPECT_EQ(set->documents.correlation_order, (std::vector<size_t>{0}));
  // Referenced by a correlation without `generate`: it feeds it, but does not alert (H16).
  EXPECT_FALSE(set->documents.rules[0].standalone_alert);
  EXPECT_TRUE(c.standalone_alert);
}

TEST_F(SpecCorrelation, H02ReferenceById) {
  auto set = Case("H02");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.rules.at(0).text, "5638f7c0-ac70-491d-8465-2a65075e0d86");
  EXPECT_EQ(Targets(c), (std::vector<std::string>{"rule:0"}));
  EXPECT_EQ(Bounds(c), "gte 3");
  EXPECT_EQ(c.timespan_ns, 300 * kSecond);
}

TEST_F(SpecCorrelation, H03OneMinute) {
  auto set = Case("H03");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.timespan_ns, 60 * kSecond);
  EXPECT_EQ(Bounds(c), "gte 2");
}

TEST_F(SpecCorrelation, H04ValueCount) {
  auto set = Case("H04");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.type, CorrelationType::kValueCount);
  EXPECT_EQ(GroupBy(c), (std::vector<std::string>{"IpAddress"}));
  EXPECT_EQ(c.timespan_ns, 600 * kSecond);
  EXPECT_EQ(Fields(c), (std::vector<std::string>{"TargetUserName"}));
  EXPECT_EQ(c.condition.fields[0].span.text(), "TargetUserName");
  EXPECT_EQ(Bounds(c), "gte 3");
}

TEST_F(SpecCorrelation, H05TemporalDefaultsToEveryRule) {
  auto set = Case("H05");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.type, CorrelationType::kTemporal);
  EXPECT_EQ(Targets(c), (std::vector<std::string>{"rule:0", "rule:1", "rule:2"}));
  EXPECT_EQ(GroupBy(c), (std::vector<std::string>{"ComputerName", "User"}));
  EXPECT_TRUE(c.condition.implicit);
  EXPECT_EQ(Bounds(c), "gte 3");
  for (const SigmaRule& rule : set->documents.rules) {
    EXPECT_FALSE(rule.standalone_alert) << rule.meta.title;
  }
}

TEST_F(SpecCorrelation, H06Temporal) {
  auto set = Case("H06");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.type, CorrelationType::kTemporal);
  EXPECT_EQ(GroupBy(c), (std::vector<std::string>{"ComputerName"}));
  EXPECT_EQ(Bounds(c), "gte 3");
}

TEST_F(SpecCorrelation, H07TemporalOrdered) {
  auto set = Case("H07");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.type, CorrelationType::kTemporalOrdered);
  EXPECT_EQ(c.rules.at(0).text, "failed_logon");
  EXPECT_EQ(c.rules.at(1).text, "successful_logon");
  EXPECT_EQ(Targets(c), (std::vector<std::string>{"rule:0", "rule:1"}));
  EXPECT_EQ(c.timespan_ns, 600 * kSecond);
  EXPECT_EQ(Bounds(c), "gte 2");
}

// The outer correlation comes first in the file and names the inner one, which names base
// rules that come after it.
TEST_F(SpecCorrelation, H08Chain) {
  auto set = Case("H08");
  const SigmaDocuments& documents = set->documents;
  ASSERT_EQ(documents.correlations.size(), 2u);
  ASSERT_EQ(documents.rules.size(), 2u);
  const SigmaCorrelation& outer = documents.correlations[0];
  const SigmaCorrelation& inner = documents.correlations[1];
  EXPECT_EQ(outer.meta.title, "Correlation - Multiple Failed Logins Followed by Successful Login");
  EXPECT_EQ(outer.meta.id, "b180ead8-d58f-40b2-ae54-c8940995b9b6");
  EXPECT_EQ(outer.meta.status, "experimental");
  EXPECT_EQ(outer.meta.level, "high");
  EXPECT_EQ(outer.type, CorrelationType::kTemporalOrdered);
  EXPECT_EQ(Targets(outer), (std::vector<std::string>{"correlation:1", "rule:1"}));
  EXPECT_EQ(Bounds(outer), "gte 2");
  EXPECT_EQ(inner.meta.name, "multiple_failed_login");
  EXPECT_EQ(inner.type, CorrelationType::kEventCount);
  EXPECT_EQ(Targets(inner), (std::vector<std::string>{"rule:0"}));
  EXPECT_EQ(Bounds(inner), "gte 10");
  // Inner correlations first.
  EXPECT_EQ(documents.correlation_order, (std::vector<size_t>{1, 0}));
  // Only the outermost correlation alerts.
  EXPECT_TRUE(outer.standalone_alert);
  EXPECT_FALSE(inner.standalone_alert);
  EXPECT_FALSE(documents.rules[0].standalone_alert);
  EXPECT_FALSE(documents.rules[1].standalone_alert);
}

TEST_F(SpecCorrelation, H09Aliases) {
  auto set = Case("H09");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.timespan_ns, 10 * kSecond);
  EXPECT_EQ(GroupBy(c), (std::vector<std::string>{"internal_ip", "remote_ip"}));
  ASSERT_EQ(c.aliases.size(), 2u);
  const CorrelationAlias& internal = c.aliases[0];
  EXPECT_EQ(internal.name, "internal_ip");
  EXPECT_EQ(internal.span.text(), "internal_ip");
  ASSERT_EQ(internal.mappings.size(), 2u);
  EXPECT_EQ(internal.mappings[0].rule.text, "internal_error");
  EXPECT_EQ(internal.mappings[0].field, "destination.ip");
  EXPECT_EQ(internal.mappings[0].field_span.text(), "destination.ip");
  EXPECT_EQ(internal.mappings[1].rule.text, "new_network_connection");
  EXPECT_EQ(internal.mappings[1].field, "source.ip");
  const CorrelationAlias& remote = c.aliases[1];
  EXPECT_EQ(remote.name, "remote_ip");
  EXPECT_EQ(remote.mappings.at(0).field, "source.ip");
  EXPECT_EQ(remote.mappings.at(1).field, "destination.ip");
  // Alias keys resolve to the same documents as the correlation's rules.
  EXPECT_EQ(internal.mappings[0].rule.target, c.rules[0].target);
  EXPECT_EQ(internal.mappings[1].rule.target, c.rules[1].target);
  EXPECT_EQ(Targets(c), (std::vector<std::string>{"rule:0", "rule:1"}));
}

TEST_F(SpecCorrelation, H10ValueSum) {
  auto set = Case("H10");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.type, CorrelationType::kValueSum);
  EXPECT_EQ(GroupBy(c), (std::vector<std::string>{"SourceIP", "User"}));
  EXPECT_EQ(c.timespan_ns, 3600 * kSecond);
  EXPECT_EQ(Fields(c), (std::vector<std::string>{"bytes_sent"}));
  EXPECT_EQ(Bounds(c), "gt 1000000");
}

TEST_F(SpecCorrelation, H11ValueAvg) {
  auto set = Case("H11");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.type, CorrelationType::kValueAvg);
  EXPECT_EQ(c.timespan_ns, 24 * 3600 * kSecond);
  EXPECT_EQ(Fields(c), (std::vector<std::string>{"BytesOut"}));
  EXPECT_EQ(Bounds(c), "gt 500");
}

TEST_F(SpecCorrelation, H12ValuePercentile) {
  auto set = Case("H12");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.type, CorrelationType::kValuePercentile);
  EXPECT_EQ(c.timespan_ns, 15 * 60 * kSecond);
  EXPECT_EQ(Fields(c), (std::vector<std::string>{"Latency"}));
  EXPECT_EQ(c.condition.percentile, 95.0);
  EXPECT_EQ(c.condition.percentile_span.text(), "95");
  EXPECT_EQ(Bounds(c), "gte 500");
}

TEST_F(SpecCorrelation, H13ValueMedian) {
  auto set = Case("H13");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.type, CorrelationType::kValueMedian);
  EXPECT_EQ(GroupBy(c), (std::vector<std::string>{"Endpoint"}));
  EXPECT_EQ(Fields(c), (std::vector<std::string>{"ResponseTime"}));
  EXPECT_EQ(Bounds(c), "gte 1000");
}

TEST_F(SpecCorrelation, H14TwoGroupByFields) {
  auto set = Case("H14");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(GroupBy(c), (std::vector<std::string>{"ComputerName", "TargetUserName"}));
  EXPECT_EQ(Bounds(c), "gte 3");
}

TEST_F(SpecCorrelation, H15EventCountOverTwoRules) {
  auto set = Case("H15");
  const SigmaCorrelation& c = Last(*set);
  EXPECT_EQ(c.type, CorrelationType::kEventCount);
  EXPECT_EQ(Targets(c), (std::vector<std::string>{"rule:0", "rule:1"}));
  EXPECT_EQ(GroupBy(c), (std::vector<std::string>{"Host"}));
}

// H16 takes H01 and adds `generate: true` to the correlation block.
TEST_F(SpecCorrelation, H16Generate) {
  std::string yaml = cases_->at("H01");
  size_t at = yaml.find("    type: event_count\n");
  ASSERT_NE(at, std::string::npos);
  yaml.insert(at, "    generate: true\n");
  auto set = LoadSet(yaml);
  ASSERT_EQ(set->Errors(), "");
  EXPECT_TRUE(set->documents.correlations.at(0).generate);
  EXPECT_TRUE(set->documents.rules.at(0).standalone_alert);
  // The JSON schema puts it at the top level; that works too.
  set = LoadSet(cases_->at("H01") + "generate: true\n");
  ASSERT_EQ(set->Errors(), "");
  EXPECT_TRUE(set->documents.correlations.at(0).generate);
  EXPECT_TRUE(set->documents.rules.at(0).standalone_alert);
}

// --- The model beyond the spec cases. ---

const std::string kFailedLogon =
    "title: Failed logon\nname: failed_logon\nid: 5638f7c0-ac70-491d-8465-2a65075e0d86\n"
    "logsource:\n    product: windows\ndetection:\n    sel:\n        EventID: 4625\n"
    "    condition: sel\n";
const std::string kSuccessfulLogon =
    "title: Successful logon\nname: successful_logon\n"
    "logsource:\n    product: windows\ndetection:\n    sel:\n        EventID: 4624\n"
    "    condition: sel\n";

std::string Correlation(const std::string& title, const std::string& body) {
  return "title: " + title + "\ncorrelation:\n" + body;
}

std::string NamedCorrelation(const std::string& title, const std::string& name,
                             const std::string& body) {
  return "title: " + title + "\nname: " + name + "\ncorrelation:\n" + body;
}

TEST(SigmaCorrelationModel, SingleStringsForRulesGroupByAndField) {
  auto set = LoadSet(kFailedLogon + "---\n"
                     + Correlation("C",
                                   "    type: value_count\n    rules: failed_logon\n"
                                   "    group-by: IpAddress\n    timespan: 1d\n"
                                   "    condition:\n        field: [User, Domain]\n"
                                   "        gt: 2.5\n"));
  ASSERT_EQ(set->Errors(), "");
  const SigmaCorrelation& c = set->documents.correlations.at(0);
  EXPECT_EQ(Targets(c), (std::vector<std::string>{"rule:0"}));
  EXPECT_EQ(GroupBy(c), (std::vector<std::string>{"IpAddress"}));
  EXPECT_EQ(c.timespan_ns, 86400 * kSecond);
  EXPECT_EQ(Fields(c), (std::vector<std::string>{"User", "Domain"}));  // a tuple
  EXPECT_EQ(Bounds(c), "gt 2.5");                                      // floats are kept
}

// pySigma accepts a correlation without group-by: one global group.
TEST(SigmaCorrelationModel, NoGroupByIsOneGroup) {
  auto set = LoadSet(kFailedLogon + "---\n"
                     + Correlation("C",
                                   "    type: event_count\n    rules: [failed_logon]\n"
                                   "    timespan: 30s\n    condition: {gte: 100}\n"));
  ASSERT_EQ(set->Errors(), "");
  EXPECT_TRUE(set->documents.correlations.at(0).group_by.empty());
  EXPECT_EQ(set->documents.correlations.at(0).timespan_ns, 30 * kSecond);
}

TEST(SigmaCorrelationModel, RangeOfTwoBounds) {
  auto set = LoadSet(kFailedLogon + "---\n"
                     + Correlation("C",
                                   "    type: event_count\n    rules: [failed_logon]\n"
                                   "    timespan: 1h\n    condition:\n        gt: 100\n"
                                   "        lte: 200\n"));
  EXPECT_EQ(set->diagnostics.error_count(), 0u);
  EXPECT_EQ(Bounds(set->documents.correlations.at(0)), "gt 100 lte 200");
  // pySigma rejects ranges: a warning says so.
  EXPECT_NE(set->Errors().find("warning: a range (two bounds, AND-ed)"), std::string::npos)
      << set->Errors();
}

TEST(SigmaCorrelationModel, TemporalStringCondition) {
  auto set = LoadSet(kFailedLogon + "---\n" + kSuccessfulLogon + "---\n"
                     + Correlation("C",
                                   "    type: temporal\n"
                                   "    rules: [failed_logon, successful_logon]\n"
                                   "    group-by: [User]\n    timespan: 10m\n"
                                   "    condition: failed_logon and not successful_logon\n"));
  ASSERT_EQ(set->Errors(), "");
  const SigmaCorrelation& c = set->documents.correlations.at(0);
  EXPECT_TRUE(c.condition.bounds.empty());
  ASSERT_TRUE(c.condition.expression);
  const CorrelationExpr& expr = *c.condition.expression;
  EXPECT_EQ(expr.kind, CorrelationExpr::Kind::kAnd);
  EXPECT_EQ(expr.span.text(), "and");
  ASSERT_EQ(expr.children.size(), 2u);
  EXPECT_EQ(expr.children[0].kind, CorrelationExpr::Kind::kRule);
  EXPECT_EQ(expr.children[0].rule, "failed_logon");
  EXPECT_EQ(expr.children[0].rule_index, 0u);
  EXPECT_EQ(expr.children[0].span.text(), "failed_logon");
  EXPECT_EQ(expr.children[1].kind, CorrelationExpr::Kind::kNot);
  EXPECT_EQ(expr.children[1].children.at(0).rule, "successful_logon");
  EXPECT_EQ(expr.children[1].children.at(0).rule_index, 1u);
  EXPECT_FALSE(c.rules_from_condition);
}

// Precedence not > and > or; parentheses; `rules` taken from the condition when omitted.
TEST(SigmaCorrelationModel, TemporalConditionWithoutRules) {
  auto set = LoadSet(kFailedLogon + "---\n" + kSuccessfulLogon + "---\n"
                     + Correlation("C",
                                   "    type: temporal_ordered\n    group-by: User\n"
                                   "    timespan: 10m\n"
                                   "    condition: 'successful_logon or not failed_logon"
                                   " and (successful_logon)'\n"));
  ASSERT_EQ(set->Errors(), "");
  const SigmaCorrelation& c = set->documents.correlations.at(0);
  EXPECT_TRUE(c.rules_from_condition);
  ASSERT_EQ(c.rules.size(), 2u);
  EXPECT_EQ(c.rules[0].text, "successful_logon");
  EXPECT_EQ(c.rules[0].span.text(), "successful_logon");
  EXPECT_EQ(c.rules[1].text, "failed_logon");
  EXPECT_EQ(Targets(c), (std::vector<std::string>{"rule:1", "rule:0"}));
  const CorrelationExpr& expr = *c.condition.expression;
  ASSERT_EQ(expr.kind, CorrelationExpr::Kind::kOr);
  ASSERT_EQ(expr.children.size(), 2u);
  EXPECT_EQ(expr.children[0].rule, "successful_logon");
  const CorrelationExpr& conjunction = expr.children[1];
  ASSERT_EQ(conjunction.kind, CorrelationExpr::Kind::kAnd);
  EXPECT_EQ(conjunction.children.at(0).kind, CorrelationExpr::Kind::kNot);
  EXPECT_EQ(conjunction.children.at(0).children.at(0).rule_index, 1u);
  EXPECT_EQ(conjunction.children.at(1).rule_index, 0u);
  // Every rule is referenced (by the condition) without `generate`.
  EXPECT_FALSE(set->documents.rules[0].standalone_alert);
  EXPECT_FALSE(set->documents.rules[1].standalone_alert);
}

TEST(SigmaCorrelationModel, Timespans) {
  EXPECT_EQ(ParseTimespan("1s"), kSecond);
  EXPECT_EQ(ParseTimespan("90m"), 90 * 60 * kSecond);
  EXPECT_EQ(ParseTimespan("2h"), 2 * 3600 * kSecond);
  EXPECT_EQ(ParseTimespan("7d"), 7 * 86400 * kSecond);
  EXPECT_EQ(ParseTimespan("007d"), 7 * 86400 * kSecond);
  EXPECT_EQ(ParseTimespan("106751d"), int64_t{106751} * 86400 * kSecond);  // about 292 years: fits
  EXPECT_FALSE(ParseTimespan("106752d"));
  for (const char* bad :
       {"", "m", "5", "5 m", "1.5h", "-5m", "5M", "1w", "1y", "5H", "0s", "5mm"}) {
    EXPECT_FALSE(ParseTimespan(bad)) << bad;
  }
}

TEST(SigmaCorrelationModel, TypeNames) {
  for (CorrelationType type :
       {CorrelationType::kEventCount, CorrelationType::kValueCount, CorrelationType::kTemporal,
        CorrelationType::kTemporalOrdered, CorrelationType::kValueSum, CorrelationType::kValueAvg,
        CorrelationType::kValuePercentile, CorrelationType::kValueMedian}) {
    EXPECT_EQ(ParseCorrelationType(CorrelationTypeName(type)), type);
  }
  EXPECT_FALSE(ParseCorrelationType("Event_Count"));
  EXPECT_FALSE(ParseCorrelationType("temporal_extended"));
}

// --- Resolution over several files. ---

TEST(SigmaCorrelationResolver, ReferencesAcrossFiles) {
  auto set = LoadSet(
      Files{{"a/correlation.yml",
             Correlation("C",
                         "    type: temporal_ordered\n"
                         "    rules: [5638f7c0-ac70-491d-8465-2a65075e0d86, successful_logon]\n"
                         "    group-by: [User]\n    timespan: 10m\n    generate: true\n")},
            {"b/failed.yml", kFailedLogon},
            {"c/success.yml", kSuccessfulLogon},
            {"d/other.yml",
             "title: Other\nname: other\nlogsource: {product: windows}\n"
             "detection: {sel: {EventID: 1}, condition: sel}\n"}});
  ASSERT_EQ(set->Errors(), "");
  const SigmaCorrelation& c = set->documents.correlations.at(0);
  EXPECT_EQ(Targets(c), (std::vector<std::string>{"rule:0", "rule:1"}));
  EXPECT_EQ(set->documents.rules[0].meta.title, "Failed logon");
  // generate: true: the base rules alert on their own too; an unreferenced rule always does.
  for (const SigmaRule& rule : set->documents.rules) {
    EXPECT_TRUE(rule.standalone_alert) << rule.meta.title;
  }
}

// A rule referenced by two correlations alerts if either has generate: true.
TEST(SigmaCorrelationResolver, StandaloneIfAnyCorrelationGenerates) {
  std::string quiet = Correlation("Quiet",
                                  "    type: event_count\n    rules: [failed_logon]\n"
                                  "    timespan: 5m\n    condition: {gte: 3}\n");
  std::string loud = Correlation("Loud",
                                 "    type: event_count\n    rules: [failed_logon]\n"
                                 "    timespan: 5m\n    condition: {gte: 9}\n"
                                 "    generate: true\n");
  auto set = LoadSet(kFailedLogon + "---\n" + quiet + "---\n" + loud);
  ASSERT_EQ(set->Errors(), "");
  EXPECT_TRUE(set->documents.rules.at(0).standalone_alert);
  set = LoadSet(kFailedLogon + "---\n" + quiet);
  EXPECT_FALSE(set->documents.rules.at(0).standalone_alert);
}

// Three levels, written outermost first: the order puts each after what it references.
TEST(SigmaCorrelationResolver, OrderOfAChain) {
  auto set = LoadSet(
      Correlation("Top",
                  "    type: temporal\n    rules: [middle, successful_logon]\n"
                  "    group-by: [User]\n    timespan: 1h\n")
      + "---\n"
      + NamedCorrelation("Middle", "middle",
                         "    type: event_count\n    rules: [bottom]\n"
                         "    group-by: [User]\n    timespan: 1h\n    condition: {gte: 2}\n")
      + "---\n"
      + NamedCorrelation("Bottom", "bottom",
                         "    type: event_count\n    rules: [failed_logon]\n"
                         "    group-by: [User, Host]\n    timespan: 5m\n    condition: {gte: 5}\n")
      + "---\n" + kFailedLogon + "---\n" + kSuccessfulLogon);
  ASSERT_EQ(set->Errors(), "");
  const SigmaDocuments& documents = set->documents;
  ASSERT_EQ(documents.correlations.size(), 3u);
  EXPECT_EQ(documents.correlation_order, (std::vector<size_t>{2, 1, 0}));
  EXPECT_EQ(Targets(documents.correlations[0]),
            (std::vector<std::string>{"correlation:1", "rule:1"}));
  EXPECT_EQ(Targets(documents.correlations[1]), (std::vector<std::string>{"correlation:2"}));
  EXPECT_TRUE(documents.correlations[0].standalone_alert);
  EXPECT_FALSE(documents.correlations[1].standalone_alert);
  EXPECT_FALSE(documents.correlations[2].standalone_alert);
}

// A correlation with errors is left out; the rules and the other correlations still load,
// and indices refer to what remains.
TEST(SigmaCorrelationResolver, FailedCorrelationIsRemoved) {
  auto set = LoadSet(Correlation("Bad",
                                 "    type: event_count\n    rules: [nothing_here]\n"
                                 "    timespan: 5m\n    condition: {gte: 3}\n")
                     + "---\n"
                     + Correlation("Good",
                                   "    type: event_count\n    rules: [failed_logon]\n"
                                   "    timespan: 5m\n    condition: {gte: 3}\n")
                     + "---\n" + kFailedLogon);
  EXPECT_EQ(set->diagnostics.error_count(), 1u) << set->Errors();
  EXPECT_EQ(set->documents.failed, 1u);
  ASSERT_EQ(set->documents.correlations.size(), 1u);
  EXPECT_EQ(set->documents.correlations[0].meta.title, "Good");
  EXPECT_EQ(set->documents.correlation_order, (std::vector<size_t>{0}));
  EXPECT_EQ(set->documents.rules.size(), 1u);
}

}  // namespace
}  // namespace scry::sigma
