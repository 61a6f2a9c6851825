// Collecting every value of an event for `*`: nested objects and arrays, escapes, numbers,
// nulls left out, errors; and the hook the engine installs with it.
#include "runtime/event/all_values.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/runtime/test_support.hpp"

namespace scry::runtime {
namespace {

using testing::Render;

std::string Collected(std::string_view record) {
  Arena arena;
  auto values = CollectAllValues(record, arena);
  if (!values) {
    return "error: " + values.error().reason + " @" + std::to_string(values.error().offset);
  }
  return Render(*values);
}

TEST(AllValuesTest, ScalarsInDocumentOrder) {
  EXPECT_EQ(Collected(R"({"s":"text","i":-42,"f":1.5,"t":true,"n":null,"b":false})"),
            R"(["text",-42,float:1.5,true,false])");
  EXPECT_EQ(Collected("{}"), "[]");
  EXPECT_EQ(Collected(R"({"only":null})"), "[]");
}

TEST(AllValuesTest, NestedObjectsAndArraysFlatten) {
  EXPECT_EQ(Collected(R"({"a":{"b":{"c":1},"d":[2,[3,{"e":"x"}],null]},"f":[],"g":{}})"),
            R"([1,2,3,"x"])");
  EXPECT_EQ(
      Collected(R"({"Data":[{"Name":"User","Value":"bob"},{"Name":"Ip","Value":"10.0.0.5"}]})"),
      R"(["User","bob","Ip","10.0.0.5"])");
}

TEST(AllValuesTest, KeysAreNotValues) {
  EXPECT_EQ(Collected(R"({"mimikatz":1,"x":{"mimikatz":"no"}})"), R"([1,"no"])");
}

TEST(AllValuesTest, StringsAreUnescapedAndMarkedAscii) {
  Arena arena;
  auto values =
      CollectAllValues(R"({"p":"C:\\Windows\\x.exe","u":"\u00e9\ud83db","plain":"ab"})", arena);
  ASSERT_TRUE(values);
  ASSERT_EQ(values->len, 3u);
  EXPECT_EQ(values->items[0].as_string(), R"(C:\Windows\x.exe)");
  EXPECT_EQ(values->items[1].as_string(),
            "\xC3\xA9\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(values->items[2].as_string(), "ab");
  EXPECT_NE(values->items[2].flags & Value::kAsciiFlag, 0);
  EXPECT_EQ(values->items[1].flags & Value::kAsciiFlag, 0);
}

TEST(AllValuesTest, NumbersReadAsTheExtractorReadsThem) {
  EXPECT_EQ(Collected(R"({"a":9223372036854775807,"b":9223372036854775808,"c":1e3,"d":-0})"),
            "[9223372036854775807,float:9.2233720368547758e+18,float:1000,0]");
  EXPECT_EQ(Collected(R"({"big":123456789012345678901234567890})"),
            "[float:1.2345678901234568e+29]");
}

TEST(AllValuesTest, NeedsNoPaddingAndOutlivesTheRecord) {
  // The record is copied: a string with no padding after it, then gone, is fine.
  Arena arena;
  Value values;
  {
    std::string record = R"({"k":"value"})";
    auto collected = CollectAllValues(record, arena);
    ASSERT_TRUE(collected);
    values = *collected;
    record.assign(record.size(), 'x');
  }
  EXPECT_EQ(Render(values), R"(["value"])");
}

TEST(AllValuesTest, ErrorsAnywhereInTheRecord) {
  // The extractor skips what no rule reads; `*` reads everything, so it finds what it skipped.
  EXPECT_EQ(Collected(R"({"a":1,"b":tru})"), "error: invalid literal @11");
  EXPECT_EQ(Collected(R"({"a":"unterminated)"), "error: unexpected end of input @18");
  EXPECT_EQ(Collected(R"({"a":1} x)"), "error: trailing content after the JSON object @8");
  EXPECT_EQ(Collected("[1,2]").substr(0, 6), "error:");
  std::string deep = "{\"a\":" + std::string(2000, '[') + std::string(2000, ']') + "}";
  EXPECT_EQ(Collected(deep).substr(0, 6), "error:");
}

TEST(AllValuesTest, PointAtEventCollectsOnceAndCountsBadData) {
  Arena arena;
  EvalContext ctx{&arena, 0, 0};
  std::string first = R"({"a":"x","b":[1,2]})";
  PointAtEvent(ctx, first);
  Value values = AllEventValues(ctx);
  EXPECT_EQ(Render(values), R"(["x",1,2])");
  EXPECT_EQ(AllEventValues(ctx).items, values.items);  // the same list, not collected again
  std::string broken = R"({"a":)";
  PointAtEvent(ctx, broken);
  EXPECT_TRUE(AllEventValues(ctx).is_null());
  EXPECT_EQ(ctx.data_errors, 1u);
  EXPECT_TRUE(AllEventValues(ctx).is_null());
  EXPECT_EQ(ctx.data_errors, 1u);  // once per event, errors too
}

}  // namespace
}  // namespace scry::runtime
