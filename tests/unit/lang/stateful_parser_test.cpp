// Parsing of the stateful operators: `from a, b`, `window`, `aggregate`, `suppress`,
// `sequence`; their AST fields, spans and syntax errors.
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "lang_test_util.hpp"

namespace scry::lang {
namespace {

using testing::ModuleErrors;
using testing::ParseM;
using testing::ParseQ;
using testing::QueryErrors;

constexpr const char* kStatefulModule = R"(rule many_failed_logons {
  from failed_logon, windows.logon_failure
  | window sliding 5m by TargetUserName
  | aggregate n = count(), users = dcount(user.name)
  | where n >= 3
  | suppress 1h by TargetUserName, host = Computer
}

rule psexec_then_smb {
  sequence ordered by host.name within 5m
    [from windows.process_creation | where Image endswith "\\psexec.exe"]
    ![from windows.network_connection | where DestinationPort == 445]
    [where EventID == 3]
    until [from windows.logoff]
}
)";

const ast::RuleDecl& RuleAt(const ast::Module& module, size_t index) {
  return std::get<ast::RuleDecl>(module.decls.at(index).decl);
}

TEST(Stateful, WindowAggregateSuppressAndSeveralInputs) {
  auto parsed = ParseM(kStatefulModule);
  ASSERT_TRUE(parsed.result.has_value()) << parsed.Errors();
  const auto& rule = RuleAt(*parsed.result, 0);

  const auto& from = *rule.pipeline.from;
  EXPECT_EQ(from.Dotted(), "failed_logon");
  EXPECT_EQ(from.name_span.text(), "failed_logon");
  EXPECT_FALSE(from.is_call);
  ASSERT_EQ(from.more.size(), 1u);
  EXPECT_EQ(from.more[0].Dotted(), "windows.logon_failure");
  EXPECT_EQ(from.more[0].span.text(), "windows.logon_failure");
  EXPECT_EQ(from.span.text(), "from failed_logon, windows.logon_failure");

  const auto& ops = rule.pipeline.ops;
  ASSERT_EQ(ops.size(), 4u);
  EXPECT_EQ(ops[0].Name(), "window");
  EXPECT_EQ(ops[0].span.text(), "window sliding 5m by TargetUserName");
  const auto& window = std::get<ast::WindowOp>(ops[0].op);
  EXPECT_EQ(window.kind, ast::WindowKind::kSliding);
  const auto* size = window.size->As<ast::Literal>();
  ASSERT_NE(size, nullptr);
  EXPECT_EQ(size->kind, ast::Literal::Kind::kDuration);
  EXPECT_EQ(size->int_value, 5 * 60 * 1'000'000'000LL);
  EXPECT_EQ(window.size->span.text(), "5m");
  ASSERT_EQ(window.by.size(), 1u);
  EXPECT_FALSE(window.by[0].name.has_value());
  EXPECT_EQ(window.by[0].value->As<ast::FieldPath>()->Dotted(), "TargetUserName");

  EXPECT_EQ(ops[1].Name(), "aggregate");
  EXPECT_EQ(ops[1].span.text(), "aggregate n = count(), users = dcount(user.name)");
  const auto& aggregate = std::get<ast::AggregateOp>(ops[1].op);
  ASSERT_EQ(aggregate.aggregates.size(), 2u);
  EXPECT_EQ(aggregate.aggregates[0].name, "n");
  EXPECT_EQ(aggregate.aggregates[0].name_span.text(), "n");
  EXPECT_EQ(aggregate.aggregates[1].name, "users");
  const auto* dcount = aggregate.aggregates[1].value->As<ast::Call>();
  ASSERT_NE(dcount, nullptr);
  EXPECT_EQ(dcount->function, "dcount");
  EXPECT_EQ(dcount->args[0]->As<ast::FieldPath>()->Dotted(), "user.name");

  EXPECT_EQ(ops[3].Name(), "suppress");
  EXPECT_EQ(ops[3].span.text(), "suppress 1h by TargetUserName, host = Computer");
  const auto& suppress = std::get<ast::SuppressOp>(ops[3].op);
  EXPECT_EQ(suppress.duration->As<ast::Literal>()->int_value, 3600 * 1'000'000'000LL);
  ASSERT_EQ(suppress.by.size(), 2u);
  EXPECT_FALSE(suppress.by[0].name.has_value());
  EXPECT_EQ(suppress.by[1].name, "host");
  EXPECT_EQ(suppress.by[1].name_span.text(), "host");
  EXPECT_EQ(suppress.by[1].value->As<ast::FieldPath>()->Dotted(), "Computer");
}

TEST(Stateful, Sequence) {
  auto parsed = ParseM(kStatefulModule);
  ASSERT_TRUE(parsed.result.has_value()) << parsed.Errors();
  const auto& rule = RuleAt(*parsed.result, 1);
  // A sequence may be the first stage: no `from`.
  EXPECT_FALSE(rule.pipeline.from.has_value());
  ASSERT_EQ(rule.pipeline.ops.size(), 1u);
  const auto& op = rule.pipeline.ops[0];
  EXPECT_EQ(op.Name(), "sequence");
  EXPECT_TRUE(op.span.text().starts_with("sequence ordered by host.name within 5m\n"));
  EXPECT_TRUE(op.span.text().ends_with("until [from windows.logoff]"));
  const auto& sequence = std::get<ast::SequenceOp>(op.op);
  EXPECT_TRUE(sequence.ordered);
  ASSERT_EQ(sequence.by.size(), 1u);
  EXPECT_EQ(sequence.by[0].value->As<ast::FieldPath>()->Dotted(), "host.name");
  EXPECT_EQ(sequence.within->As<ast::Literal>()->int_value, 5 * 60 * 1'000'000'000LL);
  EXPECT_EQ(sequence.within->span.text(), "5m");

  ASSERT_EQ(sequence.steps.size(), 3u);
  const auto& first = sequence.steps[0];
  EXPECT_FALSE(first.absent);
  EXPECT_EQ(first.span.text(),
            "[from windows.process_creation | where Image endswith \"\\\\psexec.exe\"]");
  ASSERT_NE(first.pipeline, nullptr);
  EXPECT_EQ(first.pipeline->from->Dotted(), "windows.process_creation");
  ASSERT_EQ(first.pipeline->ops.size(), 1u);
  const auto& where = std::get<ast::WhereOp>(first.pipeline->ops[0].op);
  EXPECT_EQ(where.condition->As<ast::Binary>()->rhs->As<ast::Literal>()->text, "\\psexec.exe");
  EXPECT_EQ(first.pipeline->span.text(),
            "from windows.process_creation | where Image endswith \"\\\\psexec.exe\"");

  const auto& absent = sequence.steps[1];
  EXPECT_TRUE(absent.absent);
  EXPECT_EQ(absent.span.text(),
            "![from windows.network_connection | where DestinationPort == 445]");
  EXPECT_EQ(absent.pipeline->from->Dotted(), "windows.network_connection");

  const auto& third = sequence.steps[2];
  EXPECT_FALSE(third.absent);
  EXPECT_FALSE(third.pipeline->from.has_value());
  EXPECT_EQ(third.pipeline->ops[0].Name(), "where");
  EXPECT_EQ(third.span.text(), "[where EventID == 3]");

  ASSERT_TRUE(sequence.until.has_value());
  EXPECT_FALSE(sequence.until->absent);
  EXPECT_EQ(sequence.until->span.text(), "[from windows.logoff]");
  EXPECT_EQ(sequence.until->pipeline->from->Dotted(), "windows.logoff");
  EXPECT_TRUE(sequence.until->pipeline->ops.empty());
}

TEST(Stateful, SequenceVariants) {
  auto parsed = ParseQ(
      "from a | sequence by k1, key = lower(k2) within 30s [from b] [from c, d | where x] "
      "| where y");
  ASSERT_TRUE(parsed.result.has_value()) << parsed.Errors();
  const auto& ops = parsed.result->pipeline.ops;
  ASSERT_EQ(ops.size(), 2u);
  const auto& sequence = std::get<ast::SequenceOp>(ops[0].op);
  EXPECT_FALSE(sequence.ordered);
  ASSERT_EQ(sequence.by.size(), 2u);
  EXPECT_EQ(sequence.by[1].name, "key");
  EXPECT_EQ(sequence.by[1].value->As<ast::Call>()->function, "lower");
  ASSERT_EQ(sequence.steps.size(), 2u);
  EXPECT_FALSE(sequence.until.has_value());
  ASSERT_EQ(sequence.steps[1].pipeline->from->more.size(), 1u);
  EXPECT_EQ(sequence.steps[1].pipeline->from->more[0].Dotted(), "d");
  // The `|` after the last step belongs to the outer pipeline.
  EXPECT_EQ(ops[1].Name(), "where");
  EXPECT_EQ(ops[0].span.text(),
            "sequence by k1, key = lower(k2) within 30s [from b] [from c, d | where x]");

  // Steps nest: a step is any pipeline, a sequence included.
  auto nested = ParseQ("sequence by h within 1m [sequence by u within 5s [from a] ![from b]]");
  ASSERT_TRUE(nested.result.has_value()) << nested.Errors();
  const auto& outer = std::get<ast::SequenceOp>(nested.result->pipeline.ops[0].op);
  const auto& inner = std::get<ast::SequenceOp>(outer.steps[0].pipeline->ops[0].op);
  ASSERT_EQ(inner.steps.size(), 2u);
  EXPECT_TRUE(inner.steps[1].absent);
}

TEST(Stateful, WindowKinds) {
  const std::pair<const char*, ast::WindowKind> cases[] = {
      {"window sliding 10m", ast::WindowKind::kSliding},
      {"window tumbling 1h by a, b", ast::WindowKind::kTumbling},
      {"window session 30s by user", ast::WindowKind::kSession},
  };
  for (const auto& [text, kind] : cases) {
    auto parsed = ParseQ(text);
    ASSERT_TRUE(parsed.result.has_value()) << text << "\n" << parsed.Errors();
    EXPECT_EQ(std::get<ast::WindowOp>(parsed.result->pipeline.ops[0].op).kind, kind) << text;
  }
  auto window = ParseQ("window tumbling 1h by a, b");
  EXPECT_EQ(std::get<ast::WindowOp>(window.result->pipeline.ops[0].op).by.size(), 2u);
  // A kind word may still name a field: `sliding sliding` is the kind, then the size.
  auto odd = ParseQ("window sliding sliding");
  ASSERT_TRUE(odd.result.has_value()) << odd.Errors();
  const auto& op = std::get<ast::WindowOp>(odd.result->pipeline.ops[0].op);
  EXPECT_EQ(op.size->As<ast::FieldPath>()->Dotted(), "sliding");
}

TEST(Stateful, NewKeywordsAreSoft) {
  // Field names, column names, metadata keys, paths after a dot.
  auto parsed = ParseQ(
      "where window == 1 and session.id == sequence and until > within and x.aggregate "
      "| project suppress = ordered, sliding, tumbling | extend aggregate = 1 "
      "| summarize count() by window");
  ASSERT_TRUE(parsed.result.has_value()) << parsed.Errors();
  const auto& project = std::get<ast::ProjectOp>(parsed.result->pipeline.ops[1].op);
  EXPECT_EQ(project.columns[0].name, "suppress");
  EXPECT_EQ(project.columns[0].value->As<ast::FieldPath>()->Dotted(), "ordered");
  auto module = ParseM(
      "rule r { window: 5 sequence: \"x\" mode: session kind: until.x where a }\n"
      "source s { where window }");
  ASSERT_TRUE(module.result.has_value()) << module.Errors();
  const auto& meta = RuleAt(*module.result, 0).meta;
  ASSERT_EQ(meta.size(), 4u);
  EXPECT_EQ(meta[0].key, "window");
  EXPECT_EQ(meta[1].key, "sequence");
  EXPECT_EQ(std::get<std::string>(meta[2].value.value), "session");
  EXPECT_EQ(std::get<std::string>(meta[3].value.value), "until.x");
  // Sequence keys and sizes may be fields named like keywords.
  auto keys = ParseQ("sequence by until, within within within [from a] until [from b]");
  ASSERT_TRUE(keys.result.has_value()) << keys.Errors();
  const auto& sequence = std::get<ast::SequenceOp>(keys.result->pipeline.ops[0].op);
  EXPECT_EQ(sequence.by[1].value->As<ast::FieldPath>()->Dotted(), "within");
  EXPECT_EQ(sequence.within->As<ast::FieldPath>()->Dotted(), "within");
  EXPECT_TRUE(sequence.until.has_value());
}

// ---------------------------------------------------------------------------------------
// Syntax errors

TEST(StatefulErrors, Window) {
  EXPECT_EQ(QueryErrors("window 5m"),
            "<query>:1:8: error: expected sliding, tumbling or session after 'window'\n"
            "    1 | window 5m\n"
            "      |        ^~\n");
  EXPECT_EQ(ModuleErrors("rule r {\n  from a\n  | window 5m by user\n}\n"),
            "x.scry:3:12: error: expected sliding, tumbling or session after 'window'\n"
            "    3 |   | window 5m by user\n"
            "      |            ^~\n");
  EXPECT_EQ(QueryErrors("window slidng 5m"),
            "<query>:1:8: error: unknown window kind 'slidng'; did you mean 'sliding'?\n"
            "    1 | window slidng 5m\n"
            "      |        ^~~~~~\n");
  EXPECT_EQ(QueryErrors("window hopping 5m"),
            "<query>:1:8: error: unknown window kind 'hopping'; expected sliding, tumbling or "
            "session\n"
            "    1 | window hopping 5m\n"
            "      |        ^~~~~~~\n");
  EXPECT_EQ(QueryErrors("window session by user"),
            "<query>:1:16: error: expected a duration after 'session'\n"
            "    1 | window session by user\n"
            "      |                ^~\n");
  EXPECT_EQ(QueryErrors("window tumbling"),
            "<query>:1:16: error: expected a duration after 'tumbling'\n"
            "    1 | window tumbling\n"
            "      |                ^\n");
  EXPECT_EQ(QueryErrors("window sliding 5m by"),
            "<query>:1:21: error: expected an expression after 'by'\n"
            "    1 | window sliding 5m by\n"
            "      |                     ^\n");
}

TEST(StatefulErrors, AggregateAndSuppress) {
  EXPECT_EQ(QueryErrors("window sliding 5m | aggregate"),
            "<query>:1:30: error: expected an expression after 'aggregate'\n"
            "    1 | window sliding 5m | aggregate\n"
            "      |                              ^\n");
  EXPECT_EQ(ModuleErrors("rule r {\n  from a\n  | suppress\n}\n"),
            "x.scry:4:1: error: expected an expression after 'suppress'\n"
            "    4 | }\n"
            "      | ^\n");
}

TEST(StatefulErrors, SequenceWithoutWithin) {
  EXPECT_EQ(QueryErrors("sequence by x [from a]"),
            "<query>:1:15: error: unexpected '['; expected 'within' or ','\n"
            "    1 | sequence by x [from a]\n"
            "      |               ^\n");
  EXPECT_EQ(ModuleErrors("rule r {\n  sequence by x [from a]\n}\n"),
            "x.scry:2:17: error: unexpected '['; expected 'within' or ','\n"
            "    2 |   sequence by x [from a]\n"
            "      |                 ^\n");
}

TEST(StatefulErrors, SequenceWithoutSteps) {
  EXPECT_EQ(QueryErrors("sequence by x within 5m"),
            "<query>:1:24: error: unexpected end of input; expected '[' or '!['\n"
            "    1 | sequence by x within 5m\n"
            "      |                        ^\n");
  EXPECT_EQ(ModuleErrors("rule r {\n  sequence by x within 5m\n}\n"),
            "x.scry:3:1: error: unexpected '}'; expected '[' or '!['\n"
            "    3 | }\n"
            "      | ^\n");
  EXPECT_EQ(QueryErrors("sequence by x within 5m [from a] until"),
            "<query>:1:39: error: unexpected end of input; expected '[' or '!['\n"
            "    1 | sequence by x within 5m [from a] until\n"
            "      |                                       ^\n");
  EXPECT_EQ(QueryErrors("sequence by x within 5m []"),
            "<query>:1:26: error: unexpected ']'; expected 'from' or a pipeline operator\n"
            "    1 | sequence by x within 5m []\n"
            "      |                          ^\n");
}

TEST(StatefulErrors, UnclosedStep) {
  EXPECT_EQ(QueryErrors("sequence by x within 5m [from a | where b"),
            "<query>:1:42: error: unexpected end of input; expected ']'\n"
            "    1 | sequence by x within 5m [from a | where b\n"
            "      |                                          ^\n");
  EXPECT_EQ(ModuleErrors("rule r {\n  sequence by x within 5m\n    ![from a\n}\n"),
            "x.scry:4:1: error: unexpected '}'; expected ']'\n"
            "    4 | }\n"
            "      | ^\n");
  EXPECT_EQ(QueryErrors("where a ] b"),
            "<query>:1:9: error: unmatched ']'\n"
            "    1 | where a ] b\n"
            "      |         ^\n");
  // `![` opens what `]` closes.
  EXPECT_FALSE(QueryErrors("sequence by x within 5m ![from a] ]").find("unmatched ']'")
               == std::string::npos);
}

TEST(StatefulErrors, SequenceByAndUntil) {
  EXPECT_EQ(QueryErrors("sequence within 5m [from a]"),
            "<query>:1:10: error: expected 'by' and the keys the steps share, as in 'sequence "
            "by host.name within 5m'\n"
            "    1 | sequence within 5m [from a]\n"
            "      |          ^~~~~~\n");
  EXPECT_EQ(QueryErrors("sequence ordered within 5m [from a]"),
            "<query>:1:18: error: expected 'by' and the keys the steps share, as in 'sequence "
            "by host.name within 5m'\n"
            "    1 | sequence ordered within 5m [from a]\n"
            "      |                  ^~~~~~\n");
  EXPECT_EQ(QueryErrors("sequence by x within 5m [from a] until [from b] [from c]"),
            "<query>:1:49: error: 'until' takes one step and ends the sequence; put the other "
            "steps before it\n"
            "    1 | sequence by x within 5m [from a] until [from b] [from c]\n"
            "      |                                                 ^~~~~~~~\n");
}

TEST(StatefulErrors, UnknownOperatorsAndSuggestions) {
  EXPECT_EQ(QueryErrors("windw sliding 5m"),
            "<query>:1:1: error: unknown pipeline operator 'windw'; did you mean 'window'?\n"
            "    1 | windw sliding 5m\n"
            "      | ^~~~~\n");
  EXPECT_EQ(QueryErrors("from a | aggregat n = count()"),
            "<query>:1:10: error: unknown pipeline operator 'aggregat'; did you mean "
            "'aggregate'?\n"
            "    1 | from a | aggregat n = count()\n"
            "      |          ^~~~~~~~\n");
  EXPECT_NE(QueryErrors("from a | supress 1h").find("did you mean 'suppress'?"), std::string::npos);
  EXPECT_NE(QueryErrors("sequense by x within 5m [from a]").find("did you mean 'sequence'?"),
            std::string::npos);
  // An unknown operator inside a step ends at the step's `]`: one error, not a cascade.
  EXPECT_EQ(QueryErrors("sequence by x within 5m [wher x] [where y]"),
            "<query>:1:26: error: unknown pipeline operator 'wher'; did you mean 'where'?\n"
            "    1 | sequence by x within 5m [wher x] [where y]\n"
            "      |                          ^~~~\n");
  // Brackets in an unknown operator's arguments are skipped whole.
  EXPECT_EQ(QueryErrors("where a | foo [1, [2]] | where b"),
            "<query>:1:11: error: unknown pipeline operator 'foo'\n"
            "    1 | where a | foo [1, [2]] | where b\n"
            "      |           ^~~\n");
}

TEST(StatefulErrors, FromList) {
  EXPECT_EQ(QueryErrors("from a, | where b"),
            "<query>:1:9: error: unexpected '|'; expected a name\n"
            "    1 | from a, | where b\n"
            "      |         ^\n");
}

}  // namespace
}  // namespace scry::lang
