#include "function_fixture.hpp"

namespace scry {
namespace {

using test::I;
using test::N;
using test::S;

using EncodingFunctionsTest = test::FunctionTest;

TEST_F(EncodingFunctionsTest, Base64Decode) {
  EXPECT_EQ(CallJson("base64_decode", {S("aGVsbG8=")}), R"("hello")");
  EXPECT_EQ(CallJson("base64_decode", {S("aGVsbG8")}), R"("hello")");
  EXPECT_EQ(CallJson("base64_decode", {S("aGVsbG8h")}), R"("hello!")");
  EXPECT_EQ(CallJson("base64_decode", {S("aGk=")}), R"("hi")");
  EXPECT_EQ(CallJson("base64_decode", {S("aQ==")}), R"("i")");
  EXPECT_EQ(CallJson("base64_decode", {S("aQ")}), R"("i")");
  EXPECT_EQ(CallJson("base64_decode", {S("")}), R"("")");
  EXPECT_EQ(Call("base64_decode", {S("+/8=")}).as_string(), "\xFB\xFF");
  EXPECT_EQ(Call("base64_decode", {S("-_8")}).as_string(), "\xFB\xFF");  // URL-safe
  // PowerShell -EncodedCommand: UTF-16LE bytes come back as they are.
  Value ps = Call("base64_decode", {S("dwBoAG8AYQBtAGkA")});
  EXPECT_EQ(ps.as_string(), std::string_view("w\0h\0o\0a\0m\0i\0", 12));
  EXPECT_EQ(CallJson("base64_decode", {List({S("YQ=="), S("Yg")})}), R"(["a","b"])");
  EXPECT_EQ(CallJson("base64_decode", {N()}), "null");
  EXPECT_EQ(ctx_.data_errors, 0u);
}

TEST_F(EncodingFunctionsTest, Base64DecodeRejects) {
  for (std::string_view bad :
       {"a", "aGVsbG8=x", "aGV$bG8=", "aGk==", "aQ=", "a===", "====", "aGVsbG8 =", "aGVs\nbG8="}) {
    ExpectDataError("base64_decode", {S(bad)});
  }
  EXPECT_EQ(CallJson("base64_decode", {List({S("YQ=="), S("!")})}), R"(["a",null])");
}

TEST_F(EncodingFunctionsTest, Base64Encode) {
  EXPECT_EQ(CallJson("base64_encode", {S("")}), R"("")");
  EXPECT_EQ(CallJson("base64_encode", {S("f")}), R"("Zg==")");
  EXPECT_EQ(CallJson("base64_encode", {S("fo")}), R"("Zm8=")");
  EXPECT_EQ(CallJson("base64_encode", {S("foo")}), R"("Zm9v")");
  EXPECT_EQ(CallJson("base64_encode", {S("foobar")}), R"("Zm9vYmFy")");
  EXPECT_EQ(CallJson("base64_encode", {S("\xFB\xFF")}), R"("+/8=")");
  EXPECT_EQ(CallJson("base64_encode", {I(12)}), R"("MTI=")");
  for (std::string_view text : {"", "a", "ab", "abc", "abcd", "Ärger \x01\xFF"}) {
    Value encoded = Call("base64_encode", {S(text)});
    EXPECT_EQ(Call("base64_decode", {encoded}).as_string(), text);
  }
}

TEST_F(EncodingFunctionsTest, UrlDecode) {
  EXPECT_EQ(CallJson("url_decode", {S("a%20b%2Fc")}), R"("a b/c")");
  EXPECT_EQ(CallJson("url_decode", {S("%C3%A4")}), R"("ä")");
  EXPECT_EQ(CallJson("url_decode", {S("%c3%a4")}), R"("ä")");
  EXPECT_EQ(CallJson("url_decode", {S("a+b")}), R"("a+b")");
  EXPECT_EQ(CallJson("url_decode", {S("100%")}), R"("100%")");
  EXPECT_EQ(CallJson("url_decode", {S("%zz%4")}), R"("%zz%4")");
  EXPECT_EQ(CallJson("url_decode", {S("%252e")}), R"("%2e")");  // one level only
  EXPECT_EQ(CallJson("url_decode", {S("plain")}), R"("plain")");
  EXPECT_EQ(CallJson("url_decode", {List({S("%41"), N()})}), R"(["A",null])");
  EXPECT_EQ(ctx_.data_errors, 0u);
}

TEST_F(EncodingFunctionsTest, UrlEncode) {
  EXPECT_EQ(CallJson("url_encode", {S("a b/c?d=e&f")}), R"("a%20b%2Fc%3Fd%3De%26f")");
  EXPECT_EQ(CallJson("url_encode", {S("AZaz09-_.~")}), R"("AZaz09-_.~")");
  EXPECT_EQ(CallJson("url_encode", {S("ä")}), R"("%C3%A4")");
  Value encoded = Call("url_encode", {S("x y%z ä")});
  EXPECT_EQ(Call("url_decode", {encoded}).as_string(), "x y%z ä");
}

}  // namespace
}  // namespace scry
