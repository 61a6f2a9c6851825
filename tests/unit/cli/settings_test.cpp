#include "cli/repl/settings.hpp"

#include <gtest/gtest.h>

namespace scry::cli::repl {
namespace {

TEST(Settings, SetsCheckedValues) {
  Settings settings;
  ASSERT_TRUE(settings.Set("lateness", "1m"));
  EXPECT_EQ(settings.lateness_ns, 60LL * 1000000000);
  EXPECT_EQ(settings.lateness, "1m");
  ASSERT_TRUE(settings.Set("format", "csv"));
  EXPECT_EQ(settings.format, runtime::RowFormat::kCsv);
  ASSERT_TRUE(settings.Set("timing", "off"));
  EXPECT_FALSE(settings.timing);
  ASSERT_TRUE(settings.Set("width", "100"));
  EXPECT_EQ(settings.width, 100U);
  ASSERT_TRUE(settings.Set("width", "auto"));
  EXPECT_EQ(settings.width, 0U);
}

TEST(Settings, RejectsBadValuesAndKeepsTheOld) {
  Settings settings;
  auto lateness = settings.Set("lateness", "soon");
  ASSERT_FALSE(lateness);
  EXPECT_NE(lateness.error().find("30s or 5m"), std::string::npos);
  EXPECT_EQ(settings.lateness, "5m");
  EXPECT_FALSE(settings.Set("format", "xml"));
  EXPECT_EQ(settings.format, runtime::RowFormat::kTable);
  EXPECT_FALSE(settings.Set("timing", "maybe"));
  EXPECT_FALSE(settings.Set("sample", "-3"));
  auto unknown = settings.Set("latenes", "1m");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("no setting 'latenes'"), std::string::npos);
}

TEST(Settings, DescribeListsEveryOne) {
  Settings settings;
  ASSERT_TRUE(settings.Set("lateness", "90s"));
  std::string text = settings.Describe();
  for (const std::string& name : Settings::Names()) {
    EXPECT_NE(text.find(name), std::string::npos) << name;
  }
  EXPECT_NE(text.find("lateness  90s"), std::string::npos) << text;
}

}  // namespace
}  // namespace scry::cli::repl
