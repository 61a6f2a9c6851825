// Parsing of declarations, metadata, pipelines and queries.
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "lang_test_util.hpp"

namespace scry::lang {
namespace {

using testing::ParseM;
using testing::ParseQ;

constexpr const char* kExampleModule = R"(let tools = ["psexec.exe", "wmic.exe"]
source windows.process_creation {
  description: "Sysmon process creation"
  where Channel == "Microsoft-Windows-Sysmon/Operational" and EventID == 1
}
rule encoded_powershell {
  id: "a8f1c2d3-0000-4000-8000-000000000001"
  title: "Encoded PowerShell command line"
  level: high
  tags: [attack.execution, attack.t1059.001]
  from windows.process_creation
  | where Image endswith any [r"\powershell.exe", r"\pwsh.exe"]
      and CommandLine contains any [" -enc ", " -EncodedCommand "]
      and not ParentImage endswith r"\explorer.exe"
}
)";

TEST(Module, ExampleFromTheSpec) {
  auto parsed = ParseM(kExampleModule);
  ASSERT_TRUE(parsed.result.has_value()) << parsed.Errors();
  const auto& decls = parsed.result->decls;
  ASSERT_EQ(decls.size(), 3u);

  const auto& let = std::get<ast::LetDecl>(decls[0].decl);
  EXPECT_EQ(let.name, "tools");
  EXPECT_EQ(let.name_span.text(), "tools");
  EXPECT_EQ(let.value->As<ast::ListExpr>()->items.size(), 2u);
  EXPECT_EQ(let.span.text(), R"(let tools = ["psexec.exe", "wmic.exe"])");

  const auto& source = std::get<ast::SourceDecl>(decls[1].decl);
  EXPECT_EQ(source.Dotted(), "windows.process_creation");
  EXPECT_EQ(source.name_span.text(), "windows.process_creation");
  ASSERT_EQ(source.meta.size(), 1u);
  EXPECT_EQ(source.meta[0].key, "description");
  EXPECT_EQ(std::get<std::string>(source.meta[0].value.value), "Sysmon process creation");
  EXPECT_FALSE(source.pipeline.from.has_value());
  ASSERT_EQ(source.pipeline.ops.size(), 1u);
  EXPECT_EQ(source.pipeline.ops[0].Name(), "where");

  const auto& rule = std::get<ast::RuleDecl>(decls[2].decl);
  EXPECT_EQ(rule.name, "encoded_powershell");
  EXPECT_EQ(rule.name_span.text(), "encoded_powershell");
  ASSERT_EQ(rule.meta.size(), 4u);
  EXPECT_EQ(rule.meta[2].key, "level");
  EXPECT_EQ(rule.meta[2].key_span.text(), "level");
  EXPECT_EQ(std::get<std::string>(rule.meta[2].value.value), "high");
  const auto& tags = std::get<std::vector<ast::MetaValue>>(rule.meta[3].value.value);
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(std::get<std::string>(tags[0].value), "attack.execution");
  EXPECT_EQ(std::get<std::string>(tags[1].value), "attack.t1059.001");
  EXPECT_EQ(tags[1].span.text(), "attack.t1059.001");
  ASSERT_TRUE(rule.pipeline.from.has_value());
  EXPECT_EQ(rule.pipeline.from->Dotted(), "windows.process_creation");
  EXPECT_EQ(rule.pipeline.from->name_span.text(), "windows.process_creation");
  EXPECT_FALSE(rule.pipeline.from->is_call);
  ASSERT_EQ(rule.pipeline.ops.size(), 1u);
  const auto& where = std::get<ast::WhereOp>(rule.pipeline.ops[0].op);
  const auto* chain = where.condition->As<ast::Binary>();
  ASSERT_NE(chain, nullptr);
  EXPECT_EQ(chain->op, ast::BinaryOp::kAnd);
  EXPECT_EQ(chain->rhs->As<ast::Unary>()->op, ast::UnaryOp::kNot);
  const auto* endswith = chain->lhs->As<ast::Binary>()->lhs->As<ast::Binary>();
  EXPECT_EQ(endswith->op, ast::BinaryOp::kEndsWith);
  EXPECT_EQ(endswith->quantifier, ast::Quantifier::kAny);
  EXPECT_EQ(endswith->rhs->As<ast::ListExpr>()->items[0]->As<ast::Literal>()->text,
            "\\powershell.exe");
  EXPECT_EQ(rule.span.text().substr(0, 24), "rule encoded_powershell ");
}

TEST(Module, EmptyAndCommentsOnly) {
  auto empty = ParseM("");
  ASSERT_TRUE(empty.result.has_value());
  EXPECT_TRUE(empty.result->decls.empty());
  auto comments = ParseM("// nothing here\n/* at all */\n");
  ASSERT_TRUE(comments.result.has_value());
  EXPECT_TRUE(comments.result->decls.empty());
}

TEST(Module, MetadataValues) {
  auto parsed = ParseM(R"(rule r {
  s: "text"
  raw: r"C:\x"
  tag: high
  dotted: attack.t1059.001
  n: 3
  neg: -7
  hex: 0x10
  f: 1.5
  nf: -0.5
  yes: true
  no: false
  list: [a, "b", 3, [true], ]
  empty: []
  from: "soft keyword key"
  `odd key`: x
  kw: attack.in.where.5
  where a
})");
  ASSERT_TRUE(parsed.result.has_value()) << parsed.Errors();
  const auto& meta = std::get<ast::RuleDecl>(parsed.result->decls[0].decl).meta;
  ASSERT_EQ(meta.size(), 16u);
  EXPECT_EQ(std::get<std::string>(meta[0].value.value), "text");
  EXPECT_EQ(std::get<std::string>(meta[1].value.value), "C:\\x");
  EXPECT_EQ(std::get<std::string>(meta[2].value.value), "high");
  EXPECT_EQ(std::get<std::string>(meta[3].value.value), "attack.t1059.001");
  EXPECT_EQ(std::get<int64_t>(meta[4].value.value), 3);
  EXPECT_EQ(std::get<int64_t>(meta[5].value.value), -7);
  EXPECT_EQ(std::get<int64_t>(meta[6].value.value), 16);
  EXPECT_DOUBLE_EQ(std::get<double>(meta[7].value.value), 1.5);
  EXPECT_DOUBLE_EQ(std::get<double>(meta[8].value.value), -0.5);
  EXPECT_TRUE(std::get<bool>(meta[9].value.value));
  EXPECT_FALSE(std::get<bool>(meta[10].value.value));
  const auto& list = std::get<std::vector<ast::MetaValue>>(meta[11].value.value);
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(std::get<std::string>(list[0].value), "a");
  EXPECT_EQ(std::get<std::string>(list[1].value), "b");
  EXPECT_EQ(std::get<int64_t>(list[2].value), 3);
  EXPECT_TRUE(std::get<bool>(std::get<std::vector<ast::MetaValue>>(list[3].value)[0].value));
  EXPECT_TRUE(std::get<std::vector<ast::MetaValue>>(meta[12].value.value).empty());
  EXPECT_EQ(meta[13].key, "from");
  EXPECT_EQ(meta[14].key, "odd key");
  EXPECT_EQ(std::get<std::string>(meta[15].value.value), "attack.in.where.5");
}

TEST(Module, SourceWithFromAndRuleWithoutMetadata) {
  auto parsed = ParseM(R"(
source linux.auditd { from file("audit.ndjson") | where type == "EXECVE" }
rule bare { where a == 1 }
)");
  ASSERT_TRUE(parsed.result.has_value()) << parsed.Errors();
  const auto& source = std::get<ast::SourceDecl>(parsed.result->decls[0].decl);
  ASSERT_TRUE(source.pipeline.from.has_value());
  EXPECT_TRUE(source.pipeline.from->is_call);
  EXPECT_EQ(source.pipeline.from->Dotted(), "file");
  ASSERT_EQ(source.pipeline.from->args.size(), 1u);
  EXPECT_EQ(source.pipeline.from->span.text(), "from file(\"audit.ndjson\")");
  EXPECT_EQ(source.pipeline.from->name_span.text(), "file");
  EXPECT_TRUE(std::get<ast::RuleDecl>(parsed.result->decls[1].decl).meta.empty());
}

TEST(Query, FullPipeline) {
  auto parsed = ParseQ(
      "where EventID in (1, 4688) and exists CommandLine | extend l = len(CommandLine) | "
      "summarize n = count(), dcount(User) by Computer | sort n desc, Computer | head 10");
  ASSERT_TRUE(parsed.result.has_value()) << parsed.Errors();
  const auto& ops = parsed.result->pipeline.ops;
  ASSERT_EQ(ops.size(), 5u);
  EXPECT_EQ(ops[0].Name(), "where");
  EXPECT_EQ(ops[0].span.text(), "where EventID in (1, 4688) and exists CommandLine");
  const auto& extend = std::get<ast::ExtendOp>(ops[1].op);
  ASSERT_EQ(extend.columns.size(), 1u);
  EXPECT_EQ(extend.columns[0].name, "l");
  EXPECT_EQ(extend.columns[0].name_span.text(), "l");
  const auto& summarize = std::get<ast::SummarizeOp>(ops[2].op);
  ASSERT_EQ(summarize.aggregates.size(), 2u);
  EXPECT_EQ(summarize.aggregates[0].name, "n");
  EXPECT_FALSE(summarize.aggregates[1].name.has_value());
  EXPECT_EQ(summarize.aggregates[1].value->As<ast::Call>()->function, "dcount");
  ASSERT_EQ(summarize.by.size(), 1u);
  EXPECT_EQ(summarize.by[0].value->As<ast::FieldPath>()->Dotted(), "Computer");
  const auto& sort = std::get<ast::SortOp>(ops[3].op);
  ASSERT_EQ(sort.keys.size(), 2u);
  EXPECT_TRUE(sort.keys[0].descending);
  EXPECT_FALSE(sort.keys[1].descending);
  EXPECT_EQ(std::get<ast::HeadOp>(ops[4].op).count, 10);
  EXPECT_EQ(ops[4].Name(), "head");
}

TEST(Query, StartsWithFromOperatorOrPipe) {
  for (const char* text :
       {"from windows.process_creation | where a", "where a", "| where a", "let x = 1 | where a",
        "let x = 1\nlet y = x\nfrom s | head 5", "project a, b = c, `odd name` = d, where",
        "summarize count() by bin(ts, 5m), host", "sort ts asc", "extend x = 1, y = 2"}) {
    auto parsed = ParseQ(text);
    EXPECT_TRUE(parsed.result.has_value()) << text << "\n" << parsed.Errors();
  }
  auto lets = ParseQ("let a = 1\nlet b = [a, 2]\nwhere x in b");
  ASSERT_TRUE(lets.result.has_value());
  ASSERT_EQ(lets.result->lets.size(), 2u);
  EXPECT_EQ(lets.result->lets[1].name, "b");
}

TEST(Query, Examples) {
  auto ip = ParseQ("where SourceIp in~ (10.0.0.0/8, ::1) or ts > 2024-01-01T00:00:00Z - 5m");
  ASSERT_TRUE(ip.result.has_value()) << ip.Errors();
  auto re = ParseQ(
      "where CommandLine matches re\"(?i)mimi.*katz\" and not `Threat Name` !contains_cs \"x\"");
  ASSERT_TRUE(re.result.has_value()) << re.Errors();
  const auto& where = std::get<ast::WhereOp>(re.result->pipeline.ops[0].op);
  const auto* rhs = where.condition->As<ast::Binary>()->rhs->As<ast::Unary>();
  const auto* contains = rhs->operand->As<ast::Binary>();
  EXPECT_EQ(contains->op, ast::BinaryOp::kContains);
  EXPECT_FALSE(contains->case_insensitive);
  EXPECT_TRUE(contains->negated);
  EXPECT_EQ(contains->lhs->As<ast::FieldPath>()->segments[0], "Threat Name");
}

TEST(Query, SoftKeywordsAsFieldNames) {
  auto parsed = ParseQ("where source.ip == rule.name and where == 1 | project from, sort = head");
  ASSERT_TRUE(parsed.result.has_value()) << parsed.Errors();
  const auto& project = std::get<ast::ProjectOp>(parsed.result->pipeline.ops[1].op);
  EXPECT_EQ(project.columns[0].value->As<ast::FieldPath>()->Dotted(), "from");
  EXPECT_EQ(project.columns[1].name, "sort");
}

}  // namespace
}  // namespace scry::lang
