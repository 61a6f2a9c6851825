// Lexing and decoding of literals, names and comments, through ParseExpression.
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "lang_test_util.hpp"

namespace scry::lang {
namespace {

using testing::MustParse;
using testing::ParseExpr;
using Kind = ast::Literal::Kind;

ast::Literal LiteralOf(const std::string& text) {
  auto parsed = ParseExpr(text);
  const ast::Expr& expr = MustParse(parsed);
  const auto* literal = expr.As<ast::Literal>();
  EXPECT_NE(literal, nullptr) << text;
  return literal != nullptr ? *literal : ast::Literal{};
}

std::vector<std::string> PathOf(const std::string& text) {
  auto parsed = ParseExpr(text);
  const auto* path = MustParse(parsed).As<ast::FieldPath>();
  EXPECT_NE(path, nullptr) << text;
  return path != nullptr ? path->segments : std::vector<std::string>{};
}

TEST(Literal, Integers) {
  EXPECT_EQ(LiteralOf("0").int_value, 0);
  EXPECT_EQ(LiteralOf("42").kind, Kind::kInt);
  EXPECT_EQ(LiteralOf("42").int_value, 42);
  EXPECT_EQ(LiteralOf("0x1F").int_value, 31);
  EXPECT_EQ(LiteralOf("0XfF").int_value, 255);
  EXPECT_EQ(LiteralOf("9223372036854775807").int_value, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(LiteralOf("-9223372036854775808").int_value, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(LiteralOf("0x7FFFFFFFFFFFFFFF").int_value, std::numeric_limits<int64_t>::max());
}

TEST(Literal, NegativeNumbersFold) {
  EXPECT_EQ(LiteralOf("-5").int_value, -5);
  EXPECT_EQ(LiteralOf("- 5").int_value, -5);
  EXPECT_EQ(LiteralOf("-(5)").int_value, -5);
  EXPECT_EQ(LiteralOf("--5").int_value, 5);
  EXPECT_DOUBLE_EQ(LiteralOf("-1.5").float_value, -1.5);
  EXPECT_EQ(LiteralOf("-5m").int_value, -300'000'000'000);
  // Negating INT64_MIN again does not fit: it stays a unary minus.
  auto parsed = ParseExpr("--9223372036854775808");
  const auto* unary = MustParse(parsed).As<ast::Unary>();
  ASSERT_NE(unary, nullptr);
  EXPECT_EQ(unary->op, ast::UnaryOp::kNegate);
  EXPECT_EQ(unary->operand->As<ast::Literal>()->int_value, std::numeric_limits<int64_t>::min());
}

TEST(Literal, Floats) {
  EXPECT_EQ(LiteralOf("1.5").kind, Kind::kFloat);
  EXPECT_DOUBLE_EQ(LiteralOf("1.5").float_value, 1.5);
  EXPECT_DOUBLE_EQ(LiteralOf("1e9").float_value, 1e9);
  EXPECT_DOUBLE_EQ(LiteralOf("1.5e-3").float_value, 1.5e-3);
  EXPECT_DOUBLE_EQ(LiteralOf("2E+2").float_value, 200);
}

TEST(Literal, Durations) {
  EXPECT_EQ(LiteralOf("5m").kind, Kind::kDuration);
  EXPECT_EQ(LiteralOf("5m").int_value, 300'000'000'000);
  EXPECT_EQ(LiteralOf("250ms").int_value, 250'000'000);
  EXPECT_EQ(LiteralOf("1.5h").int_value, 5'400'000'000'000);
  EXPECT_EQ(LiteralOf("1h30m").int_value, 5'400'000'000'000);
  EXPECT_EQ(LiteralOf("10ns").int_value, 10);
  EXPECT_EQ(LiteralOf("3us").int_value, 3'000);
  EXPECT_EQ(LiteralOf("2s").int_value, 2'000'000'000);
  EXPECT_EQ(LiteralOf("1d").int_value, 86'400'000'000'000);
  EXPECT_EQ(LiteralOf("1w").int_value, 604'800'000'000'000);
  EXPECT_EQ(LiteralOf("1.5ms").int_value, 1'500'000);
}

TEST(Literal, Timestamps) {
  for (const char* text : {"2024-01-01", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00.123+02:00",
                           "2024-01-01T10:00", "2024-01-01T10:00:00-05:00"}) {
    auto literal = LiteralOf(text);
    EXPECT_EQ(literal.kind, Kind::kTimestamp) << text;
    EXPECT_EQ(literal.text, text);
  }
}

TEST(Literal, Addresses) {
  EXPECT_EQ(LiteralOf("1.2.3.4").kind, Kind::kIp);
  EXPECT_EQ(LiteralOf("1.2.3.4").text, "1.2.3.4");
  EXPECT_EQ(LiteralOf("10.0.0.0/8").kind, Kind::kCidr);
  EXPECT_EQ(LiteralOf("10.0.0.0/8").text, "10.0.0.0/8");
  for (const char* ip : {"::1", "::", "fe80::1", "2001:db8::", "2001:db8:0:0:0:0:0:1",
                         "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4"}) {
    EXPECT_EQ(LiteralOf(ip).kind, Kind::kIp) << ip;
    EXPECT_EQ(LiteralOf(ip).text, ip);
  }
  EXPECT_EQ(LiteralOf("2001:db8::/32").kind, Kind::kCidr);
  EXPECT_EQ(LiteralOf("2001:db8::/32").text, "2001:db8::/32");
  EXPECT_EQ(LiteralOf("::1/128").kind, Kind::kCidr);
}

TEST(Literal, Strings) {
  EXPECT_EQ(LiteralOf(R"("abc")").text, "abc");
  EXPECT_EQ(LiteralOf(R"('abc')").text, "abc");
  EXPECT_EQ(LiteralOf(R"("a\\b\"c\'d\ne\rf\tg")").text, "a\\b\"c'd\ne\rf\tg");
  EXPECT_EQ(LiteralOf(R"("\0")").text, std::string(1, '\0'));
  EXPECT_EQ(LiteralOf(R"("\x41\x7e")").text, "A~");
  EXPECT_EQ(LiteralOf(R"("\u{41}\u{e9}\u{1F600}")").text, "A\u00e9\U0001F600");
  EXPECT_EQ(LiteralOf(R"('it\'s "quoted"')").text, "it's \"quoted\"");
  EXPECT_EQ(LiteralOf("\"h\u00e9llo\"").text, "h\u00e9llo");
  EXPECT_EQ(LiteralOf(R"("")").text, "");
}

TEST(Literal, RawStringsHaveNoEscapes) {
  EXPECT_EQ(LiteralOf(R"(r"C:\Windows\System32")").kind, Kind::kString);
  EXPECT_EQ(LiteralOf(R"(r"C:\Windows\System32")").text, R"(C:\Windows\System32)");
  EXPECT_EQ(LiteralOf(R"(r'say "hi"\n')").text, R"(say "hi"\n)");
  EXPECT_EQ(LiteralOf(R"(r"")").text, "");
}

TEST(Literal, Regex) {
  auto literal = LiteralOf(R"(re"(?i)mimi.*katz\d+")");
  EXPECT_EQ(literal.kind, Kind::kRegex);
  EXPECT_EQ(literal.text, R"((?i)mimi.*katz\d+)");
  EXPECT_EQ(LiteralOf(R"(re'a"b')").text, R"(a"b)");
}

TEST(Literal, Keywords) {
  EXPECT_EQ(LiteralOf("true").kind, Kind::kBool);
  EXPECT_TRUE(LiteralOf("true").bool_value);
  EXPECT_FALSE(LiteralOf("false").bool_value);
  EXPECT_EQ(LiteralOf("null").kind, Kind::kNull);
}

TEST(Names, FieldPaths) {
  EXPECT_EQ(PathOf("CommandLine"), (std::vector<std::string>{"CommandLine"}));
  EXPECT_EQ(PathOf("process.parent.executable"),
            (std::vector<std::string>{"process", "parent", "executable"}));
  EXPECT_EQ(PathOf("@timestamp"), (std::vector<std::string>{"@timestamp"}));
  EXPECT_EQ(PathOf("$x_1"), (std::vector<std::string>{"$x_1"}));
  EXPECT_EQ(PathOf("`Threat Name`"), (std::vector<std::string>{"Threat Name"}));
  EXPECT_EQ(PathOf("`a``b`"), (std::vector<std::string>{"a`b"}));
  EXPECT_EQ(PathOf("winlog.`event data`.x"),
            (std::vector<std::string>{"winlog", "event data", "x"}));
  EXPECT_EQ(PathOf("r"), (std::vector<std::string>{"r"}));
  EXPECT_EQ(PathOf("re"), (std::vector<std::string>{"re"}));
}

TEST(Names, SoftKeywordsStartFieldPaths) {
  for (const char* word : {"rule", "source", "let", "from", "where", "project", "extend",
                           "summarize", "sort", "head"}) {
    EXPECT_EQ(PathOf(std::string(word) + ".x"), (std::vector<std::string>{word, "x"}));
    EXPECT_EQ(PathOf(word), (std::vector<std::string>{word}));
  }
}

TEST(Names, AnyWordAfterADot) {
  for (const char* word : {"in", "and", "or", "not", "contains", "matches_cs", "true", "null",
                           "any", "all", "exists", "by", "asc", "desc", "where"}) {
    EXPECT_EQ(PathOf(std::string("event.") + word), (std::vector<std::string>{"event", word}));
  }
}

TEST(Names, ReservedKeywordsAreNotFieldNames) {
  for (const char* word : {"in", "and", "contains", "any", "by", "exists"}) {
    auto parsed = ParseExpr(word);
    EXPECT_FALSE(parsed.result.has_value()) << word;
  }
}

TEST(Lexing, CommentsAndWhitespace) {
  auto parsed = ParseExpr("a /* block\n comment */ == // line comment\n\t1");
  const auto* binary = MustParse(parsed).As<ast::Binary>();
  ASSERT_NE(binary, nullptr);
  EXPECT_EQ(binary->rhs->As<ast::Literal>()->int_value, 1);
}

TEST(Lexing, LongestMatch) {
  // `2024-01-01` is a timestamp, not a subtraction; `2024 - 01` is.
  EXPECT_EQ(LiteralOf("2024-01-01").kind, Kind::kTimestamp);
  auto parsed = ParseExpr("2024 - 01");
  EXPECT_NE(MustParse(parsed).As<ast::Binary>(), nullptr);
  // `fe80::1` is an address, `fe80` a name; `10.0.0.0/8` a CIDR, `a / 8` a division.
  EXPECT_EQ(PathOf("fe80"), (std::vector<std::string>{"fe80"}));
  auto division = ParseExpr("a/8");
  EXPECT_EQ(MustParse(division).As<ast::Binary>()->op, ast::BinaryOp::kDiv);
}

TEST(Lexing, ByteOrderMarkIsSkipped) {
  auto parsed = ParseExpr(
      "\xEF\xBB\xBF"
      "a == 1");
  const auto& expr = MustParse(parsed);
  EXPECT_EQ(expr.span.begin, 3u);
}

}  // namespace
}  // namespace scry::lang
