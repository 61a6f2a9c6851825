#include "runtime/event/field_extractor.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/runtime/test_support.hpp"

namespace scry::runtime {
namespace {

using testing::PaddedRecord;
using testing::Render;

compiler::FieldPathSegments Path(std::string_view dotted) {
  compiler::FieldPathSegments segments;
  size_t start = 0;
  for (;;) {
    size_t dot = dotted.find('.', start);
    segments.emplace_back(dotted.substr(start, dot - start));
    if (dot == std::string_view::npos) {
      return segments;
    }
    start = dot + 1;
  }
}

// Extracts dotted paths from JSON text and keeps the record and arena alive for the checks.
class Extraction {
 public:
  explicit Extraction(const std::vector<std::string>& paths) {
    for (const std::string& path : paths) {
      table_.Intern(Path(path));
    }
    extractor_ = std::make_unique<FieldExtractor>(table_);
    slots_.resize(table_.size());
  }

  std::expected<void, ExtractError> Run(std::string_view json) {
    record_ = std::make_unique<PaddedRecord>(json);
    arena_.Reset();
    return extractor_->Extract(record_->view(), slots_.data(), arena_);
  }

  // Each slot rendered, in slot order; "error: <reason> @<offset>" on failure.
  std::vector<std::string> Rendered(std::string_view json) {
    auto result = Run(json);
    if (!result) {
      return {"error: " + result.error().reason + " @" + std::to_string(result.error().offset)};
    }
    std::vector<std::string> out;
    for (const Value& v : slots_) {
      out.push_back(Render(v));
    }
    return out;
  }

  const Value& slot(size_t i) const { return slots_[i]; }
  std::string_view record() const { return record_->view(); }

 private:
  compiler::FieldSlotTable table_;
  std::unique_ptr<FieldExtractor> extractor_;
  std::vector<Value> slots_;
  std::unique_ptr<PaddedRecord> record_;
  Arena arena_;
};

using Strings = std::vector<std::string>;

TEST(FieldExtractorTest, ScalarKinds) {
  Extraction x({"s", "i", "f", "t", "n", "missing"});
  EXPECT_EQ(x.Rendered(R"({"s":"text","i":-42,"f":1.5,"t":true,"n":null})"),
            (Strings{R"("text")", "-42", "float:1.5", "true", "null", "null"}));
  EXPECT_EQ(x.Rendered(R"({"t":false})"),
            (Strings{"null", "null", "null", "false", "null", "null"}));
}

TEST(FieldExtractorTest, JsonNullIsAPresentNull) {
  // Null to every operator, but `exists` sees the key (Value::kPresentFlag); an absent path
  // is a plain null. Flags are copied with the value, into lists too.
  Extraction x({"n", "missing", "a.b", "list", "objs.v"});
  ASSERT_TRUE(x.Run(R"({"n":null,"a":{"b":null},"list":[null,1],"objs":[{"v":null},{"w":2}]})"));
  EXPECT_TRUE(x.slot(0).is_null());
  EXPECT_TRUE(x.slot(0).exists());
  EXPECT_FALSE(x.slot(1).exists());
  EXPECT_TRUE(x.slot(2).exists());
  ASSERT_EQ(x.slot(3).kind, ValueKind::kList);
  EXPECT_TRUE(x.slot(3).items[0].is_null() && x.slot(3).items[0].exists());
  ASSERT_EQ(x.slot(4).kind, ValueKind::kList);
  EXPECT_EQ(x.slot(4).len, 1u);
  ASSERT_TRUE(x.Run(R"({"a":null})"));
  EXPECT_FALSE(x.slot(0).exists());
  EXPECT_FALSE(x.slot(2).exists());  // `a` is there, `a.b` is not
}

TEST(FieldExtractorTest, NumbersAtTheEdges) {
  Extraction x({"a", "b", "c", "d", "e", "f", "g"});
  EXPECT_EQ(
      x.Rendered(R"({"a":9223372036854775807,"b":-9223372036854775808,)"
                 R"("c":9223372036854775808,"d":18446744073709551616,"e":-0,"f":1e3,)"
                 R"("g":-1.25E-2})"),
      (Strings{"9223372036854775807", "-9223372036854775808", "float:9.2233720368547758e+18",
               "float:1.8446744073709552e+19", "0", "float:1000", "float:-0.012500000000000001"}));
}

TEST(FieldExtractorTest, StringEscapesAreDecoded) {
  Extraction x({"s", "lone", "path"});
  EXPECT_EQ(x.Rendered(R"({"s":"\u00e9\ud83d\ude00 \"q\" \/ \b\f\n\r\t","lone":"a\ud83db",)"
                       R"("path":"C:\\Windows\\System32"})"),
            (Strings{"\"\xC3\xA9\xF0\x9F\x98\x80 \\\"q\\\" / \\b\\f\\n\\r\\t\"",
                     "\"a\xEF\xBF\xBD"
                     "b\"",
                     R"("C:\\Windows\\System32")"}));
}

TEST(FieldExtractorTest, StringsWithoutEscapesPointIntoTheRecord) {
  Extraction x({"a", "b"});
  ASSERT_TRUE(x.Run(R"({"a":"plain","b":"esc\\aped"})"));
  std::string_view record = x.record();
  const char* a = x.slot(0).str;
  EXPECT_TRUE(a >= record.data() && a < record.data() + record.size());
  EXPECT_EQ(x.slot(1).as_string(), "esc\\aped");
}

TEST(FieldExtractorTest, EscapedKeysMatch) {
  Extraction x({"Ab", "a\"b"});
  EXPECT_EQ(x.Rendered(R"({"\u0041b":1,"a\"b":2})"), (Strings{"1", "2"}));
}

TEST(FieldExtractorTest, NestedAndDottedFormsAllMatch) {
  Extraction x({"a.b.c"});
  EXPECT_EQ(x.Rendered(R"({"a":{"b":{"c":1}}})"), Strings{"1"});
  EXPECT_EQ(x.Rendered(R"({"a.b.c":2})"), Strings{"2"});
  EXPECT_EQ(x.Rendered(R"({"a":{"b.c":3}})"), Strings{"3"});
  EXPECT_EQ(x.Rendered(R"({"a.b":{"c":4}})"), Strings{"4"});
  EXPECT_EQ(x.Rendered(R"({"x":{"a":{"b":{"c":5}}}})"), Strings{"null"});
  EXPECT_EQ(x.Rendered(R"({"a":{"x":1,"b":{"y":2}},"a.b":{"c":6}})"), Strings{"6"});
}

TEST(FieldExtractorTest, PathsSharingPrefixes) {
  Extraction x({"process.name", "process.parent.name", "process.parent.pid", "host"});
  EXPECT_EQ(x.Rendered(R"({"process":{"name":"a","parent":{"name":"b","pid":7}},"host":"h"})"),
            (Strings{R"("a")", R"("b")", "7", R"("h")"}));
  EXPECT_EQ(x.Rendered(R"({"process.parent":{"name":"b"},"process":{"name":"a"}})"),
            (Strings{R"("a")", R"("b")", "null", "null"}));
}

TEST(FieldExtractorTest, ObjectAtPathEndIsRawJson) {
  Extraction x({"a", "b"});
  EXPECT_EQ(x.Rendered(R"({"a": {"x" : [1, {"y":2}]}  , "b":{}})"),
            (Strings{R"(object:{"x" : [1, {"y":2}]})", "object:{}"}));
}

TEST(FieldExtractorTest, PathAndItsPrefixBothRead) {
  Extraction x({"a", "a.b", "a.c.d"});
  EXPECT_EQ(x.Rendered(R"({"a": {"b" : 1, "c": {"d": "x"}} , "z":0})"),
            (Strings{R"(object:{"b" : 1, "c": {"d": "x"}})", "1", R"("x")"}));
  EXPECT_EQ(x.Rendered(R"({"a":5})"), (Strings{"5", "null", "null"}));
}

TEST(FieldExtractorTest, ArrayAtPathEndIsList) {
  Extraction x({"Data"});
  EXPECT_EQ(x.Rendered(R"({"Data":["a",1,2.5,[3,[4]],{"k":1},null,true,[]]})"),
            Strings{R"(["a",1,float:2.5,[3,[4]],object:{"k":1},null,true,[]])"});
  EXPECT_EQ(x.Rendered(R"({"Data":[]})"), Strings{"[]"});
}

TEST(FieldExtractorTest, PathThroughArrayOfObjectsCollects) {
  Extraction x({"a.b", "a.c", "a.d"});
  EXPECT_EQ(x.Rendered(R"({"a":[{"b":1},{"c":2},{"b":"x"},5,null]})"),
            (Strings{R"([1,"x"])", "[2]", "null"}));
  EXPECT_EQ(x.Rendered(R"({"a":[]})"), (Strings{"null", "null", "null"}));
}

TEST(FieldExtractorTest, ArraysOfObjectsWithMixedForms) {
  Extraction x({"a.b.c"});
  EXPECT_EQ(x.Rendered(R"({"a":[{"b.c":1},{"b":{"c":2}},{"b":[{"c":3},{"c":4}]}]})"),
            Strings{"[1,2,3,4]"});
  EXPECT_EQ(x.Rendered(R"({"a.b":[{"c":1},{"d":2}]})"), Strings{"[1]"});
}

TEST(FieldExtractorTest, NestedArraysAndListValuesFlatten) {
  Extraction x({"a.b"});
  EXPECT_EQ(x.Rendered(R"({"a":[[{"b":1}],[{"b":2},[{"b":3}]]]})"), Strings{"[1,2,3]"});
  EXPECT_EQ(x.Rendered(R"({"a":[{"b":[1,2]},{"b":3},{"b":{"k":[]}}]})"),
            Strings{R"([1,2,3,object:{"k":[]}])"});
}

TEST(FieldExtractorTest, PrefixOverArrayGetsListAndMembers) {
  Extraction x({"a", "a.b"});
  EXPECT_EQ(x.Rendered(R"({"a":[{"b":1},{"b":2} ]})"),
            (Strings{R"([object:{"b":1},object:{"b":2}])", "[1,2]"}));
}

TEST(FieldExtractorTest, FirstOccurrenceWins) {
  Extraction x({"a", "b.c"});
  EXPECT_EQ(x.Rendered(R"({"a":1,"a":2,"b.c":"flat","b":{"c":"nested"}})"),
            (Strings{"1", R"("flat")"}));
  EXPECT_EQ(x.Rendered(R"({"b":{"c":"nested"},"b.c":"flat","a":null,"a":3})"),
            (Strings{"null", R"("nested")"}));
  Extraction y({"a.b"});
  EXPECT_EQ(y.Rendered(R"({"a":[{"b":1,"b":2},{"b":3}]})"), Strings{"[1,3]"});
  EXPECT_EQ(y.Rendered(R"({"a":[{"x":1}],"a.b":4})"), Strings{"4"});
}

TEST(FieldExtractorTest, WhitespaceAroundRecord) {
  Extraction x({"a"});
  EXPECT_EQ(x.Rendered(" \t{ \"a\" : 1 }  "), Strings{"1"});
}

TEST(FieldExtractorTest, NoFieldsStillValidatesTheObject) {
  Extraction x({});
  EXPECT_EQ(x.Rendered(R"({"a":1})"), Strings{});
  EXPECT_EQ(x.Rendered(R"({"a":1} x)"),
            Strings{"error: trailing content after the JSON object @8"});
}

TEST(FieldExtractorTest, StructuralErrors) {
  Extraction x({"a"});
  EXPECT_EQ(x.Rendered(R"({"a":1,"b":)"), Strings{"error: unexpected end of input @11"});
  EXPECT_EQ(x.Rendered(R"({"a":{"b":[1,2)"), Strings{"error: unexpected end of input @14"});
  EXPECT_EQ(x.Rendered(R"({"a":"x)"), Strings{"error: unexpected end of input @7"});
  EXPECT_EQ(x.Rendered(R"({"a":1} {"a":2})"),
            Strings{"error: trailing content after the JSON object @8"});
  EXPECT_EQ(x.Rendered(R"({"a":1}})"), Strings{"error: trailing content after the JSON object @7"});
  EXPECT_EQ(x.Rendered("[1,2]"), Strings{"error: expected a JSON object @0"});
  EXPECT_EQ(x.Rendered("  \"text\""), Strings{"error: expected a JSON object @2"});
  EXPECT_EQ(x.Rendered("42"), Strings{"error: expected a JSON object @0"});
  EXPECT_EQ(x.Rendered(""), Strings{"error: expected a JSON object @0"});
}

TEST(FieldExtractorTest, TokenErrorsWhileIterating) {
  Extraction x({"a", "b"});
  EXPECT_EQ(x.Rendered(R"({"a":tru})"), Strings{"error: invalid literal @5"});
  EXPECT_EQ(x.Rendered(R"({"a":nul})"), Strings{"error: invalid literal @5"});
  EXPECT_EQ(x.Rendered(R"({"b":01})"), Strings{"error: invalid or out-of-range number @5"});
  EXPECT_EQ(x.Rendered(R"({"b":1e999})"), Strings{"error: invalid or out-of-range number @5"});
  EXPECT_EQ(x.Rendered(R"({"a":"x\qy"})"), Strings{"error: invalid escape sequence in string @7"});
  auto bad_element = x.Run(R"({"a":[1,x]})");
  ASSERT_FALSE(bad_element);
  EXPECT_EQ(bad_element.error().offset, 8u);
  EXPECT_NE(bad_element.error().reason.find("improper structure"), std::string::npos);
}

TEST(FieldExtractorTest, ControlCharacterInString) {
  Extraction x({"a"});
  // The offset is the control character's, not where simdjson noticed it.
  auto escape = x.Run("{\"a\":1,\"b\":\"x\x1by\"}");
  ASSERT_FALSE(escape);
  EXPECT_EQ(escape.error().offset, 13u);
  EXPECT_NE(escape.error().reason.find("must be escaped"), std::string::npos);
  auto tab = x.Run("{\"a\":\"tab\there\"}");
  ASSERT_FALSE(tab);
  EXPECT_EQ(tab.error().offset, 9u);
}

TEST(FieldExtractorTest, MissingCommaOrColon) {
  Extraction x({"zz"});
  auto missing_colon = x.Run(R"({"a" 1})");
  ASSERT_FALSE(missing_colon);
  EXPECT_EQ(missing_colon.error().offset, 5u);
  EXPECT_NE(missing_colon.error().reason.find("improper structure"), std::string::npos);
  auto missing_comma = x.Run(R"({"a":1 "b":2})");
  ASSERT_FALSE(missing_comma);
  EXPECT_EQ(missing_comma.error().offset, 7u);
  EXPECT_FALSE(x.Run(R"({"a":1,})"));
}

TEST(FieldExtractorTest, InvalidUtf8PointsAtTheByte) {
  Extraction x({"a"});
  EXPECT_EQ(x.Rendered("{\"a\":\"ok\",\"b\":\"\xff\"}"), Strings{"error: invalid UTF-8 @15"});
}

TEST(FieldExtractorTest, SkippedFieldsAreNotValidated) {
  // The price of not decoding what no rule reads; documented in field_extractor.hpp.
  Extraction x({"b"});
  EXPECT_EQ(x.Rendered(R"({"a":tru,"b":1})"), Strings{"1"});
}

TEST(FieldExtractorTest, SlotsAreNullAfterAnError) {
  Extraction x({"a", "b"});
  ASSERT_FALSE(x.Run(R"({"a":1,"b":[{"c":)"));
  EXPECT_TRUE(x.slot(0).is_null());
  EXPECT_TRUE(x.slot(1).is_null());
}

TEST(FieldExtractorTest, StateDoesNotLeakBetweenRecords) {
  Extraction x({"a", "a.b", "c"});
  EXPECT_FALSE(x.Run(R"({"a":[{"b":1},{"b":tru}]})"));
  EXPECT_EQ(x.Rendered(R"({"c":2})"), (Strings{"null", "null", "2"}));
  EXPECT_EQ(x.Rendered(R"({"a":[{"b":3}]})"), (Strings{R"([object:{"b":3}])", "[3]", "null"}));
  EXPECT_EQ(x.Rendered(R"({"a":{"b":4},"c":5})"), (Strings{R"(object:{"b":4})", "4", "5"}));
}

TEST(FieldExtractorTest, DeepNestingIsAnErrorNotACrash) {
  Extraction x({"a", "b.c"});
  for (size_t depth : {2000, 1000000}) {
    std::string deep = R"({"a":)" + std::string(depth, '[') + std::string(depth, ']') + "}";
    EXPECT_EQ(x.Rendered(deep), Strings{"error: nested deeper than 1000 levels @1005"});
  }
  // Arrays under a path that continues are walked too, whatever their depth.
  std::string through =
      R"({"b":)" + std::string(5000, '[') + R"({"c":1})" + std::string(5000, ']') + "}";
  auto result = x.Run(through);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().reason, "nested deeper than 1000 levels");
  // Deep values nobody reads are skipped without recursion.
  std::string skipped = R"({"z":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(x.Rendered(skipped), (Strings{"null", "null"}));
}

TEST(FieldExtractorTest, LargeRecord) {
  Extraction x({"big", "after"});
  std::string big(10 << 20, 'x');
  auto result = x.Rendered(R"({"big":")" + big + R"(","after":1})");
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0].size(), big.size() + 2);
  EXPECT_EQ(result[1], "1");
}

}  // namespace
}  // namespace scry::runtime
