#include "function_fixture.hpp"

namespace scry {
namespace {

using test::Dur;
using test::F;
using test::I;
using test::N;
using test::S;
using test::Ts;

using TimeFunctionsTest = test::FunctionTest;

TEST_F(TimeFunctionsTest, Now) {
  ctx_.now_ns = 1714557600'000000000;
  Value now = Call("now", {});
  EXPECT_EQ(now.kind, ValueKind::kTimestamp);
  EXPECT_EQ(now.i, ctx_.now_ns);
  EXPECT_FALSE(FunctionRegistry::Builtins().Find("now")->pure);
}

TEST_F(TimeFunctionsTest, ToTime) {
  const std::string expected = R"("2024-05-01T10:00:00Z")";
  EXPECT_EQ(CallJson("to_time", {S("2024-05-01T12:00:00+02:00")}), expected);
  EXPECT_EQ(CallJson("to_time", {I(1714557600)}), expected);           // seconds
  EXPECT_EQ(CallJson("to_time", {I(1714557600000)}), expected);        // milliseconds
  EXPECT_EQ(CallJson("to_time", {I(1714557600000000)}), expected);     // microseconds
  EXPECT_EQ(CallJson("to_time", {I(1714557600000000000)}), expected);  // nanoseconds
  EXPECT_EQ(CallJson("to_time", {S("1714557600")}), expected);
  EXPECT_EQ(CallJson("to_time", {F(1714557600.25)}), R"("2024-05-01T10:00:00.25Z")");
  EXPECT_EQ(CallJson("to_time", {F(1714557600.123456)}), R"("2024-05-01T10:00:00.123456Z")");
  EXPECT_EQ(CallJson("to_time", {F(1714557600123.5)}), R"("2024-05-01T10:00:00.1235Z")");
  EXPECT_EQ(CallJson("to_time", {F(-1.5)}), R"("1969-12-31T23:59:58.5Z")");
  EXPECT_EQ(CallJson("to_time", {I(0)}), R"("1970-01-01T00:00:00Z")");
  EXPECT_EQ(CallJson("to_time", {I(-86400)}), R"("1969-12-31T00:00:00Z")");
  EXPECT_EQ(CallJson("to_time", {Ts("2024-05-01T10:00:00Z")}), expected);
  EXPECT_EQ(CallJson("to_time", {N()}), "null");
  EXPECT_EQ(ctx_.data_errors, 0u);
  ExpectDataError("to_time", {S("yesterday")});
  ExpectDataError("to_time", {S("2024-02-30")});
  ExpectDataError("to_time", {F(std::numeric_limits<double>::infinity())});
  ExpectDataError("to_time", {test::B(true)});
  // Beyond the int64 nanosecond range: an error, not the epoch.
  ExpectDataError("to_time", {F(1e300)});
  ExpectDataError("to_time", {S("9223372036854775808")});
}

TEST_F(TimeFunctionsTest, FormatTime) {
  EXPECT_EQ(CallJson("format_time", {Ts("2024-05-01T10:00:00.120Z")}),
            R"("2024-05-01T10:00:00.12Z")");
  EXPECT_EQ(Call("format_time", {Ts("2024-05-01")}).kind, ValueKind::kString);
  EXPECT_EQ(CallJson("format_time", {S("2020-10-15 13:17:02.333")}),
            R"("2020-10-15T13:17:02.333Z")");
  EXPECT_EQ(CallJson("format_time", {N()}), "null");
  ExpectDataError("format_time", {S("nope")});
}

TEST_F(TimeFunctionsTest, Bin) {
  EXPECT_EQ(CallJson("bin", {Ts("2024-05-01T10:07:31.5Z"), Dur("5m")}),
            R"("2024-05-01T10:05:00Z")");
  EXPECT_EQ(CallJson("bin", {Ts("2024-05-01T10:07:31Z"), Dur("1d")}), R"("2024-05-01T00:00:00Z")");
  EXPECT_EQ(CallJson("bin", {Ts("2024-05-01T10:05:00Z"), Dur("5m")}), R"("2024-05-01T10:05:00Z")");
  EXPECT_EQ(CallJson("bin", {Ts("1969-12-31T23:59:59Z"), Dur("1h")}), R"("1969-12-31T23:00:00Z")");
  EXPECT_EQ(CallJson("bin", {S("2024-05-01T10:07:31Z"), S("1h")}), R"("2024-05-01T10:00:00Z")");
  EXPECT_EQ(CallJson("bin", {N(), Dur("1h")}), "null");
  ExpectDataError("bin", {Ts("2024-05-01"), Dur("0s")});
  ExpectDataError("bin", {Ts("2024-05-01"), Dur("-5m")});
  ExpectDataError("bin", {Ts("2024-05-01"), S("soon")});
  ExpectDataError("bin", {Value::Timestamp(INT64_MIN), Dur("7d")});
}

TEST_F(TimeFunctionsTest, Parts) {
  Value t = Ts("2024-05-01T10:07:31.5Z");
  EXPECT_EQ(CallJson("minute", {t}), "7");
  EXPECT_EQ(CallJson("hour", {t}), "10");
  EXPECT_EQ(CallJson("day", {t}), "1");
  EXPECT_EQ(CallJson("week", {t}), "18");
  EXPECT_EQ(CallJson("month", {t}), "5");
  EXPECT_EQ(CallJson("year", {t}), "2024");
  EXPECT_EQ(Call("hour", {t}).kind, ValueKind::kInt);
  // In UTC whatever the zone the text was written in.
  EXPECT_EQ(CallJson("hour", {S("2024-05-01T01:30:00+02:00")}), "23");
  EXPECT_EQ(CallJson("day", {S("2024-05-01T01:30:00+02:00")}), "30");
  EXPECT_EQ(CallJson("month", {S("2024-05-01T01:30:00+02:00")}), "4");
  // Strings and epoch numbers are read as to_time reads them.
  EXPECT_EQ(CallJson("year", {S("2020-10-15 13:17:02.333")}), "2020");
  EXPECT_EQ(CallJson("minute", {S("2020-10-15 13:17:02.333")}), "17");
  EXPECT_EQ(CallJson("hour", {I(1714557600)}), "10");
  EXPECT_EQ(CallJson("hour", {I(1714557600123)}), "10");
  EXPECT_EQ(CallJson("day", {F(1714557600.5)}), "1");
  EXPECT_EQ(CallJson("month", {S("1714557600")}), "5");
  // Before the epoch.
  EXPECT_EQ(CallJson("year", {I(-1)}), "1969");
  EXPECT_EQ(CallJson("minute", {I(-1)}), "59");
  EXPECT_EQ(CallJson("day", {Ts("1969-12-31T23:59:59.999Z")}), "31");
  EXPECT_EQ(ctx_.data_errors, 0u);
}

TEST_F(TimeFunctionsTest, PartsOfNullAndBadInput) {
  for (const char* name : {"minute", "hour", "day", "week", "month", "year"}) {
    SCOPED_TRACE(name);
    uint64_t before = ctx_.data_errors;
    EXPECT_EQ(CallJson(name, {N()}), "null");
    EXPECT_EQ(CallJson(name, {Value::JsonNull()}), "null");
    EXPECT_EQ(ctx_.data_errors, before);  // null is not bad data
    ExpectDataError(name, {S("yesterday")});
    ExpectDataError(name, {S("2024-02-30")});
    ExpectDataError(name, {test::B(true)});
    ExpectDataError(name, {F(1e300)});
    const FunctionDef* def = FunctionRegistry::Builtins().Find(name);
    ASSERT_NE(def, nullptr);
    EXPECT_TRUE(def->pure);
    EXPECT_EQ(def->result, Type::Of(TypeKind::kInt));
  }
}

TEST_F(TimeFunctionsTest, IsoWeeksAtYearBoundaries) {
  struct Case {
    const char* date;
    const char* week;
  };
  for (const Case& c : {
           Case{"2024-01-01", "1"},   // a Monday: week 1 starts the year
           Case{"2023-01-01", "52"},  // a Sunday: the last week of 2022
           Case{"2023-01-02", "1"},
           Case{"2021-01-03", "53"},  // 2020 had 53 weeks (it began on a Thursday)
           Case{"2021-01-04", "1"},
           Case{"2020-12-31", "53"},
           Case{"2019-12-30", "1"},  // a Monday that belongs to week 1 of 2020
           Case{"2019-12-29", "52"},
           Case{"2026-01-01", "1"},   // a Thursday
           Case{"2027-01-01", "53"},  // a Friday: still 2026's week 53
           Case{"2015-12-31", "53"},
           Case{"2016-01-03", "53"},
           Case{"2016-01-04", "1"},
           Case{"2024-12-30", "1"},  // Monday of week 1 of 2025
           Case{"2024-12-29", "52"},
           Case{"1970-01-01", "1"},
           Case{"1969-12-29", "1"},
           Case{"1969-12-28", "52"},
       }) {
    EXPECT_EQ(CallJson("week", {Ts(c.date)}), c.week) << c.date;
    EXPECT_EQ(CallJson("week", {Ts(std::string(c.date) + "T23:59:59.999Z")}), c.week) << c.date;
  }
}

}  // namespace
}  // namespace scry
