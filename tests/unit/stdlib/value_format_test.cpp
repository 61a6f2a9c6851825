#include "stdlib/value_format.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "stdlib/regex.hpp"
#include "test_values.hpp"

namespace scry {
namespace {

using test::B;
using test::F;
using test::I;
using test::L;
using test::N;
using test::S;

std::string Json(const Value& v) {
  std::string out;
  AppendJson(out, v);
  return out;
}

TEST(ValueFormatTest, JsonStringEscaping) {
  EXPECT_EQ(Json(S("plain")), R"("plain")");
  EXPECT_EQ(Json(S("")), R"("")");
  EXPECT_EQ(Json(S("say \"hi\"")), R"("say \"hi\"")");
  EXPECT_EQ(Json(S("C:\\Windows")), R"("C:\\Windows")");
  EXPECT_EQ(Json(S("a\nb\rc\td")), R"("a\nb\rc\td")");
  EXPECT_EQ(Json(S("\b\f")), R"("\b\f")");
  EXPECT_EQ(Json(S(std::string_view("\x00\x01\x1f", 3))), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(Json(S("\x7f")), "\"\x7f\"");
  EXPECT_EQ(Json(S("/")), R"("/")");
  EXPECT_EQ(Json(S("Ärger 日本 😀")), "\"Ärger 日本 😀\"");
  // Output stays valid UTF-8: invalid bytes become U+FFFD.
  EXPECT_EQ(Json(S("a\xFF"
                   "b")),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(Json(S("\xC3")), "\"\xEF\xBF\xBD\"");
  std::string out = "x";
  AppendJsonString(out, "y");
  EXPECT_EQ(out, R"(x"y")");
}

TEST(ValueFormatTest, JsonScalars) {
  Arena arena;
  EXPECT_EQ(Json(N()), "null");
  EXPECT_EQ(Json(B(true)), "true");
  EXPECT_EQ(Json(B(false)), "false");
  EXPECT_EQ(Json(I(-42)), "-42");
  EXPECT_EQ(Json(I(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(Json(F(1.5)), "1.5");
  EXPECT_EQ(Json(F(0.1)), "0.1");
  EXPECT_EQ(Json(F(1.0)), "1");
  EXPECT_EQ(Json(F(1e300)), "1e+300");
  EXPECT_EQ(Json(F(1.0 / 3)), "0.3333333333333333");
  EXPECT_EQ(Json(F(std::numeric_limits<double>::quiet_NaN())), "null");
  EXPECT_EQ(Json(F(std::numeric_limits<double>::infinity())), "null");
  EXPECT_EQ(Json(F(-std::numeric_limits<double>::infinity())), "null");
  EXPECT_EQ(Json(test::Ts("2024-05-01T10:00:00.123Z")), R"("2024-05-01T10:00:00.123Z")");
  EXPECT_EQ(Json(test::Dur("5m")), R"("5m")");
  EXPECT_EQ(Json(test::Ip(arena, "2001:DB8::1")), R"("2001:db8::1")");
  EXPECT_EQ(Json(test::Cidr(arena, "10.1.0.0/8")), R"("10.0.0.0/8")");
  EXPECT_EQ(Json(test::Object(R"({"a": [1, 2]})")), R"({"a": [1, 2]})");
  auto regex = Regex::Compile("a\"b", false);
  Value r;
  r.kind = ValueKind::kRegex;
  r.ptr = regex->get();
  EXPECT_EQ(Json(r), R"("a\"b")");
}

TEST(ValueFormatTest, JsonLists) {
  Arena arena;
  EXPECT_EQ(Json(L(arena, {})), "[]");
  EXPECT_EQ(Json(L(arena, {I(1), S("a"), N(), L(arena, {B(true)})})), R"([1,"a",null,[true]])");
}

TEST(ValueFormatTest, Text) {
  Arena arena;
  EXPECT_EQ(FormatValueText(N()), "");
  EXPECT_EQ(FormatValueText(S("say \"hi\"")), "say \"hi\"");
  EXPECT_EQ(FormatValueText(I(7)), "7");
  EXPECT_EQ(FormatValueText(F(2.5)), "2.5");
  EXPECT_EQ(FormatValueText(F(std::nan(""))), "nan");
  EXPECT_EQ(FormatValueText(B(false)), "false");
  EXPECT_EQ(FormatValueText(test::Ts("2024-05-01")), "2024-05-01T00:00:00Z");
  EXPECT_EQ(FormatValueText(test::Dur("90m")), "1h30m");
  EXPECT_EQ(FormatValueText(test::Ip(arena, "10.0.0.1")), "10.0.0.1");
  EXPECT_EQ(FormatValueText(L(arena, {S("a"), I(1)})), R"(["a",1])");
  EXPECT_EQ(FormatValueText(test::Object("{}")), "{}");
}

TEST(ValueFormatTest, TextInArena) {
  Arena arena;
  std::string_view text = "no copy";
  EXPECT_EQ(FormatValueText(S(text), arena).data(), text.data());
  EXPECT_EQ(FormatValueText(I(12), arena), "12");
  EXPECT_EQ(FormatValueText(N(), arena), "");
  std::string out = "n=";
  AppendValueText(out, I(3));
  EXPECT_EQ(out, "n=3");
}

}  // namespace
}  // namespace scry
