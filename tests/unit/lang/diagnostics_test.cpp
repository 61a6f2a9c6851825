// Syntax and literal errors: the exact text a user sees, several per file, hostile input.
#include <string>

#include <gtest/gtest.h>

#include "lang_test_util.hpp"

namespace scry::lang {
namespace {

using testing::ModuleErrors;
using testing::ParseExpr;
using testing::ParseM;
using testing::ParseQ;
using testing::QueryErrors;

TEST(Diagnostics, ExpectedExpression) {
  EXPECT_EQ(QueryErrors("where | head 5"),
            "<query>:1:7: error: expected an expression after 'where'\n"
            "    1 | where | head 5\n"
            "      |       ^\n");
  // At the end of the input the caret sits right after the last token.
  EXPECT_EQ(QueryErrors("where\n"),
            "<query>:1:6: error: expected an expression after 'where'\n"
            "    1 | where\n"
            "      |      ^\n");
  EXPECT_EQ(QueryErrors("where a == "),
            "<query>:1:11: error: expected an expression after '=='\n"
            "    1 | where a == \n"
            "      |           ^\n");
}

TEST(Diagnostics, UnknownOperator) {
  EXPECT_EQ(ModuleErrors("rule r {\n  from s\n  | where CommandLine contians \"x\"\n}\n"),
            "x.scry:3:23: error: unknown operator 'contians'; did you mean 'contains'?\n"
            "    3 |   | where CommandLine contians \"x\"\n"
            "      |                       ^~~~~~~~\n");
  EXPECT_EQ(QueryErrors("where x !startwith \"a\""),
            "<query>:1:9: error: unknown operator '!startwith'; did you mean '!startswith'?\n"
            "    1 | where x !startwith \"a\"\n"
            "      |         ^~~~~~~~~~\n");
  EXPECT_EQ(QueryErrors("where a AND b"),
            "<query>:1:9: error: unknown operator 'AND'; did you mean 'and'?\n"
            "    1 | where a AND b\n"
            "      |         ^~~\n");
  EXPECT_EQ(QueryErrors("where a xyzzy b"),
            "<query>:1:9: error: unknown operator 'xyzzy'\n"
            "    1 | where a xyzzy b\n"
            "      |         ^~~~~\n");
}

TEST(Diagnostics, UnknownPipelineOperator) {
  EXPECT_EQ(QueryErrors("from s\n| wher x == 1\n| head 5"),
            "<query>:2:3: error: unknown pipeline operator 'wher'; did you mean 'where'?\n"
            "    2 | | wher x == 1\n"
            "      |   ^~~~\n");
  EXPECT_EQ(QueryErrors("summarise count()"),
            "<query>:1:1: error: unknown pipeline operator 'summarise'; did you mean "
            "'summarize'?\n"
            "    1 | summarise count()\n"
            "      | ^~~~~~~~~\n");
}

TEST(Diagnostics, StringLiterals) {
  EXPECT_EQ(QueryErrors(R"(where Image == "C:\qtemp")"),
            "<query>:1:19: error: unknown escape sequence '\\q' in string; write '\\\\' for a "
            "backslash or use a raw string r\"...\"\n"
            "    1 | where Image == \"C:\\qtemp\"\n"
            "      |                   ^~\n");
  EXPECT_EQ(QueryErrors("where a == \"abc\n| head 5"),
            "<query>:1:12: error: unterminated string literal\n"
            "    1 | where a == \"abc\n"
            "      |            ^~~~\n");
  EXPECT_EQ(QueryErrors("where a == r'abc"),
            "<query>:1:12: error: unterminated string literal\n"
            "    1 | where a == r'abc\n"
            "      |            ^~~~~\n");
  EXPECT_EQ(QueryErrors(R"(where a == "\x4g")"),
            "<query>:1:13: error: invalid escape sequence '\\x4g'; '\\x' needs two hex digits\n"
            "    1 | where a == \"\\x4g\"\n"
            "      |             ^~~~\n");
  EXPECT_EQ(QueryErrors(R"(where a == "\u{D800}")"),
            "<query>:1:13: error: '\\u{D800}' is not a unicode scalar value\n"
            "    1 | where a == \"\\u{D800}\"\n"
            "      |             ^~~~~~~~\n");
}

TEST(Diagnostics, NumberLiterals) {
  EXPECT_EQ(QueryErrors("where EventID == 9223372036854775808"),
            "<query>:1:18: error: integer literal out of range\n"
            "    1 | where EventID == 9223372036854775808\n"
            "      |                  ^~~~~~~~~~~~~~~~~~~\n");
  EXPECT_EQ(QueryErrors("head 99999999999999999999"),
            "<query>:1:6: error: integer literal out of range\n"
            "    1 | head 99999999999999999999\n"
            "      |      ^~~~~~~~~~~~~~~~~~~~\n");
  EXPECT_EQ(QueryErrors("where a == 1e999"),
            "<query>:1:12: error: float literal out of range\n"
            "    1 | where a == 1e999\n"
            "      |            ^~~~~\n");
  EXPECT_EQ(QueryErrors("where t > 5min"),
            "<query>:1:11: error: invalid number '5min'; a duration takes one of the units ns, "
            "us, ms, s, m, h, d, w\n"
            "    1 | where t > 5min\n"
            "      |           ^~~~\n");
  EXPECT_EQ(QueryErrors("where t > 1.5ns"),
            "<query>:1:11: error: duration '1.5ns' is not a whole number of nanoseconds\n"
            "    1 | where t > 1.5ns\n"
            "      |           ^~~~~\n");
  EXPECT_EQ(QueryErrors("where t > 100000000w"),
            "<query>:1:11: error: duration literal out of range\n"
            "    1 | where t > 100000000w\n"
            "      |           ^~~~~~~~~~\n");
}

TEST(Diagnostics, StructuralMistakes) {
  EXPECT_EQ(QueryErrors("where a == b == c"),
            "<query>:1:14: error: comparison operators cannot be chained; combine the "
            "comparisons with 'and'\n"
            "    1 | where a == b == c\n"
            "      |              ^~\n");
  EXPECT_EQ(ModuleErrors("rule lonely {\n  title: \"x\"\n}\n"),
            "x.scry:1:6: error: rule 'lonely' has no pipeline\n"
            "    1 | rule lonely {\n"
            "      |      ^~~~~~\n");
  EXPECT_EQ(QueryErrors("where (a"),
            "<query>:1:9: error: unexpected end of input; expected ',' or ')'\n"
            "    1 | where (a\n"
            "      |         ^\n");
  EXPECT_EQ(QueryErrors("where a == 1 )"),
            "<query>:1:14: error: unmatched ')'\n"
            "    1 | where a == 1 )\n"
            "      |              ^\n");
  EXPECT_EQ(QueryErrors("where x not in (1, 2)"),
            "<query>:1:9: error: unexpected 'not'; to negate an operator write it with '!', as "
            "in '!in' or '!contains'\n"
            "    1 | where x not in (1, 2)\n"
            "      |         ^~~\n");
  EXPECT_EQ(QueryErrors("where x ! contains y"),
            "<query>:1:9: error: '!' negates an operator only when written directly before it, "
            "as in '!contains'\n"
            "    1 | where x ! contains y\n"
            "      |         ^\n");
  EXPECT_EQ(QueryErrors("where a == (1,)"),
            "<query>:1:14: error: a tuple needs at least two items; write '[x]' for a one-item "
            "list\n"
            "    1 | where a == (1,)\n"
            "      |              ^\n");
  EXPECT_EQ(QueryErrors("head x"),
            "<query>:1:6: error: unexpected 'x'; expected an integer\n"
            "    1 | head x\n"
            "      |      ^\n");
  EXPECT_EQ(ModuleErrors("rul x { where a }"),
            "x.scry:1:1: error: unknown declaration 'rul'; did you mean 'rule'?\n"
            "    1 | rul x { where a }\n"
            "      | ^~~\n");
  EXPECT_EQ(ModuleErrors("rule x { 5 }"),
            "x.scry:1:10: error: unexpected '5'; expected a metadata entry ('key: value'), a "
            "pipeline or '}'\n"
            "    1 | rule x { 5 }\n"
            "      |          ^\n");
  EXPECT_EQ(QueryErrors("where EventID = 4688"),
            "<query>:1:15: error: unexpected '='; to compare values write '=='\n"
            "    1 | where EventID = 4688\n"
            "      |               ^\n");
  EXPECT_EQ(ModuleErrors("rule x {\n  where a = 1 and b == 2\n}\n"),
            "x.scry:2:11: error: unexpected '='; to compare values write '=='\n"
            "    2 |   where a = 1 and b == 2\n"
            "      |           ^\n");
  EXPECT_EQ(QueryErrors("where a # b"),
            "<query>:1:9: error: '#' does not start a comment; write // for a comment\n"
            "    1 | where a # b\n"
            "      |         ^\n");
  // A leading `#` line is one error too, not one more for the text after it.
  EXPECT_EQ(ModuleErrors("# a comment?\nrule x { where a }\n"),
            "x.scry:1:1: error: '#' does not start a comment; write // for a comment\n"
            "    1 | # a comment?\n"
            "      | ^\n");
  EXPECT_EQ(ModuleErrors("rule x { where a } /* never closed\n"),
            "x.scry:1:20: error: unterminated comment\n"
            "    1 | rule x { where a } /* never closed\n"
            "      |                    ^~\n");
  EXPECT_EQ(QueryErrors("where `Threat Name == 1"),
            "<query>:1:7: error: unterminated quoted name; close it with '`'\n"
            "    1 | where `Threat Name == 1\n"
            "      |       ^~~~~~~~~~~~~~~~~\n");
}

TEST(Diagnostics, CaretCountsCodePoints) {
  EXPECT_EQ(QueryErrors("where \"h\u00e9\u00e9\" contians x"),
            "<query>:1:13: error: unknown operator 'contians'; did you mean 'contains'?\n"
            "    1 | where \"h\u00e9\u00e9\" contians x\n"
            "      |             ^~~~~~~~\n");
}

TEST(Diagnostics, InvalidUtf8) {
  EXPECT_EQ(QueryErrors("where a == \"\xff\""),
            "<query>:1:13: error: source text is not valid UTF-8\n"
            "    1 | where a == \"\xff\"\n"
            "      |             ^\n");
}

TEST(Diagnostics, SeveralErrorsInOneFile) {
  std::string text =
      "rule a {\n"
      "  where x contians \"a\"\n"
      "}\n"
      "rule b {\n"
      "  where x ==\n"
      "}\n"
      "rule c {\n"
      "  from s\n"
      "  | wher y == \"\\q\"\n"
      "}\n"
      "rule d {\n"
      "  where n > 99999999999999999999 and s == \"open\n"
      "}\n";
  EXPECT_EQ(ModuleErrors(text),
            "x.scry:2:11: error: unknown operator 'contians'; did you mean 'contains'?\n"
            "    2 |   where x contians \"a\"\n"
            "      |           ^~~~~~~~\n"
            "x.scry:6:1: error: expected an expression after '=='\n"
            "    6 | }\n"
            "      | ^\n"
            "x.scry:9:5: error: unknown pipeline operator 'wher'; did you mean 'where'?\n"
            "    9 |   | wher y == \"\\q\"\n"
            "      |     ^~~~\n"
            "x.scry:12:13: error: integer literal out of range\n"
            "   12 |   where n > 99999999999999999999 and s == \"open\n"
            "      |             ^~~~~~~~~~~~~~~~~~~~\n"
            "x.scry:12:43: error: unterminated string literal\n"
            "   12 |   where n > 99999999999999999999 and s == \"open\n"
            "      |                                           ^~~~~\n");
}

TEST(Diagnostics, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "where " + std::string(1000, '(') + "a" + std::string(1000, ')');
  auto parsed = ParseQ(deep);
  EXPECT_FALSE(parsed.result.has_value());
  EXPECT_NE(parsed.Errors().find("error: expression is nested too deeply (the limit is 100 "
                                 "levels)"),
            std::string::npos);
  std::string nots = "where ";
  for (int i = 0; i < 100000; ++i) {
    nots += "not ";
  }
  EXPECT_NE(ParseQ(nots + "a").Errors().find("nested too deeply"), std::string::npos);
  std::string minus = "where a == " + std::string(100000, '-') + "1";
  EXPECT_NE(ParseQ(minus).Errors().find("nested too deeply"), std::string::npos);
  std::string lists = "where a in " + std::string(5000, '[') + std::string(5000, ']');
  EXPECT_NE(ParseQ(lists).Errors().find("nested too deeply"), std::string::npos);
}

TEST(Diagnostics, NestingUpToTheLimitParses) {
  std::string ok =
      "where " + std::string(kMaxNestingDepth, '(') + "a" + std::string(kMaxNestingDepth, ')');
  auto parsed = ParseQ(ok);
  EXPECT_TRUE(parsed.result.has_value()) << parsed.Errors();
}

TEST(Diagnostics, OverlongChainsAreCutOff) {
  std::string chain = "where a == 0";
  for (int i = 1; i < 5000; ++i) {
    chain += " or a == " + std::to_string(i);
  }
  auto parsed = ParseQ(chain);
  EXPECT_FALSE(parsed.result.has_value());
  EXPECT_NE(parsed.Errors().find("expression is too long or nested too deeply (the limit is "
                                 "1000 levels)"),
            std::string::npos);
  std::string fine = "where a == 0";
  for (int i = 1; i < 400; ++i) {
    fine += " or a == " + std::to_string(i);
  }
  EXPECT_TRUE(ParseQ(fine).result.has_value());
}

TEST(Diagnostics, GarbageIsCapped) {
  std::string garbage;
  for (int i = 0; i < 2000; ++i) {
    garbage += ") ] } , : = | ";
  }
  auto parsed = ParseM(garbage);
  EXPECT_FALSE(parsed.result.has_value());
  EXPECT_LE(parsed.diagnostics.all().size(), 100u);
}

TEST(Diagnostics, AppendedToTheCallersList) {
  Source source("<q>", "where a ==");
  DiagnosticList diagnostics;
  diagnostics.Warning({}, "earlier");
  EXPECT_FALSE(ParseQuery(source, diagnostics).has_value());
  ASSERT_EQ(diagnostics.all().size(), 2u);
  EXPECT_EQ(diagnostics.all()[0].message, "earlier");
  EXPECT_EQ(diagnostics.all()[1].span.source, &source);
  auto expr = ParseExpr("a ==");
  EXPECT_FALSE(expr.result.has_value());
  EXPECT_EQ(expr.diagnostics.all().size(), 1u);
}

}  // namespace
}  // namespace scry::lang
