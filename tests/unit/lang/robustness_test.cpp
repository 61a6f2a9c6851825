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
    "window",
    "sliding",
    "tumbling",
    "session",
    "aggregate",
    "suppress",
    "sequence",
    "ordered",
    "within",
    "until",
    "![",
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

// Well-formed pipelines, the stateful operators and nested sequence steps included: every one
// must parse, and print back to the same tree and the same text.
TEST(Robustness, RandomValidPipelines) {
  std::mt19937 random(4242);
  auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(random)];
  };
  auto chance = [&](int percent) {
    return std::uniform_int_distribution<int>(0, 99)(random) < percent;
  };
  const std::vector<std::string> fields = {"a", "b.c", "`d e`", "window", "session.id", "until"};
  const std::vector<std::string> durations = {"5m", "1h30m", "30s", "-1d", "w"};
  const std::vector<std::string> conditions = {
      "a == 1", "b.c contains \"x\"", "not exists d", "x in [1, 2] or y > 2024-01-01",
      "CommandLine contains \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" and Image endswith "
      "\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\""};
  const std::vector<std::string> sources = {"s", "windows.process_creation", "failed_logon"};
  auto keys = [&]() {
    std::string out;
    int n = std::uniform_int_distribution<int>(1, 3)(random);
    for (int i = 0; i < n; ++i) {
      out +=
          (i > 0 ? ", " : "") + (chance(30) ? "k" + std::to_string(i) + " = " : "") + pick(fields);
    }
    return out;
  };
  auto from = [&]() {
    std::string out = "from " + pick(sources);
    while (chance(30)) {
      out += ", " + pick(sources);
    }
    return out;
  };
  std::function<std::string(int)> pipeline;
  auto stage = [&](int depth) -> std::string {
    switch (std::uniform_int_distribution<int>(0, depth > 1 ? 4 : 5)(random)) {
      case 0:
        return "where " + pick(conditions);
      case 1:
        return "window " + pick({"sliding", "tumbling", "session"}) + " " + pick(durations)
               + (chance(60) ? " by " + keys() : "");
      case 2:
        return "aggregate n = count()" + std::string(chance(50) ? ", dcount(a)" : "");
      case 3:
        return "suppress " + pick(durations) + (chance(50) ? " by " + keys() : "");
      case 4:
        return "project " + keys();
      default: {
        std::string out = std::string("sequence ") + (chance(50) ? "ordered " : "") + "by " + keys()
                          + " within " + pick(durations);
        int steps = std::uniform_int_distribution<int>(1, 3)(random);
        for (int i = 0; i < steps; ++i) {
          out += std::string(chance(25) ? " ![" : " [") + pipeline(depth + 1) + "]";
        }
        if (chance(30)) {
          out += std::string(" until [") + pipeline(depth + 1) + "]";
        }
        return out;
      }
    }
  };
  pipeline = [&](int depth) {
    std::string out = chance(60) ? from() : stage(depth);
    int more = std::uniform_int_distribution<int>(0, 3)(random);
    for (int i = 0; i < more; ++i) {
      out += " | " + stage(depth);
    }
    return out;
  };
  for (int round = 0; round < 1000; ++round) {
    std::string text = pipeline(0);
    SCOPED_TRACE(text);
    auto query = testing::ParseQ(text);
    ASSERT_TRUE(query.result.has_value()) << query.Errors();
    std::string printed = PrintQuery(*query.result);
    auto again = testing::ParseQ(printed);
    ASSERT_TRUE(again.result.has_value()) << printed << again.Errors();
    EXPECT_TRUE(ast::Equal(*query.result, *again.result)) << printed;
    EXPECT_EQ(PrintQuery(*again.result), printed);
    auto module = testing::ParseM("rule r {\n  level: high\n  " + text + "\n}\n");
    ASSERT_TRUE(module.result.has_value()) << module.Errors();
    std::string printed_module = PrintModule(*module.result);
    auto module_again = testing::ParseM(printed_module);
    ASSERT_TRUE(module_again.result.has_value()) << printed_module << module_again.Errors();
    EXPECT_TRUE(ast::Equal(*module.result, *module_again.result)) << printed_module;
    EXPECT_EQ(PrintModule(*module_again.result), printed_module);
  }
}

}  // namespace
}  // namespace scry::lang
