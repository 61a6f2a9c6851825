// YAML 1.1 scalar typing, as PyYAML's SafeLoader does it: one test per row of the table in
// sigma-spec.md 1.2, then the edges of each pattern. Every expectation was checked against
// PyYAML 6.0 (and a differential run over ~500,000 generated scalars agreed with it).
#include "rules/sigma/yaml_scalar.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "sigma_test_util.hpp"

namespace scry::sigma {
namespace {

using Kind = SigmaValue::Kind;

SigmaValue Plain(std::string_view text) {
  auto value = TypeYamlScalar(text);
  EXPECT_TRUE(value.has_value()) << text << ": " << value.error();
  return value.value_or(SigmaValue{});
}

void ExpectInt(std::string_view text, int64_t expected) {
  SigmaValue value = Plain(text);
  EXPECT_EQ(value.kind, Kind::kInt) << text;
  EXPECT_EQ(value.int_value, expected) << text;
  EXPECT_EQ(value.text, std::to_string(expected)) << text;
}

void ExpectFloat(std::string_view text, double expected, std::string_view canonical) {
  SigmaValue value = Plain(text);
  EXPECT_EQ(value.kind, Kind::kFloat) << text;
  EXPECT_EQ(value.float_value, expected) << text;
  EXPECT_EQ(value.text, canonical) << text;
}

void ExpectBool(std::string_view text, bool expected) {
  SigmaValue value = Plain(text);
  EXPECT_EQ(value.kind, Kind::kBool) << text;
  EXPECT_EQ(value.bool_value, expected) << text;
  EXPECT_EQ(value.text, expected ? "true" : "false") << text;
}

void ExpectString(std::string_view text) {
  SigmaValue value = Plain(text);
  EXPECT_EQ(value.kind, Kind::kString) << text;
  EXPECT_EQ(value.text, text);
  EXPECT_FALSE(value.yaml_timestamp) << text;
}

void ExpectNull(std::string_view text) {
  SigmaValue value = Plain(text);
  EXPECT_EQ(value.kind, Kind::kNull) << text;
  EXPECT_EQ(value.text, "") << text;
}

void ExpectError(std::string_view text, std::string_view tag, std::string_view message) {
  auto value = TypeYamlScalar(text, tag);
  ASSERT_FALSE(value.has_value()) << text;
  EXPECT_EQ(value.error(), message);
}

// --- The table of sigma-spec.md 1.2, row by row. ---

TEST(YamlScalarTable, DecimalInt) {
  ExpectInt("4624", 4624);
}

TEST(YamlScalarTable, HexInt) {
  ExpectInt("0x17", 23);
}

TEST(YamlScalarTable, LeadingZeroIsOctal) {
  ExpectInt("010", 8);
}

TEST(YamlScalarTable, BinaryInt) {
  ExpectInt("0b101", 5);
}

TEST(YamlScalarTable, UnderscoresInInt) {
  ExpectInt("1_000", 1000);
}

TEST(YamlScalarTable, SexagesimalInt) {
  ExpectInt("12:30:00", 45000);
}

TEST(YamlScalarTable, ExponentWithoutDotIsString) {
  ExpectString("1e3");
}

TEST(YamlScalarTable, FloatWithSignedExponent) {
  ExpectFloat("1.0e+3", 1000.0, "1000");
}

TEST(YamlScalarTable, Bools) {
  ExpectBool("yes", true);
  ExpectBool("No", false);
  ExpectBool("on", true);
  ExpectBool("off", false);
  ExpectBool("True", true);
  ExpectBool("TRUE", true);
}

TEST(YamlScalarTable, Nulls) {
  ExpectNull("null");
  ExpectNull("Null");
  ExpectNull("NULL");
  ExpectNull("~");
  ExpectNull("");
}

TEST(YamlScalarTable, DateIsMarkedAndKeepsItsText) {
  SigmaValue value = Plain("2019-10-23");
  EXPECT_EQ(value.kind, Kind::kString);
  EXPECT_TRUE(value.yaml_timestamp);
  EXPECT_EQ(value.text, "2019-10-23");
}

TEST(YamlScalarTable, InfinityAndNan) {
  SigmaValue inf = Plain(".inf");
  EXPECT_EQ(inf.kind, Kind::kFloat);
  EXPECT_TRUE(std::isinf(inf.float_value) && inf.float_value > 0);
  EXPECT_EQ(inf.text, "inf");
  SigmaValue minus_inf = Plain("-.inf");
  EXPECT_TRUE(std::isinf(minus_inf.float_value) && minus_inf.float_value < 0);
  EXPECT_EQ(minus_inf.text, "-inf");
  SigmaValue nan = Plain(".nan");
  EXPECT_EQ(nan.kind, Kind::kFloat);
  EXPECT_TRUE(std::isnan(nan.float_value));
  EXPECT_EQ(nan.text, "nan");
}

// --- Edges of the patterns (PyYAML 6.0 verified). ---

TEST(YamlScalarInt, Signs) {
  ExpectInt("-17", -17);
  ExpectInt("+17", 17);
  ExpectInt("0", 0);
  ExpectInt("-0", 0);
  ExpectInt("+0", 0);
  ExpectInt("-0x1F", -31);
  ExpectInt("-1:30", -90);
  ExpectInt("+0b11", 3);
}

TEST(YamlScalarInt, OctalAndUnderscores) {
  ExpectInt("00", 0);
  ExpectInt("007", 7);
  ExpectInt("0_7", 7);
  ExpectInt("1__0", 10);
  ExpectInt("1_", 1);
  ExpectString("08");  // not octal, and a leading zero is not decimal
  ExpectString("09");
  ExpectString("_1");
}

TEST(YamlScalarInt, YamlOnePointTwoFormsAreStrings) {
  // YAML 1.1 has no 0o prefix and no upper-case 0X/0B: these stay text in PyYAML.
  ExpectString("0o17");
  ExpectString("0X17");
  ExpectString("0B1");
  ExpectString("0x");
  ExpectString("0b");
  ExpectString("0b2");
}

TEST(YamlScalarInt, Sexagesimal) {
  ExpectInt("1:5", 65);
  ExpectInt("190:20:30", 685230);
  ExpectInt("1_0:30", 630);
  ExpectString("1:60");  // a base-60 digit is at most 59
  ExpectString("0:30");  // must start with 1-9
}

TEST(YamlScalarInt, SixtyFourBitLimits) {
  ExpectInt("9223372036854775807", INT64_MAX);
  ExpectInt("-9223372036854775808", INT64_MIN);
  ExpectError("9223372036854775808", kPlainScalarTag,
              "integer '9223372036854775808' does not fit in 64 bits; quote it to keep it as text");
  ExpectError("-9223372036854775809", kPlainScalarTag,
              "integer '-9223372036854775809' does not fit in 64 bits; quote it to keep it as "
              "text");
  ExpectError("0xFFFFFFFFFFFFFFFFF", kPlainScalarTag,
              "integer '0xFFFFFFFFFFFFFFFFF' does not fit in 64 bits; quote it to keep it as "
              "text");
}

TEST(YamlScalarInt, PrefixWithoutDigitsFailsAsInPyYaml) {
  ExpectError("0x_", kPlainScalarTag,
              "'0x_' is not a valid integer (YAML 1.1 reads an unquoted 0x, 0b or 0-prefixed "
              "number as an integer); quote it to keep it as text");
  ExpectError("0b_", kPlainScalarTag,
              "'0b_' is not a valid integer (YAML 1.1 reads an unquoted 0x, 0b or 0-prefixed "
              "number as an integer); quote it to keep it as text");
}

TEST(YamlScalarFloat, Forms) {
  ExpectFloat("1.5", 1.5, "1.5");
  ExpectFloat("1.", 1.0, "1");
  ExpectFloat(".5", 0.5, "0.5");
  ExpectFloat("1_0.5_", 10.5, "10.5");
  ExpectFloat("1._", 1.0, "1");
  ExpectFloat("1.0E-3", 0.001, "0.001");
  ExpectFloat("1.e+3", 1000.0, "1000");
  ExpectFloat("100.0", 100.0, "100");
  ExpectFloat("-2.50", -2.5, "-2.5");
  ExpectFloat("0.1", 0.1, "0.1");
  ExpectFloat("190:20:30.15", 685230.15, "685230.15");
  ExpectFloat("1:2.", 62.0, "62");
  ExpectFloat("1.0e+20", 1e20, "1e+20");
  ExpectFloat("1.0e+400", INFINITY, "inf");  // Python's float() overflows to inf
  ExpectFloat("+.inf", INFINITY, "inf");
  ExpectFloat(".Inf", INFINITY, "inf");
}

TEST(YamlScalarFloat, StringsThatLookLikeFloats) {
  ExpectString("1.0e3");  // the exponent needs a sign
  ExpectString("1E3");
  ExpectString("1e+3");  // and a dot
  ExpectString("-.5");   // a leading dot takes no sign
  ExpectString("+.5");
  ExpectString("._5");
  ExpectString("inf");
  ExpectString("nan");
  ExpectString("-.nan");
  ExpectString("1.2.3");
}

TEST(YamlScalarFloat, CanonicalText) {
  EXPECT_EQ(CanonicalFloatText(1.0), "1");
  EXPECT_EQ(CanonicalFloatText(1.5), "1.5");
  EXPECT_EQ(CanonicalFloatText(-0.25), "-0.25");
  EXPECT_EQ(CanonicalFloatText(123456789.123456789), "123456789.12345679");
}

TEST(YamlScalarBool, OnlyPyYamlsCaseForms) {
  ExpectBool("Yes", true);
  ExpectBool("YES", true);
  ExpectBool("NO", false);
  ExpectBool("On", true);
  ExpectBool("ON", true);
  ExpectBool("Off", false);
  ExpectBool("OFF", false);
  ExpectBool("false", false);
  ExpectBool("False", false);
  ExpectBool("FALSE", false);
  ExpectString("yEs");
  ExpectString("tRue");
  ExpectString("y");  // YAML 1.1's y/n are not in PyYAML's resolver
  ExpectString("n");
  ExpectString("Y");
}

TEST(YamlScalarNull, OnlyPyYamlsForms) {
  ExpectString("nULL");
  ExpectString("none");
  ExpectString("~~");
}

TEST(YamlScalarTimestamp, DatesAndDateTimes) {
  for (std::string_view text :
       {"2002-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
        "2001-12-15T02:59:43.1Z", "2001-12-14 21:59:43", "2000-02-29"}) {
    SigmaValue value = Plain(text);
    EXPECT_EQ(value.kind, Kind::kString) << text;
    EXPECT_TRUE(value.yaml_timestamp) << text;
    EXPECT_EQ(value.text, text);
  }
  // A date alone needs two-digit month and day.
  ExpectString("2019-1-5");
  ExpectString("2019-10-23x");
}

TEST(YamlScalarTimestamp, ImpossibleDatesFailAsInPyYaml) {
  ExpectError("2019-13-45", kPlainScalarTag,
              "'2019-13-45' is not a valid date (YAML reads an unquoted YYYY-MM-DD as a date); "
              "quote it to keep it as text");
  EXPECT_FALSE(TypeYamlScalar("2001-02-29").has_value());
  EXPECT_FALSE(TypeYamlScalar("2001-12-14 24:00:00").has_value());
  EXPECT_FALSE(TypeYamlScalar("0000-01-01").has_value());
}

TEST(YamlScalarPlain, IndicatorsPyYamlCannotLoad) {
  ExpectError("=", kPlainScalarTag,
              "a plain '=' is YAML 1.1's value key, which PyYAML cannot load; quote it: '='");
  ExpectError("<<", kPlainScalarTag,
              "'<<' (a YAML merge key) is not supported; write the merged entries out, or quote "
              "it");
}

TEST(YamlScalarQuoted, AlwaysStrings) {
  for (std::string_view text : {"0x17", "yes", "null", "", "1.5", "2019-10-23", "="}) {
    auto value = TypeYamlScalar(text, kNonPlainScalarTag);
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(value->kind, Kind::kString) << text;
    EXPECT_EQ(value->text, text);
    EXPECT_FALSE(value->yaml_timestamp);
  }
}

TEST(YamlScalarTagged, StandardTags) {
  EXPECT_EQ(TypeYamlScalar("12", "tag:yaml.org,2002:str")->kind, Kind::kString);
  EXPECT_EQ(TypeYamlScalar("0x1f", "tag:yaml.org,2002:int")->int_value, 31);
  EXPECT_EQ(TypeYamlScalar("1e3", "tag:yaml.org,2002:float")->float_value, 1000.0);
  EXPECT_EQ(TypeYamlScalar("12", "tag:yaml.org,2002:float")->text, "12");
  EXPECT_EQ(TypeYamlScalar("yEs", "tag:yaml.org,2002:bool")->bool_value, true);
  EXPECT_EQ(TypeYamlScalar("anything", "tag:yaml.org,2002:null")->kind, Kind::kNull);
  EXPECT_TRUE(TypeYamlScalar("2019-10-23", "tag:yaml.org,2002:timestamp")->yaml_timestamp);
  ExpectError("abc", "tag:yaml.org,2002:int", "'abc' is not a valid !!int");
  ExpectError("maybe", "tag:yaml.org,2002:bool", "'maybe' is not a valid !!bool");
  ExpectError("x", "tag:yaml.org,2002:float", "'x' is not a valid !!float");
  ExpectError("x", "tag:yaml.org,2002:binary",
              "YAML tag '!!binary' is not supported on a scalar (use !!str, !!int, !!float, "
              "!!bool, !!null or !!timestamp)");
  ExpectError("x", "!foo",
              "YAML tag '!foo' is not supported (PyYAML's safe loader, which Sigma tools use, "
              "rejects it)");
}

// The same typing through the loader: plain values are typed, quoted ones are strings.
TEST(YamlScalarInRules, DetectionValues) {
  auto loaded =
      testing::Load(testing::RuleWith("    sel:\n"
                                      "        a: 0x17\n"
                                      "        b: '0x17'\n"
                                      "        c: yes\n"
                                      "        d: \"yes\"\n"
                                      "        e: 1.0\n"
                                      "        f: ~\n"
                                      "        g:\n"
                                      "        h: 2019-10-23\n"
                                      "        i: |\n"
                                      "            12\n"
                                      "    condition: sel\n"));
  ASSERT_EQ(loaded->Errors(), "");
  const auto& items = loaded->documents.rules.at(0).identifiers.at(0).detection.children;
  ASSERT_EQ(items.size(), 9u);
  auto value = [&](size_t i) {
    return items[i].item.values.at(0);
  };
  EXPECT_EQ(value(0).kind, Kind::kInt);
  EXPECT_EQ(value(0).text, "23");
  EXPECT_EQ(value(0).span.text(), "0x17");
  EXPECT_EQ(value(1).kind, Kind::kString);
  EXPECT_EQ(value(1).text, "0x17");
  EXPECT_EQ(value(1).span.text(), "'0x17'");
  EXPECT_EQ(value(2).kind, Kind::kBool);
  EXPECT_EQ(value(3).kind, Kind::kString);
  EXPECT_EQ(value(3).text, "yes");
  EXPECT_EQ(value(4).kind, Kind::kFloat);
  EXPECT_EQ(value(4).text, "1");
  EXPECT_EQ(value(5).kind, Kind::kNull);
  EXPECT_EQ(value(5).span.text(), "~");
  EXPECT_EQ(value(6).kind, Kind::kNull);
  EXPECT_EQ(value(7).kind, Kind::kString);
  EXPECT_TRUE(value(7).yaml_timestamp);
  EXPECT_EQ(value(8).kind, Kind::kString);  // a block scalar is never typed
  EXPECT_EQ(value(8).text, "12\n");
}

}  // namespace
}  // namespace scry::sigma
