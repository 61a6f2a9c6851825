#include "stdlib/string_match.hpp"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stdlib/case_fold.hpp"
#include "test_values.hpp"

namespace scry {
namespace {

using test::B;
using test::F;
using test::I;
using test::L;
using test::N;
using test::S;

constexpr StringMatchOp kOps[] = {StringMatchOp::kEquals, StringMatchOp::kContains,
                                  StringMatchOp::kStartsWith, StringMatchOp::kEndsWith};

/// Both matchers, which must agree; the fast one gets the folded pattern as compiled code does.
bool Match(std::string_view text, std::string_view pattern, StringMatchOp op, bool ci) {
  std::string folded = ci ? FoldCase(pattern) : std::string(pattern);
  bool fast = MatchString(text, folded, op, ci);
  bool reference = MatchStringReference(text, pattern, op, ci);
  EXPECT_EQ(fast, reference) << "text '" << text << "' pattern '" << pattern << "' op "
                             << static_cast<int>(op) << " ci " << ci;
  return fast;
}

TEST(StringMatchTest, CaseSensitive) {
  using enum StringMatchOp;
  EXPECT_TRUE(Match("powershell.exe", "powershell.exe", kEquals, false));
  EXPECT_FALSE(Match("PowerShell.exe", "powershell.exe", kEquals, false));
  EXPECT_TRUE(Match("cmd /c whoami", "whoami", kContains, false));
  EXPECT_FALSE(Match("cmd /c WHOAMI", "whoami", kContains, false));
  EXPECT_TRUE(Match("C:\\Windows\\cmd.exe", "C:\\Windows", kStartsWith, false));
  EXPECT_TRUE(Match("C:\\Windows\\cmd.exe", "\\cmd.exe", kEndsWith, false));
  EXPECT_FALSE(Match("cmd.exe", "\\cmd.exe", kEndsWith, false));
}

TEST(StringMatchTest, CaseInsensitive) {
  using enum StringMatchOp;
  EXPECT_TRUE(Match("PowerShell.EXE", "powershell.exe", kEquals, true));
  EXPECT_TRUE(Match("cmd /c WHOAMI /all", "whoami", kContains, true));
  EXPECT_TRUE(Match("C:\\WINDOWS\\system32", "c:\\windows", kStartsWith, true));
  EXPECT_TRUE(Match("C:\\Tools\\MIMIKATZ.EXE", "\\mimikatz.exe", kEndsWith, true));
  EXPECT_TRUE(Match("ÄRGER im Büro", "ärger", kStartsWith, true));
  EXPECT_FALSE(Match("Straße", "STRASSE", kEquals, true));  // simple folding keeps ß
  EXPECT_TRUE(Match("ΣΟΦΊΑ", "σοφία", kEquals, true));
  EXPECT_TRUE(Match("İSTANBUL", "istanbul", kEquals, true));
  EXPECT_TRUE(Match("ПРИВЕТ", "привет", kContains, true));
  EXPECT_TRUE(Match("ＡＢＣ", "ａｂｃ", kEquals, true));
  // Non-ASCII text that folds to ASCII must not take the in-place ASCII path.
  EXPECT_TRUE(Match("\u212Aey", "key", kEquals, true));
  EXPECT_TRUE(Match("a \u212Aey", "key", kContains, true));
  EXPECT_TRUE(Match("\u212Aey", "k", kStartsWith, true));
  EXPECT_TRUE(Match("x\u023A", "x\u2C65", kEndsWith, true));
  EXPECT_TRUE(Match("\u023A", "\u2C65", kStartsWith, true));  // text shorter than pattern
  EXPECT_FALSE(Match("abc", "\u00E4", kContains, true));
}

TEST(StringMatchTest, EmptyPatterns) {
  using enum StringMatchOp;
  for (bool ci : {false, true}) {
    EXPECT_TRUE(Match("anything", "", kContains, ci));
    EXPECT_TRUE(Match("anything", "", kStartsWith, ci));
    EXPECT_TRUE(Match("anything", "", kEndsWith, ci));
    EXPECT_FALSE(Match("anything", "", kEquals, ci));
    EXPECT_TRUE(Match("", "", kEquals, ci));
    EXPECT_TRUE(Match("", "", kContains, ci));
    EXPECT_FALSE(Match("", "a", kContains, ci));
    // A Value made from an empty string_view carries a null pointer.
    EXPECT_FALSE(Match(std::string_view(), "a", kContains, ci));
    EXPECT_TRUE(Match(std::string_view(), "", kEquals, ci));
  }
}

TEST(StringMatchTest, InvalidUtf8) {
  using enum StringMatchOp;
  EXPECT_TRUE(
      Match("A\xFF"
            "B",
            "a\xFF"
            "b",
            kEquals, true));
  EXPECT_TRUE(
      Match("x\xC3"
            "A",
            "\xC3"
            "a",
            kEndsWith, true));
  EXPECT_TRUE(Match("\x80\x80Z", "z", kEndsWith, true));
}

TEST(StringMatchTest, ContainsScansManyCandidates) {
  using enum StringMatchOp;
  std::string text(10000, 'a');
  text += "AAAB";
  EXPECT_TRUE(Match(text, "aaab", kContains, true));
  EXPECT_FALSE(Match(text, "aaac", kContains, true));
  EXPECT_TRUE(Match("xxAxaXaxaB", "ab", kContains, true));
  EXPECT_TRUE(Match("--!-!!", "!!", kContains, true));
  EXPECT_TRUE(Match("ab", "ab", kContains, true));
  EXPECT_FALSE(Match("a", "ab", kContains, true));
}

/// Random strings over fragments chosen to hit every path: ASCII letters in both cases, letters
/// whose folding changes length or leaves ASCII, invalid bytes and truncated sequences.
class RandomText {
 public:
  explicit RandomText(uint32_t seed) : rng_(seed) {}

  std::string Text(size_t max_fragments) {
    static const std::vector<std::string> kFragments = {
        "a",      "A",      "b",      "B",      "k",    "K",    "i",        "I",
        "s",      "S",      " ",      "\\",     ".",    "0",    "1",        "\u00E4",
        "\u00C4", "\u03C3", "\u03A3", "\u03C2", "İ",    "ı",    "\u212A",   "\u00DF",
        "\u1E9E", "\u023A", "\u2C65", "\xFF",   "\xC3", "\x80", "\xE2\x84", "日",
        "ａ",     "Ａ",     "😀",      "ab",     "AB",   "aB"};
    size_t n = std::uniform_int_distribution<size_t>(0, max_fragments)(rng_);
    std::string out;
    for (size_t k = 0; k < n; ++k) {
      out += kFragments[Pick(kFragments.size())];
    }
    return out;
  }

  /// A pattern that often occurs in `text`: a byte slice of it, sometimes case-flipped.
  std::string PatternFor(const std::string& text) {
    switch (Pick(4)) {
      case 0:
        return Text(3);
      case 1: {
        size_t start = Pick(text.size() + 1);
        size_t len = Pick(text.size() - start + 1);
        return text.substr(start, len);
      }
      default: {
        size_t start = Pick(text.size() + 1);
        std::string slice = text.substr(start, Pick(text.size() - start + 1));
        for (char& c : slice) {
          if (Pick(2) == 0 && c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 32);
          } else if (Pick(2) == 0 && c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c + 32);
          }
        }
        return slice;
      }
    }
  }

  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

 private:
  std::mt19937 rng_;
};

TEST(StringMatchTest, FastAgreesWithReferenceOnRandomStrings) {
  RandomText random(12345);
  int matches = 0;
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::string text = random.Text(12);
    std::string pattern = random.PatternFor(text);
    for (StringMatchOp op : kOps) {
      for (bool ci : {false, true}) {
        matches += Match(text, pattern, op, ci);
      }
    }
    if (HasFailure()) {
      break;
    }
  }
  EXPECT_GT(matches, 20000);  // the generator must produce plenty of positives
}

TEST(StringMatchTest, FastAgreesWithReferenceOnLongAsciiText) {
  RandomText random(777);
  for (int iteration = 0; iteration < 2000 && !HasFailure(); ++iteration) {
    std::string text;
    while (text.size() < 200) {
      text += "aAbB.\\ "[random.Pick(7)];
    }
    std::string pattern = random.PatternFor(text).substr(0, 6);
    for (StringMatchOp op : kOps) {
      Match(text, pattern, op, true);
    }
  }
}

TEST(StringMatchTest, FastAgreesWithReferenceOnCandidatesAnywhere) {
  // Candidates are tested 16 starts at a time, then one by one near the end: patterns of one
  // byte up, anywhere in texts of any length, at their ends, overlapping themselves.
  RandomText random(4242);
  int matches = 0;
  for (int iteration = 0; iteration < 5000 && !HasFailure(); ++iteration) {
    std::string text;
    size_t size = random.Pick(60);
    while (text.size() < size) {
      text += "eE -qQ%zZ\\t"[random.Pick(11)];
    }
    std::string pattern = random.PatternFor(text).substr(0, 1 + random.Pick(8));
    matches += Match(text, pattern, StringMatchOp::kContains, true);
  }
  EXPECT_GT(matches, 2000);
}

TEST(StringMatchTest, FoldedTextIsNotReusedForAnotherText) {
  // Non-ASCII text is folded once and kept while the same text comes back: a different text
  // of the same size must be folded anew.
  EXPECT_TRUE(MatchString("ÄBC", "äbc", StringMatchOp::kEquals, true));
  EXPECT_FALSE(MatchString("ÖBC", "äbc", StringMatchOp::kEquals, true));
  EXPECT_TRUE(MatchString("ÖBC", "öbc", StringMatchOp::kEquals, true));
}

class MatchStringValueTest : public ::testing::Test {
 protected:
  /// Fast and reference must agree for values too.
  bool MatchValue(const Value& v, std::string_view pattern, StringMatchOp op, bool ci) {
    std::string folded = ci ? FoldCase(pattern) : std::string(pattern);
    bool fast = MatchStringValue(v, folded, op, ci);
    EXPECT_EQ(fast, MatchStringValueReference(v, pattern, op, ci)) << pattern;
    return fast;
  }
  Arena arena_;
};

TEST_F(MatchStringValueTest, Kinds) {
  using enum StringMatchOp;
  EXPECT_TRUE(MatchValue(S("Hello"), "hello", kEquals, true));
  EXPECT_FALSE(MatchValue(N(), "", kEquals, true));
  EXPECT_FALSE(MatchValue(N(), "", kContains, false));
  EXPECT_TRUE(MatchValue(L(arena_, {S("a.exe"), S("b.dll")}), ".dll", kEndsWith, true));
  EXPECT_FALSE(MatchValue(L(arena_, {S("a.exe"), S("b.dll")}), ".sys", kEndsWith, true));
  EXPECT_FALSE(MatchValue(L(arena_, {}), "", kContains, true));
  EXPECT_TRUE(MatchValue(L(arena_, {N(), I(4624)}), "4624", kEquals, false));
  EXPECT_TRUE(MatchValue(I(4624), "462", kStartsWith, false));
  EXPECT_TRUE(MatchValue(I(-12), "-1", kStartsWith, false));
  EXPECT_TRUE(MatchValue(F(1.5), ".5", kEndsWith, false));
  EXPECT_TRUE(MatchValue(B(true), "TRUE", kEquals, true));
  // Equality compares as `==` does, and a bool parses from "true"/"false" in any case.
  EXPECT_TRUE(MatchValue(B(true), "TRUE", kEquals, false));
  EXPECT_FALSE(MatchValue(B(true), "yes", kEquals, false));
  EXPECT_TRUE(MatchValue(test::Ts("2024-05-01T10:00:00Z"), "2024-05-01 10:00:00", kEquals, false));
  EXPECT_TRUE(MatchValue(test::Ts("2024-05-01T10:00:00Z"), "2024-05-01", kStartsWith, true));
  EXPECT_TRUE(MatchValue(test::Ts("2024-05-01T10:00:00Z"), "2024-05-01T10:00:00Z", kEquals, true));
  EXPECT_TRUE(MatchValue(test::Ip(arena_, "10.1.2.3"), "10.", kStartsWith, false));
  EXPECT_TRUE(MatchValue(test::Ip(arena_, "2001:DB8::1"), "2001:db8::", kStartsWith, false));
  EXPECT_TRUE(MatchValue(test::Dur("5m"), "5m", kEquals, false));
  EXPECT_TRUE(MatchValue(test::Object(R"({"a":"X"})"), "\"x\"", kContains, true));
}

TEST_F(MatchStringValueTest, EqualsOnNumbersIsNumeric) {
  using enum StringMatchOp;
  EXPECT_TRUE(MatchValue(I(1), "1", kEquals, false));
  EXPECT_TRUE(MatchValue(I(1), "1.0", kEquals, false));
  EXPECT_TRUE(MatchValue(F(1.0), "1", kEquals, false));
  EXPECT_TRUE(MatchValue(I(31), "0x1F", kEquals, true));
  EXPECT_TRUE(MatchValue(I(31), "0x1F", kEquals, false));
  EXPECT_TRUE(MatchValue(I(1000), "1e3", kEquals, false));
  EXPECT_FALSE(MatchValue(I(1), "2", kEquals, false));
  EXPECT_FALSE(MatchValue(I(1), "one", kEquals, false));
  // Other operators stay textual.
  EXPECT_FALSE(MatchValue(I(1), "1.0", kStartsWith, false));
  EXPECT_TRUE(MatchValue(F(10.25), "0.2", kContains, false));
}

}  // namespace
}  // namespace scry
