#include <string>

#include <gtest/gtest.h>

#include "runtime/event/json_unescape.hpp"
#include "runtime/event/utf8.hpp"
#include "stdlib/value_format.hpp"
#include "tests/unit/runtime/test_support.hpp"

namespace scry::runtime {
namespace {

std::string Escaped(std::string_view text, bool* replaced = nullptr) {
  std::string out;
  bool r = AppendJsonString(out, text);
  if (replaced != nullptr) {
    *replaced = r;
  }
  return out;
}

// Decodes a string body; "error@N" for an invalid escape at N.
std::string Unescaped(std::string_view raw) {
  std::string out(raw.size(), '\0');
  auto length = UnescapeJsonString(raw, out.data());
  if (!length) {
    return "error@" + std::to_string(length.error());
  }
  out.resize(*length);
  return out;
}

TEST(Utf8Test, SequenceLengths) {
  EXPECT_EQ(Utf8SequenceLength("a"), 1u);
  EXPECT_EQ(Utf8SequenceLength("\xC3\xA9"), 2u);
  EXPECT_EQ(Utf8SequenceLength("\xE2\x82\xAC"), 3u);
  EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x98\x80"), 4u);
  EXPECT_EQ(Utf8SequenceLength(""), 0u);
  EXPECT_EQ(Utf8SequenceLength("\x80"), 0u);              // continuation byte alone
  EXPECT_EQ(Utf8SequenceLength("\xC0\x80"), 0u);          // overlong NUL
  EXPECT_EQ(Utf8SequenceLength("\xE0\x80\x80"), 0u);      // overlong
  EXPECT_EQ(Utf8SequenceLength("\xED\xA0\x80"), 0u);      // surrogate
  EXPECT_EQ(Utf8SequenceLength("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(Utf8SequenceLength("\xE2\x82"), 0u);          // cut short
  EXPECT_EQ(FindInvalidUtf8("ok \xC3\xA9 \xFF"), 6u);
  EXPECT_EQ(FindInvalidUtf8("ok \xC3\xA9"), std::string_view::npos);
}

TEST(JsonEscapeTest, EscapesWhatJsonRequires) {
  EXPECT_EQ(Escaped("plain"), "\"plain\"");
  EXPECT_EQ(Escaped("q\"b\\s/"), R"("q\"b\\s/")");
  EXPECT_EQ(Escaped("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(Escaped(std::string("\x00\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001f\x7f\"");
  EXPECT_EQ(Escaped("\xC3\xA9\xF0\x9F\x98\x80"), "\"\xC3\xA9\xF0\x9F\x98\x80\"");
}

TEST(JsonEscapeTest, InvalidUtf8BecomesReplacementCharacters) {
  bool replaced = false;
  EXPECT_EQ(Escaped("a\xFF"
                    "b\xC3",
                    &replaced),
            "\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\"");
  EXPECT_TRUE(replaced);
  EXPECT_EQ(Escaped("\xED\xA0\x80", &replaced), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  Escaped("fine", &replaced);
  EXPECT_FALSE(replaced);
}

TEST(JsonUnescapeTest, Escapes) {
  EXPECT_EQ(Unescaped("plain"), "plain");
  EXPECT_EQ(Unescaped(R"(\"\\\/\b\f\n\r\t)"), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(Unescaped(R"(\u0041\u00e9\u20AC)"), "A\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(Unescaped(R"(\ud83d\ude00)"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(Unescaped(R"(\u0000)"), std::string(1, '\0'));
}

TEST(JsonUnescapeTest, LoneSurrogatesBecomeReplacementCharacters) {
  EXPECT_EQ(Unescaped(R"(a\ud83db)"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(Unescaped(R"(\ude00)"), "\xEF\xBF\xBD");
  EXPECT_EQ(Unescaped(R"(\ud83d\u0041)"),
            "\xEF\xBF\xBD"
            "A");
  EXPECT_EQ(Unescaped(R"(\ud83d\ud83d\ude00)"), "\xEF\xBF\xBD\xF0\x9F\x98\x80");
}

TEST(JsonUnescapeTest, InvalidEscapes) {
  EXPECT_EQ(Unescaped(R"(ab\q)"), "error@2");
  EXPECT_EQ(Unescaped(R"(\u12)"), "error@0");
  EXPECT_EQ(Unescaped(R"(\u12g4)"), "error@0");
  EXPECT_EQ(Unescaped("x\\"), "error@1");
}

TEST(JsonUnescapeTest, ScanFindsTheClosingQuote) {
  testing::PaddedRecord body(R"(abc\"def\\" rest)");
  const char* begin = body.view().data();
  const char* limit = begin + body.view().size();
  JsonStringExtent extent = ScanJsonString(begin, limit);
  ASSERT_NE(extent.end, nullptr);
  EXPECT_EQ(extent.end - begin, 10);
  EXPECT_TRUE(extent.has_escapes);

  testing::PaddedRecord plain(std::string(100, 'x') + "\"");
  extent = ScanJsonString(plain.view().data(), plain.view().data() + plain.view().size());
  EXPECT_EQ(extent.end - plain.view().data(), 100);
  EXPECT_FALSE(extent.has_escapes);

  testing::PaddedRecord open("no quote here");
  extent = ScanJsonString(open.view().data(), open.view().data() + open.view().size());
  EXPECT_EQ(extent.end, nullptr);
  // The quote in the padding lies beyond the limit.
  testing::PaddedRecord cut("abc\"");
  extent = ScanJsonString(cut.view().data(), cut.view().data() + 3);
  EXPECT_EQ(extent.end, nullptr);
}

TEST(JsonUnescapeTest, ScanNotesBytesBeyondAscii) {
  // Only the bytes before the closing quote count, in whichever 16-byte chunk they are.
  auto ascii = [](const std::string& text) {
    testing::PaddedRecord body(text);
    const char* begin = body.view().data();
    JsonStringExtent extent = ScanJsonString(begin, begin + body.view().size());
    EXPECT_NE(extent.end, nullptr) << text;
    return extent.ascii;
  };
  EXPECT_TRUE(ascii(R"(C:\\Windows\\System32" é)"));
  EXPECT_FALSE(ascii("caf\xC3\xA9\" x"));
  EXPECT_FALSE(ascii(std::string(15, 'x') + "\xC3\xA9\""));  // across two chunks
  EXPECT_FALSE(ascii(std::string(40, 'x') + "\xC3\xA9\""));
  EXPECT_TRUE(ascii(std::string(40, 'x') + "\"\xC3\xA9"));
  EXPECT_FALSE(ascii("\xC3\xA9\\\"x\""));  // before an escape
  EXPECT_TRUE(ascii("\""));
}

}  // namespace
}  // namespace scry::runtime
