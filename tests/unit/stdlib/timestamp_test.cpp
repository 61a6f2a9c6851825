#include "stdlib/timestamp.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace scry {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t k20240501 = 1714521600;  // 2024-05-01T00:00:00Z in seconds

TEST(TimestampTest, ParsesEventFormats) {
  struct Case {
    std::string_view text;
    int64_t ns;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"1970-01-01T00:00:00Z", 0},
           {"2024-05-01", k20240501 * kSecond},
           {"2024-05-01T10:00:00Z", (k20240501 + 36000) * kSecond},
           {"2024-05-01t10:00:00z", (k20240501 + 36000) * kSecond},
           {"2024-05-01T10:00:00", (k20240501 + 36000) * kSecond},
           {"2024-05-01T10:00Z", (k20240501 + 36000) * kSecond},
           {"2024-05-01T10:00", (k20240501 + 36000) * kSecond},
           {"2024-05-01T10:00:00+02:00", (k20240501 + 28800) * kSecond},
           {"2024-05-01T10:00:00-0130", (k20240501 + 36000 + 5400) * kSecond},
           {"2024-05-01T10:00:00+02", (k20240501 + 28800) * kSecond},
           {"2024-05-01T10:00:00.5Z", (k20240501 + 36000) * kSecond + 500'000'000},
           {"2024-05-01T10:00:00.123456+02:00", (k20240501 + 28800) * kSecond + 123'456'000},
           {"2024-05-01T10:00:00.123456789Z", (k20240501 + 36000) * kSecond + 123'456'789},
           {"2020-10-15 13:17:02.333", 1602767822 * kSecond + 333'000'000},
           {"2020-10-15 13:17:02", 1602767822 * kSecond},
           {"2020-10-15 13:17:02,333", 1602767822 * kSecond + 333'000'000},
           {"2024-02-29", 1709164800 * kSecond},
           {"2000-02-29", 951782400 * kSecond},
           {"1969-12-31T23:59:59.5Z", -kSecond / 2},
           {"1900-01-01", -2208988800 * kSecond},
           {"2262-04-11T23:47:16.854775807Z", INT64_MAX},
       }) {
    std::optional<int64_t> ns = ParseTimestamp(c.text);
    ASSERT_TRUE(ns.has_value()) << c.text;
    EXPECT_EQ(*ns, c.ns) << c.text;
  }
}

TEST(TimestampTest, Rejects) {
  for (std::string_view bad : {"",
                               "2024",
                               "2024-05",
                               "2024-5-1",
                               "24-05-01",
                               "2024-13-01",
                               "2024-00-10",
                               "2024-02-30",
                               "2023-02-29",
                               "1900-02-29",
                               "2024-04-31",
                               "2024-05-00",
                               "2024-05-01T",
                               "2024-05-01T24:00",
                               "2024-05-01T10:60",
                               "2024-05-01T10:00:60",
                               "2024-05-01T10:00:00.",
                               "2024-05-01T10:00:00.1234567891Z",
                               "2024-05-01T10:00:00+24:00",
                               "2024-05-01T10:00:00+02:60",
                               "2024-05-01T10:00:00 Z",
                               "2024-05-01X10:00",
                               "2024-05-01T10:00:00Zjunk",
                               "2024-05-01T1:00",
                               "2262-04-12",
                               "1677-09-21",
                               "2024-05-01T10:00:00+2",
                               "May 1 2024"}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
}

TEST(TimestampTest, FormatsWithMinimalFraction) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp((k20240501 + 36000) * kSecond), "2024-05-01T10:00:00Z");
  EXPECT_EQ(FormatTimestamp((k20240501 + 36000) * kSecond + 123'000'000),
            "2024-05-01T10:00:00.123Z");
  EXPECT_EQ(FormatTimestamp(1), "1970-01-01T00:00:00.000000001Z");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59.999999999Z");
  EXPECT_EQ(FormatTimestamp(-kSecond / 2), "1969-12-31T23:59:59.5Z");
  EXPECT_EQ(FormatTimestamp(INT64_MAX), "2262-04-11T23:47:16.854775807Z");
  EXPECT_EQ(FormatTimestamp(INT64_MIN), "1677-09-21T00:12:43.145224192Z");
}

TEST(TimestampTest, RoundTrips) {
  for (int64_t ns : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{951782400} * kSecond + 7,
                     int64_t{1709164800} * kSecond + 120'000'000, INT64_MAX, INT64_MIN,
                     int64_t{-2208988800} * kSecond, int64_t{4102444800} * kSecond - 1}) {
    EXPECT_EQ(ParseTimestamp(FormatTimestamp(ns)), ns) << ns;
  }
  // Every day boundary across four centuries of leap rules.
  for (int64_t day = -100000; day < 100000; day += 37) {
    int64_t ns = day * 86400 * kSecond;
    ASSERT_EQ(ParseTimestamp(FormatTimestamp(ns)), ns) << FormatTimestamp(ns);
  }
}

TEST(DurationTest, Format) {
  constexpr int64_t kMinute = 60 * kSecond;
  constexpr int64_t kHour = 60 * kMinute;
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(250'000'000), "250ms");
  EXPECT_EQ(FormatDuration(5 * kMinute), "5m");
  EXPECT_EQ(FormatDuration(90 * kMinute), "1h30m");
  EXPECT_EQ(FormatDuration(48 * kHour), "2d");
  EXPECT_EQ(FormatDuration(14 * 24 * kHour), "2w");
  EXPECT_EQ(FormatDuration(1'500'000'000), "1s500ms");
  EXPECT_EQ(FormatDuration(1), "1ns");
  EXPECT_EQ(FormatDuration(1'001), "1us1ns");
  EXPECT_EQ(FormatDuration(-5 * kMinute), "-5m");
  EXPECT_EQ(FormatDuration(INT64_MIN), "-15250w1d23h47m16s854ms775us808ns");
}

TEST(DurationTest, Parse) {
  struct Case {
    std::string_view text;
    int64_t ns;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"5m", 300 * kSecond},
           {"1.5h", 5400 * kSecond},
           {"250ms", 250'000'000},
           {"10us", 10'000},
           {"10\u00b5s", 10'000},
           {"10\u03bcs", 10'000},
           {"7ns", 7},
           {"2d", 172800 * kSecond},
           {"1w", 604800 * kSecond},
           {"0s", 0},
           {"-5m", -300 * kSecond},
           {".5s", 500'000'000},
           {"0.1s", 100'000'000},
           {"0.3s", 300'000'000},
           {"1h30m", 5400 * kSecond},
           {"1s500ms", 1'500'000'000},
       }) {
    std::optional<int64_t> ns = ParseDuration(c.text);
    ASSERT_TRUE(ns.has_value()) << c.text;
    EXPECT_EQ(*ns, c.ns) << c.text;
  }
  for (std::string_view bad : {"", "5", "m", "5x", "5 m", "5M", "-", "1.h", "5m-3s", "1e3s",
                               "99999999999999999999w", "16000w", "--5m"}) {
    EXPECT_FALSE(ParseDuration(bad).has_value()) << bad;
  }
}

TEST(EpochTest, UnitFromMagnitude) {
  constexpr int64_t k20240305 = 1709629207;  // 2024-03-05T09:00:07Z in seconds
  EXPECT_EQ(EpochToNanoseconds(k20240305), k20240305 * kSecond);
  EXPECT_EQ(EpochToNanoseconds(k20240305 * 1000 + 123), k20240305 * kSecond + 123'000'000);
  EXPECT_EQ(EpochToNanoseconds(k20240305 * 1'000'000 + 5), k20240305 * kSecond + 5'000);
  EXPECT_EQ(EpochToNanoseconds(k20240305 * kSecond + 7), k20240305 * kSecond + 7);
  // Integers are exact: a double would turn ...07.123 ms into ...07.123000064.
  EXPECT_EQ(EpochToNanoseconds(1709629207123), 1709629207123'000'000);
  EXPECT_EQ(EpochToNanoseconds(1714557600.25), 1714557600'250'000'000);
  EXPECT_EQ(EpochToNanoseconds(-1.5), -1'500'000'000);
  EXPECT_FALSE(EpochToNanoseconds(1e300).has_value());
  EXPECT_FALSE(EpochToNanoseconds(9.3e18).has_value());
  EXPECT_FALSE(EpochToNanoseconds(std::numeric_limits<double>::quiet_NaN()).has_value());
  EXPECT_FALSE(EpochToNanoseconds(int64_t{99'999'999'999}).has_value());  // seconds, too many
}

TEST(DurationTest, FormatReadsBack) {
  for (int64_t ns : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{1'500'000'000},
                     int64_t{93784005006007}, INT64_MAX, INT64_MIN}) {
    EXPECT_EQ(ParseDuration(FormatDuration(ns)), ns) << FormatDuration(ns);
  }
}

}  // namespace
}  // namespace scry
