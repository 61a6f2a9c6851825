#include "stdlib/arithmetic.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "test_values.hpp"

namespace scry {
namespace {

using test::Dur;
using test::F;
using test::I;
using test::N;
using test::S;
using test::Ts;

class ArithmeticTest : public ::testing::Test {
 protected:
  Value Run(ArithOp op, const Value& a, const Value& b) { return Arithmetic(ctx_, op, a, b); }
  /// Null with exactly one more data error.
  void ExpectDataError(ArithOp op, const Value& a, const Value& b) {
    uint64_t before = ctx_.data_errors;
    EXPECT_TRUE(Run(op, a, b).is_null());
    EXPECT_EQ(ctx_.data_errors, before + 1);
  }
  Arena arena_;
  EvalContext ctx_{&arena_, 0, 0};
};

void ExpectInt(const Value& v, int64_t expected) {
  EXPECT_EQ(v.kind, ValueKind::kInt);
  EXPECT_EQ(v.i, expected);
}

void ExpectFloat(const Value& v, double expected) {
  EXPECT_EQ(v.kind, ValueKind::kFloat);
  EXPECT_DOUBLE_EQ(v.f, expected);
}

TEST_F(ArithmeticTest, Integers) {
  using enum ArithOp;
  ExpectInt(Run(kAdd, I(2), I(3)), 5);
  ExpectInt(Run(kSub, I(2), I(3)), -1);
  ExpectInt(Run(kMul, I(-4), I(3)), -12);
  ExpectInt(Run(kDiv, I(7), I(2)), 3);
  ExpectInt(Run(kDiv, I(-7), I(2)), -3);
  ExpectInt(Run(kMod, I(7), I(3)), 1);
  ExpectInt(Run(kMod, I(-7), I(3)), -1);
  ExpectInt(Run(kMod, I(INT64_MIN), I(-1)), 0);
  EXPECT_EQ(ctx_.data_errors, 0u);
}

TEST_F(ArithmeticTest, IntegerOverflowIsADataError) {
  using enum ArithOp;
  ExpectDataError(kAdd, I(INT64_MAX), I(1));
  ExpectDataError(kSub, I(INT64_MIN), I(1));
  ExpectDataError(kMul, I(INT64_MAX / 2 + 1), I(2));
  ExpectDataError(kDiv, I(INT64_MIN), I(-1));
  uint64_t before = ctx_.data_errors;
  EXPECT_TRUE(Negate(ctx_, I(INT64_MIN)).is_null());
  EXPECT_EQ(ctx_.data_errors, before + 1);
}

TEST_F(ArithmeticTest, DivisionByZero) {
  using enum ArithOp;
  ExpectDataError(kDiv, I(1), I(0));
  ExpectDataError(kMod, I(1), I(0));
  ExpectDataError(kDiv, F(1.0), F(0.0));
  ExpectDataError(kMod, F(1.5), I(0));
  ExpectDataError(kDiv, Dur("5m"), I(0));
}

TEST_F(ArithmeticTest, FloatsAndStrings) {
  using enum ArithOp;
  ExpectFloat(Run(kAdd, I(1), F(0.5)), 1.5);
  ExpectFloat(Run(kDiv, F(7.0), I(2)), 3.5);
  ExpectFloat(Run(kMod, F(7.5), I(2)), 1.5);
  ExpectFloat(Run(kMul, F(1e308), F(10)), INFINITY);
  ExpectInt(Run(kAdd, S("40"), I(2)), 42);
  ExpectInt(Run(kMul, S("0x10"), S("2")), 32);
  ExpectFloat(Run(kSub, S("2.5"), I(1)), 1.5);
  ExpectDataError(kAdd, S("abc"), I(1));
  ExpectDataError(kAdd, test::B(true), I(1));
  ExpectFloat(Negate(ctx_, F(2.5)), -2.5);
  ExpectInt(Negate(ctx_, S("7")), -7);
}

TEST_F(ArithmeticTest, NullPropagatesWithoutError) {
  using enum ArithOp;
  EXPECT_TRUE(Run(kAdd, N(), I(1)).is_null());
  EXPECT_TRUE(Run(kDiv, I(1), N()).is_null());
  EXPECT_TRUE(Negate(ctx_, N()).is_null());
  EXPECT_EQ(ctx_.data_errors, 0u);
}

TEST_F(ArithmeticTest, TimesAndDurations) {
  using enum ArithOp;
  Value t = Ts("2024-05-01T10:00:00Z");
  Value r = Run(kAdd, t, Dur("5m"));
  EXPECT_EQ(r.kind, ValueKind::kTimestamp);
  EXPECT_EQ(r.i, Ts("2024-05-01T10:05:00Z").i);
  r = Run(kAdd, Dur("1h"), t);
  EXPECT_EQ(r.kind, ValueKind::kTimestamp);
  EXPECT_EQ(r.i, Ts("2024-05-01T11:00:00Z").i);
  r = Run(kSub, t, Dur("1d"));
  EXPECT_EQ(r.i, Ts("2024-04-30T10:00:00Z").i);
  r = Run(kSub, Ts("2024-05-01T10:05:00Z"), t);
  EXPECT_EQ(r.kind, ValueKind::kDuration);
  EXPECT_EQ(r.i, Dur("5m").i);
  r = Run(kAdd, Dur("1h"), Dur("30m"));
  EXPECT_EQ(r.kind, ValueKind::kDuration);
  EXPECT_EQ(r.i, Dur("90m").i);
  r = Run(kMul, Dur("5m"), I(3));
  EXPECT_EQ(r.kind, ValueKind::kDuration);
  EXPECT_EQ(r.i, Dur("15m").i);
  r = Run(kMul, I(2), Dur("1h"));
  EXPECT_EQ(r.i, Dur("2h").i);
  r = Run(kDiv, Dur("1h"), I(4));
  EXPECT_EQ(r.i, Dur("15m").i);
  r = Negate(ctx_, Dur("5m"));
  EXPECT_EQ(r.kind, ValueKind::kDuration);
  EXPECT_EQ(r.i, Dur("-5m").i);
  EXPECT_EQ(ctx_.data_errors, 0u);
  ExpectDataError(kAdd, t, t);
  ExpectDataError(kSub, Dur("1m"), t);
  ExpectDataError(kAdd, t, I(1));
  ExpectDataError(kMul, Dur("1m"), F(1.5));
  ExpectDataError(kAdd, Value::Timestamp(INT64_MAX), Dur("1ns"));
}

}  // namespace
}  // namespace scry
