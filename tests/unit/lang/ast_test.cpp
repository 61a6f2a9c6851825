// The AST helpers: names, spellings, cloning and structural equality.
#include <string>

#include <gtest/gtest.h>

#include "lang_test_util.hpp"

namespace scry::lang {
namespace {

using testing::MustParse;
using testing::ParseExpr;
using testing::ParseM;
using testing::ParseQ;

TEST(Ast, DottedNames) {
  EXPECT_EQ((ast::FieldPath{{"a", "b", "c"}}.Dotted()), "a.b.c");
  EXPECT_EQ((ast::FieldPath{{"Threat Name"}}.Dotted()), "Threat Name");
  ast::FromClause from;
  from.name = {"windows", "process_creation"};
  EXPECT_EQ(from.Dotted(), "windows.process_creation");
  ast::SourceDecl source;
  source.name = {"linux"};
  EXPECT_EQ(source.Dotted(), "linux");
}

TEST(Ast, OperatorNames) {
  auto parsed = ParseQ("where a | project a | extend b = 1 | summarize count() | sort a | head 1");
  ASSERT_TRUE(parsed.result.has_value()) << parsed.Errors();
  std::string names;
  for (const auto& op : parsed.result->pipeline.ops) {
    names += std::string(op.Name()) + " ";
  }
  EXPECT_EQ(names, "where project extend summarize sort head ");
  auto stateful = ParseQ(
      "window sliding 5m | aggregate count() | suppress 1h | sequence by a within 1m [from b]");
  ASSERT_TRUE(stateful.result.has_value()) << stateful.Errors();
  names.clear();
  for (const auto& op : stateful.result->pipeline.ops) {
    names += std::string(op.Name()) + " ";
  }
  EXPECT_EQ(names, "window aggregate suppress sequence ");
}

TEST(Ast, BinaryOpSpellingIgnoresFlagsWhereTheyDoNotApply) {
  EXPECT_EQ(ast::BinaryOpSpelling(ast::BinaryOp::kAdd, true, true), "+");
  EXPECT_EQ(ast::BinaryOpSpelling(ast::BinaryOp::kIn, true, true), "!in~");
  EXPECT_EQ(ast::BinaryOpSpelling(ast::BinaryOp::kMatches, false, false), "matches_cs");
}

TEST(Ast, CloneIsDeepAndEqual) {
  auto parsed = ParseExpr("not a.b contains any [\"x\", f(1, -2.5)] or c == 5m");
  const auto& original = MustParse(parsed);
  ast::ExprPtr copy = ast::CloneExpr(original);
  EXPECT_TRUE(ast::Equal(original, *copy));
  EXPECT_EQ(copy->span.text(), original.span.text());
  // Changing the copy leaves the original alone.
  copy->As<ast::Binary>()->rhs->As<ast::Binary>()->rhs->As<ast::Literal>()->int_value = 1;
  EXPECT_FALSE(ast::Equal(original, *copy));
}

TEST(Ast, EqualityIgnoresSpansAndSpelling) {
  auto a = ParseM("rule r { level: high tags: [a.b] where x == (1, 2) }");
  auto b = ParseM("rule r {\n  level: \"high\"\n  tags: ['a.b']\n\n  where (x) == [1,2,]\n}");
  ASSERT_TRUE(a.result && b.result);
  EXPECT_TRUE(ast::Equal(*a.result, *b.result));
}

TEST(Ast, EqualityNoticesDifferences) {
  auto same = [](const std::string& x, const std::string& y) {
    auto a = ParseExpr(x);
    auto b = ParseExpr(y);
    return ast::Equal(MustParse(a), MustParse(b));
  };
  EXPECT_TRUE(same("a contains \"x\"", "a   contains 'x'"));
  EXPECT_FALSE(same("a contains \"x\"", "a contains_cs \"x\""));
  EXPECT_FALSE(same("a contains \"x\"", "a !contains \"x\""));
  EXPECT_FALSE(same("a contains [\"x\"]", "a contains any [\"x\"]"));
  EXPECT_FALSE(same("a contains any [\"x\"]", "a contains all [\"x\"]"));
  EXPECT_FALSE(same("a == 1", "a == 1.0"));
  EXPECT_FALSE(same("a == 1", "a == \"1\""));
  EXPECT_FALSE(same("a.b", "a.c"));
  EXPECT_FALSE(same("f(a)", "g(a)"));
  EXPECT_FALSE(same("f(a)", "f(a, b)"));
  EXPECT_FALSE(same("[1, 2]", "[1]"));
  EXPECT_FALSE(same("-a", "not a"));
  EXPECT_FALSE(same("1.2.3.4", "\"1.2.3.4\""));
  EXPECT_FALSE(same("re\"a\"", "\"a\""));
  EXPECT_FALSE(same("5m", "300000000000"));
  EXPECT_FALSE(same("true", "false"));
  EXPECT_TRUE(same("null", "null"));

  auto queries = [](const std::string& x, const std::string& y) {
    auto a = ParseQ(x);
    auto b = ParseQ(y);
    EXPECT_TRUE(a.result && b.result) << a.Errors() << b.Errors();
    return a.result && b.result && ast::Equal(*a.result, *b.result);
  };
  EXPECT_FALSE(queries("project a", "project x = a"));
  EXPECT_FALSE(queries("sort a", "sort a desc"));
  EXPECT_FALSE(queries("head 1", "head 2"));
  EXPECT_FALSE(queries("summarize count() by a", "summarize count(), a"));
  EXPECT_FALSE(queries("from a | head 1", "from a() | head 1"));
  EXPECT_FALSE(queries("from a | head 1", "head 1"));
  EXPECT_FALSE(queries("let x = 1 | head 1", "head 1"));
  EXPECT_TRUE(queries("let x = 1 | head 1", "let x = 1\nhead 1"));
  EXPECT_FALSE(queries("from a, b | head 1", "from a | head 1"));
  EXPECT_FALSE(queries("from a, b | head 1", "from a, c | head 1"));
  EXPECT_TRUE(queries("from a,b | head 1", "from a , b | head 1"));
  EXPECT_FALSE(queries("window sliding 5m", "window tumbling 5m"));
  EXPECT_FALSE(queries("window sliding 5m", "window sliding 6m"));
  EXPECT_FALSE(queries("window sliding 5m by a", "window sliding 5m"));
  EXPECT_FALSE(queries("aggregate count()", "aggregate n = count()"));
  EXPECT_FALSE(queries("aggregate count()", "summarize count()"));
  EXPECT_FALSE(queries("suppress 1h", "suppress 1h by a"));
  EXPECT_FALSE(queries("suppress 1h", "suppress 2h"));
  const std::string sequence = "sequence by h within 5m [from a] ![from b] until [from c]";
  EXPECT_TRUE(queries(sequence,
                      "sequence by h within 300s\n  [from a]\n  ![from b]\n  until "
                      "[from c]"));
  EXPECT_FALSE(queries(sequence,
                       "sequence ordered by h within 5m [from a] ![from b] until "
                       "[from c]"));
  EXPECT_FALSE(queries(sequence, "sequence by k within 5m [from a] ![from b] until [from c]"));
  EXPECT_FALSE(queries(sequence, "sequence by h within 1m [from a] ![from b] until [from c]"));
  EXPECT_FALSE(queries(sequence, "sequence by h within 5m [from a] [from b] until [from c]"));
  EXPECT_FALSE(queries(sequence,
                       "sequence by h within 5m [from a] ![from b | where x] until "
                       "[from c]"));
  EXPECT_FALSE(queries(sequence, "sequence by h within 5m [from a] ![from b]"));
  EXPECT_FALSE(queries(sequence, "sequence by h within 5m [from a] ![from b] until ![from c]"));
  EXPECT_FALSE(queries(sequence, "sequence by h within 5m [from a] ![from b] [from c]"));

  auto modules = [](const std::string& x, const std::string& y) {
    auto a = ParseM(x);
    auto b = ParseM(y);
    EXPECT_TRUE(a.result && b.result) << a.Errors() << b.Errors();
    return a.result && b.result && ast::Equal(*a.result, *b.result);
  };
  EXPECT_FALSE(modules("rule r { where a }", "rule s { where a }"));
  EXPECT_FALSE(modules("rule r { where a }", "source r { where a }"));
  EXPECT_FALSE(modules("rule r { n: 1 where a }", "rule r { n: -1 where a }"));
  EXPECT_FALSE(modules("rule r { n: 1 where a }", "rule r { m: 1 where a }"));
  EXPECT_FALSE(modules("rule r { n: [1] where a }", "rule r { n: [1, 2] where a }"));
  EXPECT_FALSE(modules("rule r { n: true where a }", "rule r { n: \"true\" where a }"));
  EXPECT_FALSE(modules("let a = 1", "let a = 2"));
}

TEST(Ast, NullChildren) {
  ast::ExprPtr none;
  ast::ExprPtr some = ast::MakeExpr(ast::Literal{});
  EXPECT_TRUE(ast::Equal(none, none));
  EXPECT_FALSE(ast::Equal(none, some));
  EXPECT_FALSE(ast::Equal(some, none));
}

}  // namespace
}  // namespace scry::lang
