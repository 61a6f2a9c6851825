// `*`, every value of the event: how it parses next to multiplication, prints, and round-trips.
#include <string>

#include <gtest/gtest.h>

#include "lang_test_util.hpp"

namespace scry::lang {
namespace {

using testing::MustParse;
using testing::ParseExpr;
using testing::ParseQ;
using testing::QueryErrors;

bool IsAllValues(const ast::Expr& expr) {
  const auto* path = expr.As<ast::FieldPath>();
  return path != nullptr && path->IsAllValues();
}

TEST(AllValues, ParsesAsTheOneSegmentPathStar) {
  auto parsed = ParseExpr(R"(* contains "mimikatz")");
  const auto* binary = MustParse(parsed).As<ast::Binary>();
  ASSERT_NE(binary, nullptr);
  EXPECT_EQ(binary->op, ast::BinaryOp::kContains);
  ASSERT_TRUE(IsAllValues(*binary->lhs));
  EXPECT_EQ(binary->lhs->span.text(), "*");
  EXPECT_EQ(binary->lhs->As<ast::FieldPath>()->segments, std::vector<std::string>{"*"});
}

TEST(AllValues, IsNotMultiplication) {
  // Infix `*` multiplies; a `*` where an operand starts is the pseudo-field.
  auto product = ParseExpr("a * b");
  const auto* mul = MustParse(product).As<ast::Binary>();
  ASSERT_NE(mul, nullptr);
  EXPECT_EQ(mul->op, ast::BinaryOp::kMul);
  EXPECT_FALSE(IsAllValues(*mul->lhs));
  EXPECT_FALSE(IsAllValues(*mul->rhs));

  auto both = ParseExpr("* * *");
  const auto* squared = MustParse(both).As<ast::Binary>();
  ASSERT_NE(squared, nullptr);
  EXPECT_EQ(squared->op, ast::BinaryOp::kMul);
  EXPECT_TRUE(IsAllValues(*squared->lhs));
  EXPECT_TRUE(IsAllValues(*squared->rhs));

  auto call = ParseExpr("len(*) > 2 * n");
  const auto* compare = MustParse(call).As<ast::Binary>();
  ASSERT_NE(compare, nullptr);
  const auto* len = compare->lhs->As<ast::Call>();
  ASSERT_NE(len, nullptr);
  EXPECT_TRUE(IsAllValues(*len->args[0]));
  EXPECT_EQ(compare->rhs->As<ast::Binary>()->op, ast::BinaryOp::kMul);
}

TEST(AllValues, PrintsAsStar) {
  for (const char* text : {R"(* contains "x")", R"(* contains all ["a", "b"])", "* == 1337",
                           "not * matches re\"^a\"", "a * * == 2", "-* > 1", "len(*) > 3"}) {
    auto parsed = ParseExpr(text);
    EXPECT_EQ(PrintExpr(MustParse(parsed)), text);
  }
}

TEST(AllValues, RoundTripsInQueriesAndModules) {
  for (const char* text : {"where * contains \"mimikatz\"\n| extend n = len(*)\n",
                           "where * =~ any [\"a\", \"b\"] and x * 2 > 3\n"}) {
    auto parsed = ParseQ(text);
    ASSERT_TRUE(parsed.result) << parsed.Errors();
    std::string printed = PrintQuery(*parsed.result);
    EXPECT_EQ(printed, text);
    auto again = ParseQ(printed);
    ASSERT_TRUE(again.result) << again.Errors();
    EXPECT_TRUE(ast::Equal(*parsed.result, *again.result));
  }
}

TEST(AllValues, OtherPathsWithAStarSegmentAreOrdinaryFields) {
  // Only the one-segment path is special; `*` elsewhere in a path is a quoted key.
  auto parsed = ParseExpr("`*`.a == a.`*`");
  const auto* binary = MustParse(parsed).As<ast::Binary>();
  ASSERT_NE(binary, nullptr);
  EXPECT_FALSE(IsAllValues(*binary->lhs));
  EXPECT_EQ(binary->lhs->As<ast::FieldPath>()->segments, (std::vector<std::string>{"*", "a"}));
  EXPECT_EQ(PrintExpr(MustParse(parsed)), "`*`.a == a.`*`");
}

TEST(AllValues, BacktickStarIsAnError) {
  // It would be the same tree as `*`, so it cannot name a key called `*`.
  EXPECT_EQ(QueryErrors("where `*` == 1"),
            "<query>:1:7: error: `*` in backticks cannot name a field: `*` alone means every value "
            "of the event\n"
            "    1 | where `*` == 1\n"
            "      |       ^~~\n");
  EXPECT_NE(QueryErrors("where exists `*`").find("`*` in backticks cannot name a field"),
            std::string::npos);
}

TEST(AllValues, ExistsTakesAFieldNotStar) {
  EXPECT_EQ(QueryErrors("where exists *"),
            "<query>:1:14: error: unexpected '*'; expected a name\n"
            "    1 | where exists *\n"
            "      |              ^\n");
}

TEST(AllValues, SyntaxErrorsAfterStar) {
  // `*` ends an operand, as a field does; an infix `*` wants one.
  EXPECT_EQ(QueryErrors("where * = 1"),
            "<query>:1:9: error: unexpected '='; to compare values write '=='\n"
            "    1 | where * = 1\n"
            "      |         ^\n");
  EXPECT_EQ(QueryErrors("where a * = 1"),
            "<query>:1:11: error: expected an expression after '*'\n"
            "    1 | where a * = 1\n"
            "      |           ^\n");
}

}  // namespace
}  // namespace scry::lang
