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

}  // namespace
}  // namespace scry
