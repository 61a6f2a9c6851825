// Random token soup: the parser must never crash or throw, and whatever it accepts must
// survive a print -> parse round trip.
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lang_test_util.hpp"

namespace scry::lang {
namespace {

const std::vector<std::string> kPieces = {
    "rule",
    "source",
    "let",
    "from",
    "where",
    "project",
    "extend",
    "summarize",
    "sort",
    "head",
    "by",
    "asc",
    "desc",
    "and",
    "or",
    "not",
    "exists",
    "in",
    "in~",
    "!in",
    "any",
    "all",
    "contains",
    "!endswith_cs",
    "matches",
    "==",
    "!=",
    "=~",
    "<",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "=",
    "|",
    ".",
    "!",
    "a",
    "b.c",
    "`q n`",
    "x",
    "1",
    "0x1f",
    "2.5",
    "5m",
    "1h30m",
    "\"s\"",
    "r\"C:\\t\"",
    "re\"a.*\"",
    "'q'",
    "2024-01-01",
    "10.0.0.0/8",
    "::1",
    "true",
    "null",
    "f(",
    "count()",
    "\"\\q\"",
    "\"open",
    "#",
    "//c\n",
    "/*c*/",
    "99999999999999999999",
    "5min",
    "wher",
    "contians",
    "\n",
    "e\u00e9",
};

TEST(Robustness, RandomTokenSoup) {
  std::mt19937 random(12345);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  size_t accepted = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    int n = length(random);
    for (int i = 0; i < n; ++i) {
      text += kPieces[piece(random)] + " ";
    }
    SCOPED_TRACE(text);
    auto module = testing::ParseM(text);
    auto query = testing::ParseQ(text);
    auto expr = testing::ParseExpr(text);
    EXPECT_EQ(module.result.has_value(), !module.diagnostics.has_errors());
    EXPECT_EQ(query.result.has_value(), !query.diagnostics.has_errors());
    if (query.result) {
      ++accepted;
      auto again = testing::ParseQ(PrintQuery(*query.result));
      ASSERT_TRUE(again.result.has_value()) << PrintQuery(*query.result) << again.Errors();
      EXPECT_TRUE(ast::Equal(*query.result, *again.result)) << PrintQuery(*query.result);
    }
    if (expr.result) {
      auto again = testing::ParseExpr(PrintExpr(**expr.result));
      ASSERT_TRUE(again.result.has_value()) << PrintExpr(**expr.result) << again.Errors();
      EXPECT_TRUE(ast::Equal(**expr.result, **again.result)) << PrintExpr(**expr.result);
    }
  }
  RecordProperty("accepted_queries", static_cast<int>(accepted));
}

// Well-formed building blocks combined at random, so that many inputs are accepted.
TEST(Robustness, RandomValidExpressions) {
  const std::vector<std::string> atoms = {"a",          "b.c",
                                          "`d e`",      "1",
                                          "-2",         "0x10",
                                          "2.5",        "-1.5e-3",
                                          "5m",         "-1h30m",
                                          "\"s\\\\t\"", "r\"C:\\x\"",
                                          "re'a\"b'",   "2024-01-01T00:00:00Z",
                                          "::1",        "10.0.0.0/8",
                                          "true",       "null",
                                          "[1, 2]",     "[]",
                                          "(x, y)",     "f()",
                                          "g(a, 1)",    "source.ip",
                                          "x.in",       "--9223372036854775808"};
  const std::vector<std::string> binary = {
      "or", "and", "==", "!~", "in~", "!contains_cs", "endswith any", "+",
      "-",  "*",   "/",  "%",  "<="};
  std::mt19937 random(777);
  auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(random)];
  };
  std::function<std::string(int)> gen = [&](int depth) -> std::string {
    int kind = std::uniform_int_distribution<int>(0, depth > 3 ? 0 : 4)(random);
    switch (kind) {
      case 1:
        return "(" + gen(depth + 1) + " " + pick(binary) + " " + gen(depth + 1) + ")";
      case 2:
        return "(not " + gen(depth + 1) + ")";
      case 3:
        return "-(" + gen(depth + 1) + ")";
      case 4:
        return "(exists a.b)";
      default:
        return pick(atoms);
    }
  };
  for (int round = 0; round < 2000; ++round) {
    std::string text = gen(0) + " " + pick(binary) + " " + gen(0);
    SCOPED_TRACE(text);
    auto expr = testing::ParseExpr(text);
    if (!expr.result) {
      // Comparison chains such as `a == b == c` are rejected by design.
      EXPECT_NE(expr.Errors().find("cannot be chained"), std::string::npos) << expr.Errors();
      continue;
    }
    std::string printed = PrintExpr(**expr.result);
    auto again = testing::ParseExpr(printed);
    ASSERT_TRUE(again.result.has_value()) << printed << again.Errors();
    EXPECT_TRUE(ast::Equal(**expr.result, **again.result)) << printed;
    EXPECT_EQ(PrintExpr(**again.result), printed);
  }
}

}  // namespace
}  // namespace scry::lang
