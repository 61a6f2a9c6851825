// Parsing of expressions: operators and their AST flags, precedence, lists, calls, spans.
#include <string>

#include <gtest/gtest.h>

#include "lang_test_util.hpp"

namespace scry::lang {
namespace {

using ast::BinaryOp;
using testing::MustParse;
using testing::ParseExpr;

struct OperatorCase {
  const char* spelling;
  BinaryOp op;
  bool case_insensitive;
  bool negated;
};

class OperatorMapping : public ::testing::TestWithParam<OperatorCase> {};

TEST_P(OperatorMapping, ParsesToFlagsAndSpellsBack) {
  const OperatorCase& c = GetParam();
  auto parsed = ParseExpr(std::string("a ") + c.spelling + " b");
  const auto* binary = MustParse(parsed).As<ast::Binary>();
  ASSERT_NE(binary, nullptr) << c.spelling;
  EXPECT_EQ(binary->op, c.op) << c.spelling;
  EXPECT_EQ(binary->case_insensitive, c.case_insensitive) << c.spelling;
  EXPECT_EQ(binary->negated, c.negated) << c.spelling;
  EXPECT_EQ(binary->quantifier, ast::Quantifier::kNone);
  EXPECT_EQ(binary->op_span.text(), c.spelling);
  EXPECT_EQ(ast::BinaryOpSpelling(*binary), c.spelling);
}

INSTANTIATE_TEST_SUITE_P(
    All, OperatorMapping,
    ::testing::Values(OperatorCase{"==", BinaryOp::kEq, false, false},
                      OperatorCase{"=~", BinaryOp::kEq, true, false},
                      OperatorCase{"!=", BinaryOp::kEq, false, true},
                      OperatorCase{"!~", BinaryOp::kEq, true, true},
                      OperatorCase{"<", BinaryOp::kLt, false, false},
                      OperatorCase{"<=", BinaryOp::kLe, false, false},
                      OperatorCase{">", BinaryOp::kGt, false, false},
                      OperatorCase{">=", BinaryOp::kGe, false, false},
                      OperatorCase{"in", BinaryOp::kIn, false, false},
                      OperatorCase{"in~", BinaryOp::kIn, true, false},
                      OperatorCase{"!in", BinaryOp::kIn, false, true},
                      OperatorCase{"!in~", BinaryOp::kIn, true, true},
                      OperatorCase{"contains", BinaryOp::kContains, true, false},
                      OperatorCase{"contains_cs", BinaryOp::kContains, false, false},
                      OperatorCase{"!contains", BinaryOp::kContains, true, true},
                      OperatorCase{"!contains_cs", BinaryOp::kContains, false, true},
                      OperatorCase{"startswith", BinaryOp::kStartsWith, true, false},
                      OperatorCase{"startswith_cs", BinaryOp::kStartsWith, false, false},
                      OperatorCase{"!startswith", BinaryOp::kStartsWith, true, true},
                      OperatorCase{"!startswith_cs", BinaryOp::kStartsWith, false, true},
                      OperatorCase{"endswith", BinaryOp::kEndsWith, true, false},
                      OperatorCase{"endswith_cs", BinaryOp::kEndsWith, false, false},
                      OperatorCase{"!endswith", BinaryOp::kEndsWith, true, true},
                      OperatorCase{"!endswith_cs", BinaryOp::kEndsWith, false, true},
                      OperatorCase{"matches", BinaryOp::kMatches, true, false},
                      OperatorCase{"matches_cs", BinaryOp::kMatches, false, false},
                      OperatorCase{"!matches", BinaryOp::kMatches, true, true},
                      OperatorCase{"!matches_cs", BinaryOp::kMatches, false, true},
                      OperatorCase{"+", BinaryOp::kAdd, false, false},
                      OperatorCase{"-", BinaryOp::kSub, false, false},
                      OperatorCase{"*", BinaryOp::kMul, false, false},
                      OperatorCase{"/", BinaryOp::kDiv, false, false},
                      OperatorCase{"%", BinaryOp::kMod, false, false},
                      OperatorCase{"and", BinaryOp::kAnd, false, false},
                      OperatorCase{"or", BinaryOp::kOr, false, false}));

// The tree as a fully parenthesized string, to check structure compactly.
std::string Shape(const ast::Expr& e) {
  if (const auto* b = e.As<ast::Binary>()) {
    std::string q = b->quantifier == ast::Quantifier::kAny   ? " any"
                    : b->quantifier == ast::Quantifier::kAll ? " all"
                                                             : "";
    return "(" + Shape(*b->lhs) + " " + ast::BinaryOpSpelling(*b) + q + " " + Shape(*b->rhs) + ")";
  }
  if (const auto* u = e.As<ast::Unary>()) {
    const char* op = u->op == ast::UnaryOp::kNot      ? "not "
                     : u->op == ast::UnaryOp::kExists ? "exists "
                                                      : "-";
    return "(" + std::string(op) + Shape(*u->operand) + ")";
  }
  if (const auto* l = e.As<ast::ListExpr>()) {
    std::string out = "[";
    for (size_t i = 0; i < l->items.size(); ++i) {
      out += (i ? ", " : "") + Shape(*l->items[i]);
    }
    return out + "]";
  }
  if (const auto* c = e.As<ast::Call>()) {
    std::string out = c->function + "(";
    for (size_t i = 0; i < c->args.size(); ++i) {
      out += (i ? ", " : "") + Shape(*c->args[i]);
    }
    return out + ")";
  }
  if (const auto* f = e.As<ast::FieldPath>()) {
    return f->Dotted();
  }
  return PrintExpr(e);
}

std::string ShapeOf(const std::string& text) {
  auto parsed = ParseExpr(text);
  return Shape(MustParse(parsed));
}

TEST(Precedence, LowestToHighest) {
  EXPECT_EQ(ShapeOf("a or b and c"), "(a or (b and c))");
  EXPECT_EQ(ShapeOf("a and b or c"), "((a and b) or c)");
  EXPECT_EQ(ShapeOf("not a and b"), "((not a) and b)");
  EXPECT_EQ(ShapeOf("not a == b"), "(not (a == b))");
  EXPECT_EQ(ShapeOf("not not a"), "(not (not a))");
  EXPECT_EQ(ShapeOf("exists a and b"), "((exists a) and b)");
  EXPECT_EQ(ShapeOf("not exists a.b"), "(not (exists a.b))");
  EXPECT_EQ(ShapeOf("a + b == c * d"), "((a + b) == (c * d))");
  EXPECT_EQ(ShapeOf("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(ShapeOf("a / b * c % d"), "(((a / b) * c) % d)");
  EXPECT_EQ(ShapeOf("-a * b"), "((-a) * b)");
  EXPECT_EQ(ShapeOf("a - -b"), "(a - (-b))");
  EXPECT_EQ(ShapeOf("(a or b) and c"), "((a or b) and c)");
  EXPECT_EQ(ShapeOf("a or b or c"), "((a or b) or c)");
  EXPECT_EQ(ShapeOf("a and (b and c)"), "(a and (b and c))");
  EXPECT_EQ(ShapeOf("ts > 2024-01-01T00:00:00Z - 5m"), "(ts > (2024-01-01T00:00:00Z - 5m))");
}

TEST(Quantifiers, AnyAndAll) {
  EXPECT_EQ(ShapeOf("Image endswith any [\"a\", \"b\"]"), R"((Image endswith any ["a", "b"]))");
  EXPECT_EQ(ShapeOf("x contains all (\"a\", \"b\")"), R"((x contains all ["a", "b"]))");
  EXPECT_EQ(ShapeOf("x == any l"), "(x == any l)");
  EXPECT_EQ(ShapeOf("x !in~ any [1]"), "(x !in~ any [1])");
}

TEST(Lists, ListsAndTuples) {
  EXPECT_EQ(ShapeOf("[]"), "[]");
  EXPECT_EQ(ShapeOf("[1]"), "[1]");
  EXPECT_EQ(ShapeOf("[1, 2, 3,]"), "[1, 2, 3]");
  EXPECT_EQ(ShapeOf("(1, 2)"), "[1, 2]");
  EXPECT_EQ(ShapeOf("(1, 2, 3,)"), "[1, 2, 3]");
  EXPECT_EQ(ShapeOf("(1)"), "1");
  EXPECT_EQ(ShapeOf("[[1, 2], (3, 4)]"), "[[1, 2], [3, 4]]");
  EXPECT_EQ(ShapeOf("EventID in (1, 4688)"), "(EventID in [1, 4688])");
}

TEST(Calls, FunctionCalls) {
  EXPECT_EQ(ShapeOf("count()"), "count()");
  EXPECT_EQ(ShapeOf("len(CommandLine)"), "len(CommandLine)");
  EXPECT_EQ(ShapeOf("f(a, g(b), [1])"), "f(a, g(b), [1])");
  EXPECT_EQ(ShapeOf("len(x) > 5 + f()"), "(len(x) > (5 + f()))");
}

TEST(Spans, PointAtTheirText) {
  auto parsed = ParseExpr("CommandLine contains \"x\" and not (a.b == -5)");
  const auto& top = MustParse(parsed);
  const auto* and_node = top.As<ast::Binary>();
  ASSERT_NE(and_node, nullptr);
  EXPECT_EQ(top.span.text(), "CommandLine contains \"x\" and not (a.b == -5)");
  EXPECT_EQ(and_node->op_span.text(), "and");
  const auto& contains = *and_node->lhs;
  EXPECT_EQ(contains.span.text(), "CommandLine contains \"x\"");
  EXPECT_EQ(contains.As<ast::Binary>()->op_span.text(), "contains");
  EXPECT_EQ(contains.As<ast::Binary>()->lhs->span.text(), "CommandLine");
  EXPECT_EQ(contains.As<ast::Binary>()->rhs->span.text(), "\"x\"");
  const auto& not_node = *and_node->rhs;
  EXPECT_EQ(not_node.span.text(), "not (a.b == -5)");
  const auto& eq = *not_node.As<ast::Unary>()->operand;
  EXPECT_EQ(eq.span.text(), "(a.b == -5)");
  EXPECT_EQ(eq.As<ast::Binary>()->lhs->span.text(), "a.b");
  EXPECT_EQ(eq.As<ast::Binary>()->rhs->span.text(), "-5");
}

TEST(Spans, CountBytesAfterUtf8) {
  auto parsed = ParseExpr("\"h\u00e9\u00e9\" == caf\u00e9");
  EXPECT_FALSE(parsed.result.has_value());  // `é` is not an identifier character
  auto ok = ParseExpr("\"h\u00e9\u00e9\" == cafe");
  const auto* binary = MustParse(ok).As<ast::Binary>();
  ASSERT_NE(binary, nullptr);
  EXPECT_EQ(binary->rhs->span.text(), "cafe");
  EXPECT_EQ(binary->op_span.text(), "==");
}

TEST(Spans, CallsAndExists) {
  auto parsed = ParseExpr("exists a.b or dcount(User, 1)");
  const auto* top = MustParse(parsed).As<ast::Binary>();
  ASSERT_NE(top, nullptr);
  EXPECT_EQ(top->lhs->span.text(), "exists a.b");
  EXPECT_EQ(top->lhs->As<ast::Unary>()->operand->span.text(), "a.b");
  const auto* call = top->rhs->As<ast::Call>();
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->function_span.text(), "dcount");
  EXPECT_EQ(top->rhs->span.text(), "dcount(User, 1)");
}

}  // namespace
}  // namespace scry::lang
