#include "stdlib/case_fold.hpp"

#include <vector>

#include <gtest/gtest.h>
#include <locale.h>
#include <wctype.h>

#include "stdlib/internal/case_tables.hpp"

namespace scry {
namespace {

TEST(CaseFoldTest, IsAscii) {
  EXPECT_TRUE(IsAscii(""));
  EXPECT_TRUE(IsAscii("hello world, this is longer than eight bytes"));
  EXPECT_FALSE(IsAscii("hello w\xC3\xB6rld, this is longer than eight bytes"));
  EXPECT_FALSE(IsAscii("abcdefgh\x80"));
  EXPECT_FALSE(IsAscii("\xFF"));
}

TEST(CaseFoldTest, Table) {
  struct Case {
    std::string_view text;
    std::string_view folded;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"", ""},
           {"ABC xyz 123 !@#", "abc xyz 123 !@#"},
           {"C:\\WINDOWS\\System32\\CMD.EXE", "c:\\windows\\system32\\cmd.exe"},
           {"ÄRGER", "ärger"},
           {"Ärger", "ärger"},
           {"ÀÉÎÕÜ Ø Þ", "àéîõü ø þ"},
           {"ΣΊΣΥΦΟΣ", "σίσυφοσ"},  // simple mapping: no final-sigma context
           {"ς", "ς"},
           {"İstanbul", "istanbul"},
           {"I", "i"},
           {"ПРИВЕТ Мир", "привет мир"},
           {"ЁЖИК", "ёжик"},
           {"ＡＢＣ", "ａｂｃ"},
           {"\u212A", "k"},       // KELVIN SIGN
           {"\u2126", "\u03C9"},  // OHM SIGN
           {"\u1E9E", "\u00DF"},  // capital sharp s
           {"ß", "ß"},
           {"ԱՐՄԵՆ", "արմեն"},
           {"\u10A0\u10A1", "\u2D00\u2D01"},  // Georgian Asomtavruli
           {"\u023A", "\u2C65"},              // 2 bytes folding to 3
           {"Ǆ ǅ", "ǆ ǆ"},
           {"ŁÓDŹ", "łódź"},
           {"𐐀", "𐐨"},  // Deseret, 4 bytes
           {"日本語", "日本語"},
           {"emoji 😀 OK", "emoji 😀 ok"},
       }) {
    EXPECT_EQ(FoldCase(c.text), c.folded) << c.text;
  }
}

// The literal prefilter relies on MayFoldToAscii knowing every non-ASCII character that folds
// to an ASCII one.
TEST(CaseFoldTest, OnlyTwoCharactersFoldToAscii) {
  std::vector<char32_t> into_ascii;
  for (char32_t c = 0x80; c < 0x110000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) {
      continue;
    }
    if (internal::LowerNonAscii(c) < 0x80) {
      into_ascii.push_back(c);
    }
  }
  EXPECT_EQ(into_ascii, (std::vector<char32_t>{0x130, 0x212A}));
  EXPECT_TRUE(MayFoldToAscii("x\xC4\xB0y"));
  EXPECT_TRUE(MayFoldToAscii("\xE2\x84\xAA"));
  EXPECT_FALSE(MayFoldToAscii("\xC3\x84rger ist \xC3\xA4rger"));
}

TEST(CaseFoldTest, InvalidUtf8PassesThrough) {
  EXPECT_EQ(FoldCase("A\xFF"
                     "B"),
            "a\xFF"
            "b");
  EXPECT_EQ(FoldCase("\xC3"), "\xC3");  // truncated
  EXPECT_EQ(FoldCase("\xC3"
                     "A"),
            "\xC3"
            "a");                                               // lead byte, then ASCII
  EXPECT_EQ(FoldCase("\x80\x80Z"), "\x80\x80z");                // stray continuations
  EXPECT_EQ(FoldCase("\xC0\x81"), "\xC0\x81");                  // overlong
  EXPECT_EQ(FoldCase("\xED\xA0\x80"), "\xED\xA0\x80");          // surrogate
  EXPECT_EQ(FoldCase("\xF4\x90\x80\x80"), "\xF4\x90\x80\x80");  // above U+10FFFF
  EXPECT_EQ(FoldCase("\xC3\x84\xFF\xC3\x84"), "\xC3\xA4\xFF\xC3\xA4");
}

TEST(CaseFoldTest, ArenaReturnsTextWhenUnchanged) {
  Arena arena;
  std::string_view lower = "already lower ä";
  EXPECT_EQ(FoldCase(lower, arena).data(), lower.data());
  std::string_view mixed = "Mixed Ä";
  std::string_view folded = FoldCase(mixed, arena);
  EXPECT_NE(folded.data(), mixed.data());
  EXPECT_EQ(folded, "mixed ä");
  EXPECT_EQ(FoldCase("x\u023A", arena), "x\u2C65");
}

TEST(CaseFoldTest, AppendFoldCaseAppends) {
  std::string out = "prefix:";
  AppendFoldCase("ABC", out);
  EXPECT_EQ(out, "prefix:abc");
}

TEST(CaseFoldTest, FoldingIsIdempotent) {
  for (char32_t c = 0x80; c < 0x110000; ++c) {
    char32_t once = internal::LowerNonAscii(c);
    if (once >= 0x80) {
      ASSERT_EQ(internal::LowerNonAscii(once), once) << std::hex << static_cast<uint32_t>(c);
    }
  }
}

// The generated tables must agree with the C library they were generated from, wherever it
// is installed; a mismatch means gen_case_tables.py needs a rerun.
TEST(CaseFoldTest, TablesMatchGlibc) {
  locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  if (utf8 == static_cast<locale_t>(0)) {
    GTEST_SKIP() << "C.UTF-8 locale not installed";
  }
  int mismatches = 0;
  for (char32_t c = 0x80; c < 0x110000 && mismatches < 10; ++c) {
    if (c >= 0xD800 && c < 0xE000) {
      continue;
    }
    auto wc = static_cast<wint_t>(c);
    if (internal::LowerNonAscii(c) != static_cast<char32_t>(towlower_l(wc, utf8))
        || internal::UpperNonAscii(c) != static_cast<char32_t>(towupper_l(wc, utf8))) {
      ADD_FAILURE() << "U+" << std::hex << static_cast<uint32_t>(c);
      ++mismatches;
    }
  }
  freelocale(utf8);
}

}  // namespace
}  // namespace scry
