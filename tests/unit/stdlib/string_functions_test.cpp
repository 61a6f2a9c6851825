#include "function_fixture.hpp"

namespace scry {
namespace {

using test::B;
using test::F;
using test::I;
using test::N;
using test::S;

using StringFunctionsTest = test::FunctionTest;

TEST_F(StringFunctionsTest, LowerAndUpper) {
  EXPECT_EQ(CallJson("lower", {S("PowerShell.EXE")}), R"("powershell.exe")");
  EXPECT_EQ(CallJson("lower", {S("ÄRGER İ ΣΑΣ ЖУК ＡＢ")}), R"("ärger i σασ жук ａｂ")");
  EXPECT_EQ(CallJson("upper", {S("straße ärger σας жук ａｂ")}), R"("STRAßE ÄRGER ΣΑΣ ЖУК ＡＢ")");
  EXPECT_EQ(CallJson("upper", {S("a\xFF"
                                 "b")}),
            "\"A\xEF\xBF\xBD"
            "B\"");
  EXPECT_EQ(CallJson("lower", {N()}), "null");
  EXPECT_EQ(CallJson("lower", {List({S("A"), N(), S("B")})}), R"(["a",null,"b"])");
  EXPECT_EQ(CallJson("upper", {List({S("a"), List({S("b")})})}), R"(["A",["B"]])");
  EXPECT_EQ(CallJson("lower", {I(42)}), R"("42")");
  EXPECT_EQ(CallJson("lower", {B(true)}), R"("true")");
  EXPECT_EQ(ctx_.data_errors, 0u);
}

TEST_F(StringFunctionsTest, Len) {
  EXPECT_EQ(CallJson("len", {S("")}), "0");
  EXPECT_EQ(CallJson("len", {S("abc")}), "3");
  EXPECT_EQ(CallJson("len", {S("äöü日本😀")}), "6");
  EXPECT_EQ(CallJson("len", {S("a\xFF\xC3")}), "3");
  EXPECT_EQ(CallJson("len", {List({S("a"), S("b")})}), "2");
  EXPECT_EQ(CallJson("len", {List({})}), "0");
  EXPECT_EQ(CallJson("len", {N()}), "null");
  EXPECT_EQ(CallJson("len", {I(12345)}), "5");
}

TEST_F(StringFunctionsTest, Trim) {
  EXPECT_EQ(CallJson("trim", {S("  a b \t\n")}), R"("a b")");
  EXPECT_EQ(CallJson("trim_start", {S("  a b  ")}), R"("a b  ")");
  EXPECT_EQ(CallJson("trim_end", {S("  a b  ")}), R"("  a b")");
  EXPECT_EQ(CallJson("trim", {S("\u00A0\u3000x\u2003")}), R"("x")");
  EXPECT_EQ(CallJson("trim", {S("   ")}), R"("")");
  EXPECT_EQ(CallJson("trim", {S("")}), R"("")");
  EXPECT_EQ(CallJson("trim_end", {S("x\xFF ")}), "\"x\xEF\xBF\xBD\"");
  EXPECT_EQ(CallJson("trim", {List({S(" a "), S("b ")})}), R"(["a","b"])");
  EXPECT_EQ(CallJson("trim", {N()}), "null");
}

TEST_F(StringFunctionsTest, Split) {
  EXPECT_EQ(CallJson("split", {S("a,b,,c"), S(",")}), R"(["a","b","","c"])");
  EXPECT_EQ(CallJson("split", {S("a::b"), S("::")}), R"(["a","b"])");
  EXPECT_EQ(CallJson("split", {S("abc"), S(",")}), R"(["abc"])");
  EXPECT_EQ(CallJson("split", {S(""), S(",")}), R"([""])");
  EXPECT_EQ(CallJson("split", {S(",a,"), S(",")}), R"(["","a",""])");
  EXPECT_EQ(CallJson("split", {S("aä日"), S("")}), R"(["a","ä","日"])");
  EXPECT_EQ(CallJson("split", {List({S("a,b"), N(), S("c")}), S(",")}), R"(["a","b","c"])");
  EXPECT_EQ(CallJson("split", {N(), S(",")}), "null");
  EXPECT_EQ(CallJson("split", {S("a"), N()}), "null");
  EXPECT_EQ(CallJson("split", {I(1020), S("2")}), R"(["10","0"])");
}

TEST_F(StringFunctionsTest, Strcat) {
  EXPECT_EQ(CallJson("strcat", {S("a"), S("b"), S("c")}), R"("abc")");
  EXPECT_EQ(CallJson("strcat", {S("port "), I(443), S(" "), B(true)}), R"("port 443 true")");
  EXPECT_EQ(CallJson("strcat", {S("a"), N(), S("b")}), R"("ab")");
  EXPECT_EQ(CallJson("strcat", {N()}), R"("")");
  EXPECT_EQ(CallJson("strcat", {}), R"("")");
  EXPECT_EQ(CallJson("strcat", {S("x="), List({I(1), S("y")})}), R"("x=[1,\"y\"]")");
  EXPECT_EQ(CallJson("strcat", {F(1.5), S("s")}), R"("1.5s")");
}

TEST_F(StringFunctionsTest, Substring) {
  EXPECT_EQ(CallJson("substring", {S("hello"), I(1)}), R"("ello")");
  EXPECT_EQ(CallJson("substring", {S("hello"), I(1), I(3)}), R"("ell")");
  EXPECT_EQ(CallJson("substring", {S("hello"), I(0), I(100)}), R"("hello")");
  EXPECT_EQ(CallJson("substring", {S("hello"), I(10)}), R"("")");
  EXPECT_EQ(CallJson("substring", {S("hello"), I(-3)}), R"("llo")");
  EXPECT_EQ(CallJson("substring", {S("hello"), I(-10), I(2)}), R"("he")");
  EXPECT_EQ(CallJson("substring", {S("hello"), I(1), I(-1)}), R"("")");
  EXPECT_EQ(CallJson("substring", {S("äöü日本"), I(2), I(2)}), R"("ü日")");
  EXPECT_EQ(CallJson("substring", {S("hello"), S("1"), F(2.9)}), R"("el")");
  EXPECT_EQ(CallJson("substring", {List({S("abc"), S("xyz")}), I(1)}), R"(["bc","yz"])");
  EXPECT_EQ(CallJson("substring", {N(), I(1)}), "null");
  EXPECT_EQ(CallJson("substring", {S("abc"), N()}), "null");
  ExpectDataError("substring", {S("abc"), S("one")});
}

TEST_F(StringFunctionsTest, Replace) {
  EXPECT_EQ(CallJson("replace", {S("a-b-c"), S("-"), S("+")}), R"("a+b+c")");
  EXPECT_EQ(CallJson("replace", {S("aaa"), S("aa"), S("b")}), R"("ba")");
  EXPECT_EQ(CallJson("replace", {S("abc"), S("x"), S("y")}), R"("abc")");
  EXPECT_EQ(CallJson("replace", {S("abc"), S(""), S("y")}), R"("abc")");
  EXPECT_EQ(CallJson("replace", {S("abc"), S("b"), S("")}), R"("ac")");
  EXPECT_EQ(CallJson("replace", {S("ABC"), S("b"), S("x")}), R"("ABC")");  // case-sensitive
  EXPECT_EQ(CallJson("replace", {List({S("a1"), S("b1")}), S("1"), S("2")}), R"(["a2","b2"])");
  EXPECT_EQ(CallJson("replace", {S("abc"), N(), S("y")}), "null");
}

TEST_F(StringFunctionsTest, IndexOf) {
  EXPECT_EQ(CallJson("index_of", {S("hello"), S("l")}), "2");
  EXPECT_EQ(CallJson("index_of", {S("hello"), S("z")}), "-1");
  EXPECT_EQ(CallJson("index_of", {S("hello"), S("")}), "0");
  EXPECT_EQ(CallJson("index_of", {S("äöü日本"), S("日")}), "3");
  EXPECT_EQ(CallJson("index_of", {List({S("ab"), S("ba")}), S("a")}), "[0,1]");
  EXPECT_EQ(CallJson("index_of", {N(), S("a")}), "null");
}

TEST_F(StringFunctionsTest, Reverse) {
  EXPECT_EQ(CallJson("reverse", {S("abc")}), R"("cba")");
  EXPECT_EQ(CallJson("reverse", {S("")}), R"("")");
  EXPECT_EQ(CallJson("reverse", {S("aä日😀")}), R"("😀日äa")");
  Value r = Call("reverse", {S("a\xFF\xC3\xA4")});
  EXPECT_EQ(r.as_string(),
            "\xC3\xA4\xFF"
            "a");
  EXPECT_EQ(CallJson("reverse", {List({S("ab"), S("cd")})}), R"(["ba","dc"])");
}

}  // namespace
}  // namespace scry
