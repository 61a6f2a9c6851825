#include "stdlib/regex.hpp"

#include <gtest/gtest.h>

#include "test_values.hpp"

namespace scry {
namespace {

std::unique_ptr<Regex> MustCompile(std::string_view pattern, bool ci) {
  auto regex = Regex::Compile(pattern, ci);
  EXPECT_TRUE(regex.has_value()) << pattern << ": " << (regex ? "" : regex.error());
  return regex ? std::move(*regex) : nullptr;
}

TEST(RegexTest, UnanchoredSearch) {
  auto regex = MustCompile(R"(-enc(odedcommand)?\s+[A-Za-z0-9+/=]{8,})", false);
  EXPECT_TRUE(regex->Search("powershell.exe -enc SQBFAFgAKABOAGUAdwA="));
  EXPECT_FALSE(regex->Search("powershell.exe -ENC SQBFAFgAKABOAGUAdwA="));
  EXPECT_FALSE(regex->Search("powershell.exe -enc short"));
  EXPECT_TRUE(MustCompile("^abc$", false)->Search("abc"));
  EXPECT_FALSE(MustCompile("^abc$", false)->Search("xabc"));
  EXPECT_TRUE(MustCompile("", false)->Search(""));
}

TEST(RegexTest, CaseInsensitive) {
  auto regex = MustCompile("mimikatz|sekurlsa", true);
  EXPECT_TRUE(regex->case_insensitive());
  EXPECT_EQ(regex->pattern(), "mimikatz|sekurlsa");
  EXPECT_TRUE(regex->Search("Invoke-MIMIKATZ"));
  EXPECT_TRUE(regex->Search("SekurLSA::logonpasswords"));
  EXPECT_TRUE(MustCompile("ärger", true)->Search("ÄRGER"));
}

TEST(RegexTest, CompileErrorsExplainThePattern) {
  for (std::string_view bad : {"(abc", "a{2,1}", "[z-a]", "*a", "(?<name", "\\"}) {
    auto regex = Regex::Compile(bad, false);
    ASSERT_FALSE(regex.has_value()) << bad;
    EXPECT_FALSE(regex.error().empty()) << bad;
  }
  EXPECT_NE(Regex::Compile("(abc", false).error().find("missing )"), std::string::npos);
  // Backreferences are not linear-time, so RE2 refuses them.
  EXPECT_FALSE(Regex::Compile(R"((a)\1)", false).has_value());
}

TEST(RegexTest, Extract) {
  auto regex = MustCompile(R"(user=(\w+)(?: domain=(\w+))?)", false);
  EXPECT_EQ(regex->group_count(), 2);
  std::string_view out;
  ASSERT_TRUE(regex->Extract("login user=alice ok", 1, &out));
  EXPECT_EQ(out, "alice");
  ASSERT_TRUE(regex->Extract("login user=alice ok", 0, &out));
  EXPECT_EQ(out, "user=alice");
  EXPECT_FALSE(regex->Extract("login user=alice ok", 2, &out));  // group did not take part
  ASSERT_TRUE(regex->Extract("user=bob domain=CORP", 2, &out));
  EXPECT_EQ(out, "CORP");
  EXPECT_FALSE(regex->Extract("nothing here", 1, &out));
  EXPECT_FALSE(regex->Extract("user=alice", 3, &out));
  EXPECT_FALSE(regex->Extract("user=alice", -1, &out));
  auto empty_group = MustCompile("a(b*)c", false);
  ASSERT_TRUE(empty_group->Extract("ac", 1, &out));
  EXPECT_EQ(out, "");
}

TEST(RegexTest, MatchRegexValue) {
  Arena arena;
  auto regex = MustCompile(R"(^4[0-9]{3}$)", false);
  EXPECT_TRUE(MatchRegexValue(test::S("4624"), *regex));
  EXPECT_TRUE(MatchRegexValue(test::I(4624), *regex));
  EXPECT_FALSE(MatchRegexValue(test::I(5156), *regex));
  EXPECT_FALSE(MatchRegexValue(test::N(), *regex));
  EXPECT_TRUE(MatchRegexValue(test::L(arena, {test::N(), test::S("x"), test::S("4688")}), *regex));
  EXPECT_FALSE(MatchRegexValue(test::L(arena, {}), *regex));
  auto ip = MustCompile(R"(^10\.)", false);
  EXPECT_TRUE(MatchRegexValue(test::Ip(arena, "10.0.0.1"), *ip));
  auto invalid = MustCompile("b", false);
  EXPECT_TRUE(
      invalid->Search("a\xFF"
                      "b"));
}

}  // namespace
}  // namespace scry
