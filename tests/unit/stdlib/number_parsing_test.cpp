#include "stdlib/number_parsing.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace scry {
namespace {

TEST(ParseNumberTest, Integers) {
  struct Case {
    std::string_view text;
    int64_t expected;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"0", 0},
           {"42", 42},
           {"-3", -3},
           {"+7", 7},
           {"007", 7},
           {" 12 ", 12},
           {"\t5\n", 5},
           {"0x1f", 31},
           {"0X1F", 31},
           {"-0x10", -16},
           {"0x7fffffffffffffff", INT64_MAX},
           {"-0x8000000000000000", INT64_MIN},
           {"9223372036854775807", INT64_MAX},
           {"-9223372036854775808", INT64_MIN},
       }) {
    std::optional<Value> v = ParseNumber(c.text);
    ASSERT_TRUE(v.has_value()) << c.text;
    EXPECT_EQ(v->kind, ValueKind::kInt) << c.text;
    EXPECT_EQ(v->i, c.expected) << c.text;
  }
}

TEST(ParseNumberTest, Floats) {
  struct Case {
    std::string_view text;
    double expected;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"1.5", 1.5},
           {"-2.25", -2.25},
           {".5", 0.5},
           {"2.", 2.0},
           {"1e3", 1000.0},
           {"1E-3", 0.001},
           {"+1.0", 1.0},
           {"9223372036854775808", 9223372036854775808.0},
           {"0xffffffffffffffff", 18446744073709551615.0},
       }) {
    std::optional<Value> v = ParseNumber(c.text);
    ASSERT_TRUE(v.has_value()) << c.text;
    EXPECT_EQ(v->kind, ValueKind::kFloat) << c.text;
    EXPECT_DOUBLE_EQ(v->f, c.expected) << c.text;
  }
}

TEST(ParseNumberTest, Rejects) {
  for (std::string_view text : {"",      " ",    "abc",  "12abc", "1.2.3",
                                "inf",   "-inf", "nan",  "NaN",   "infinity",
                                "+-3",   "--3",  "0x",   "0xg",   "0x10000000000000000",
                                "1e400", "1,5",  "3 4",  "-",     "+",
                                ".",     "e5",   "0b101"}) {
    EXPECT_FALSE(ParseNumber(text).has_value()) << text;
  }
}

TEST(ParseBoolTest, AnyCase) {
  EXPECT_EQ(ParseBool("true"), true);
  EXPECT_EQ(ParseBool("TRUE"), true);
  EXPECT_EQ(ParseBool("True"), true);
  EXPECT_EQ(ParseBool("false"), false);
  EXPECT_EQ(ParseBool("FaLsE"), false);
  EXPECT_FALSE(ParseBool("yes").has_value());
  EXPECT_FALSE(ParseBool("1").has_value());
  EXPECT_FALSE(ParseBool(" true").has_value());
  EXPECT_FALSE(ParseBool("").has_value());
}

}  // namespace
}  // namespace scry
