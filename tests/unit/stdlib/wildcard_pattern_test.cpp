// WildcardPattern must give RE2's answer wherever it answers. Random patterns of the shapes
// Sigma wildcards produce are searched both ways over random texts; RE2 is reached through a
// Regex whose pattern is wrapped in a group, a shape WildcardPattern does not take.
#include "stdlib/wildcard_pattern.hpp"

#include <random>

#include <gtest/gtest.h>

#include "stdlib/case_fold.hpp"
#include "stdlib/regex.hpp"

namespace scry {
namespace {

TEST(WildcardPatternTest, ShapesItTakesAndLeaves) {
  EXPECT_TRUE(WildcardPattern::Parse(R"((?s)^.*ipconfig.*\|.*find.*$)", true));
  EXPECT_TRUE(WildcardPattern::Parse(R"((?s)^.*>.C:\\Temp\\.*$)", false));
  EXPECT_TRUE(WildcardPattern::Parse("(?si)abc", false));
  EXPECT_FALSE(WildcardPattern::Parse("^.*abc.*$", false));  // `.` stops at newlines
  EXPECT_FALSE(WildcardPattern::Parse("(?s)^a[bc]$", false));
  EXPECT_FALSE(WildcardPattern::Parse(R"((?s)^\d+$)", false));
  EXPECT_FALSE(WildcardPattern::Parse("(?s)^a|b$", false));
  EXPECT_FALSE(WildcardPattern::Parse("(?sm)^a$", false));
  EXPECT_FALSE(WildcardPattern::Parse("(?s)^äb$", true));  // folding beyond ASCII
}

TEST(WildcardPatternTest, KnownAnswers) {
  auto pipe = *WildcardPattern::Parse(R"((?s)^.*ipconfig.*\|.*find.*$)", true);
  EXPECT_TRUE(pipe.Search("cmd /c IPCONFIG /all | FIND \"IPv4\""));
  EXPECT_FALSE(pipe.Search("find | ipconfig"));
  EXPECT_FALSE(pipe.Search("ipconfig|fin"));
  auto ends = *WildcardPattern::Parse(R"((?s)^C:\\.*\\cmd.exe$)", false);
  EXPECT_TRUE(ends.Search(R"(C:\Windows\System32\cmd.exe)"));
  EXPECT_TRUE(ends.Search(R"(C:\x\cmdXexe)"));  // `.` is any character
  EXPECT_FALSE(ends.Search(R"(C:\cmd.exe)"));   // the pieces may not overlap
  EXPECT_FALSE(ends.Search(R"(c:\x\cmd.exe)"));
}

// Pieces drawn from characters that case folding, escaping and UTF-8 make interesting.
std::string RandomPattern(std::mt19937& random, std::string& body) {
  static const char* const kTokens[] = {"a", "B",  "ab", R"(\|)", R"(\\)", R"(\.)",
                                        "%", ".*", ".",  "k",     "é",     "ß"};
  std::uniform_int_distribution<int> count(0, 5);
  std::uniform_int_distribution<size_t> token(0, std::size(kTokens) - 1);
  std::bernoulli_distribution coin;
  body.clear();
  if (coin(random)) {
    body += '^';
  }
  for (int n = count(random); n > 0; --n) {
    body += kTokens[token(random)];
  }
  if (coin(random)) {
    body += '$';
  }
  return "(?s)" + body;
}

std::string RandomText(std::mt19937& random) {
  static const char* const kPieces[] = {"a", "A", "b",  "B", "|", "\\",
                                        ".", "%", "\n", "k", "K", "\xE2\x84\xAA" /* Kelvin sign */,
                                        "é", "É", "ß",  "ab"};
  std::uniform_int_distribution<int> count(0, 8);
  std::uniform_int_distribution<size_t> piece(0, std::size(kPieces) - 1);
  std::string text;
  for (int n = count(random); n > 0; --n) {
    text += kPieces[piece(random)];
  }
  return text;
}

TEST(WildcardPatternTest, AgreesWithRe2) {
  std::mt19937 random(20261128);
  std::string body;
  int compared = 0;
  for (int p = 0; p < 3000; ++p) {
    std::string pattern = RandomPattern(random, body);
    bool case_insensitive = (p % 2) == 0;
    auto wildcard = WildcardPattern::Parse(pattern, case_insensitive);
    auto re2 = Regex::Compile("(?s)(?:" + body + ")", case_insensitive);
    ASSERT_TRUE(re2.has_value()) << pattern;
    if (!wildcard) {
      // Only a non-ASCII literal ignoring case is left to RE2.
      EXPECT_TRUE(case_insensitive && !IsAscii(body)) << pattern;
      continue;
    }
    for (int t = 0; t < 40; ++t) {
      std::string text = RandomText(random);
      if (wildcard->needs_ascii() && !IsAscii(text)) {
        continue;
      }
      ++compared;
      EXPECT_EQ(wildcard->Search(text), (*re2)->Search(text))
          << "pattern " << pattern << (case_insensitive ? " (ignoring case)" : "") << ", text '"
          << text << "'";
    }
  }
  EXPECT_GT(compared, 20000);
}

}  // namespace
}  // namespace scry
