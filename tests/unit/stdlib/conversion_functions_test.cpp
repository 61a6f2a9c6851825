#include <cmath>
#include <limits>

#include "function_fixture.hpp"
#include "stdlib/regex.hpp"

namespace scry {
namespace {

using test::B;
using test::Dur;
using test::F;
using test::I;
using test::N;
using test::S;

using ConversionFunctionsTest = test::FunctionTest;

TEST_F(ConversionFunctionsTest, ToInt) {
  EXPECT_EQ(CallJson("to_int", {S("42")}), "42");
  EXPECT_EQ(CallJson("to_int", {S("-3")}), "-3");
  EXPECT_EQ(CallJson("to_int", {S("0x1f")}), "31");
  EXPECT_EQ(CallJson("to_int", {S(" 7 ")}), "7");
  EXPECT_EQ(CallJson("to_int", {S("3.9")}), "3");
  EXPECT_EQ(CallJson("to_int", {F(-2.7)}), "-2");
  EXPECT_EQ(CallJson("to_int", {I(5)}), "5");
  EXPECT_EQ(CallJson("to_int", {B(true)}), "1");
  EXPECT_EQ(CallJson("to_int", {B(false)}), "0");
  EXPECT_EQ(CallJson("to_int", {Dur("1s")}), "1000000000");
  EXPECT_EQ(CallJson("to_int", {N()}), "null");
  EXPECT_EQ(ctx_.data_errors, 0u);
  ExpectDataError("to_int", {S("abc")});
  ExpectDataError("to_int", {S("")});
  ExpectDataError("to_int", {F(std::nan(""))});
  ExpectDataError("to_int", {F(1e19)});
  ExpectDataError("to_int", {List({I(1)})});
}

TEST_F(ConversionFunctionsTest, ToFloat) {
  EXPECT_EQ(CallJson("to_float", {S("1.5")}), "1.5");
  EXPECT_EQ(CallJson("to_float", {I(2)}), "2");
  EXPECT_EQ(Call("to_float", {I(2)}).kind, ValueKind::kFloat);
  EXPECT_EQ(CallJson("to_float", {S("1e3")}), "1000");
  EXPECT_EQ(CallJson("to_float", {B(true)}), "1");
  EXPECT_EQ(CallJson("to_float", {N()}), "null");
  ExpectDataError("to_float", {S("one")});
}

TEST_F(ConversionFunctionsTest, ToString) {
  EXPECT_EQ(CallJson("to_string", {I(42)}), R"("42")");
  EXPECT_EQ(CallJson("to_string", {F(0.5)}), R"("0.5")");
  EXPECT_EQ(CallJson("to_string", {B(false)}), R"("false")");
  EXPECT_EQ(CallJson("to_string", {S("x")}), R"("x")");
  EXPECT_EQ(CallJson("to_string", {Dur("90s")}), R"("1m30s")");
  EXPECT_EQ(CallJson("to_string", {test::Ts("2024-05-01")}), R"("2024-05-01T00:00:00Z")");
  EXPECT_EQ(CallJson("to_string", {test::Ip(arena_, "::1")}), R"("::1")");
  EXPECT_EQ(CallJson("to_string", {List({I(1), S("a")})}), R"("[1,\"a\"]")");
  EXPECT_EQ(CallJson("to_string", {N()}), "null");
}

TEST_F(ConversionFunctionsTest, ToBool) {
  EXPECT_EQ(CallJson("to_bool", {S("TRUE")}), "true");
  EXPECT_EQ(CallJson("to_bool", {S("false")}), "false");
  EXPECT_EQ(CallJson("to_bool", {S("1")}), "true");
  EXPECT_EQ(CallJson("to_bool", {S("0")}), "false");
  EXPECT_EQ(CallJson("to_bool", {I(2)}), "true");
  EXPECT_EQ(CallJson("to_bool", {F(0.0)}), "false");
  EXPECT_EQ(CallJson("to_bool", {B(true)}), "true");
  EXPECT_EQ(CallJson("to_bool", {N()}), "null");
  ExpectDataError("to_bool", {S("yes")});
  ExpectDataError("to_bool", {F(std::nan(""))});
  ExpectDataError("to_bool", {Dur("1s")});
}

TEST_F(ConversionFunctionsTest, Coalesce) {
  EXPECT_EQ(CallJson("coalesce", {N(), S("a"), S("b")}), R"("a")");
  EXPECT_EQ(CallJson("coalesce", {I(0), S("a")}), "0");
  EXPECT_EQ(CallJson("coalesce", {S(""), S("a")}), R"("")");
  EXPECT_EQ(CallJson("coalesce", {List({}), S("a")}), "[]");
  EXPECT_EQ(CallJson("coalesce", {N(), N()}), "null");
  EXPECT_EQ(CallJson("coalesce", {}), "null");
}

TEST_F(ConversionFunctionsTest, TypeOfAndIsEmpty) {
  EXPECT_EQ(CallJson("typeof", {S("x")}), R"("string")");
  EXPECT_EQ(CallJson("typeof", {I(1)}), R"("int")");
  EXPECT_EQ(CallJson("typeof", {F(1)}), R"("float")");
  EXPECT_EQ(CallJson("typeof", {N()}), R"("null")");
  EXPECT_EQ(CallJson("typeof", {List({})}), R"("list")");
  EXPECT_EQ(CallJson("typeof", {Dur("1s")}), R"("duration")");
  EXPECT_EQ(CallJson("is_empty", {N()}), "true");
  EXPECT_EQ(CallJson("is_empty", {S("")}), "true");
  EXPECT_EQ(CallJson("is_empty", {List({})}), "true");
  EXPECT_EQ(CallJson("is_empty", {S(" ")}), "false");
  EXPECT_EQ(CallJson("is_empty", {I(0)}), "false");
  EXPECT_EQ(CallJson("is_empty", {List({N()})}), "false");
}

class ExtractTest : public test::FunctionTest {
 protected:
  Value RegexValue(std::string_view pattern) {
    regexes_.push_back(std::move(*Regex::Compile(pattern, false)));
    Value v;
    v.kind = ValueKind::kRegex;
    v.ptr = regexes_.back().get();
    return v;
  }
  std::vector<std::unique_ptr<Regex>> regexes_;
};

TEST_F(ExtractTest, Extract) {
  Value user = RegexValue(R"(user=(\w+))");
  EXPECT_EQ(CallJson("extract", {user, I(1), S("login user=alice from x")}), R"("alice")");
  EXPECT_EQ(CallJson("extract", {user, I(0), S("login user=alice from x")}), R"("user=alice")");
  EXPECT_EQ(CallJson("extract", {user, I(1), S("no user here")}), "null");
  EXPECT_EQ(CallJson("extract", {user, I(1), N()}), "null");
  EXPECT_EQ(CallJson("extract", {user, I(1), List({S("x"), S("user=bob"), S("user=eve")})}),
            R"("bob")");
  Value port = RegexValue(R"(^(\d\d)\d+$)");
  EXPECT_EQ(CallJson("extract", {port, I(1), I(4433)}), R"("44")");
  EXPECT_EQ(ctx_.data_errors, 0u);
  ExpectDataError("extract", {user, I(2), S("user=alice")});
  ExpectDataError("extract", {user, I(-1), S("user=alice")});
}

TEST_F(ExtractTest, StringPatternCompiledOnTheFly) {
  EXPECT_EQ(CallJson("extract", {S(R"(id=(\d+))"), I(1), S("id=42")}), R"("42")");
  EXPECT_EQ(CallJson("extract", {S(R"(id=(\d+))"), I(1), S("id=7")}), R"("7")");
  ExpectDataError("extract", {S("(unclosed"), I(0), S("x")});
}

}  // namespace
}  // namespace scry
