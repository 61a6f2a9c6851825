#include "stdlib/value_compare.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "stdlib/regex.hpp"
#include "test_values.hpp"

namespace scry {
namespace {

using test::B;
using test::Cidr;
using test::Dur;
using test::F;
using test::I;
using test::Ip;
using test::L;
using test::N;
using test::S;
using test::Ts;

bool Eq(const Value& a, const Value& b, bool ci = false) {
  // Equality is symmetric under every coercion.
  bool ab = CompareValues(a, b, CompareOp::kEq, ci);
  EXPECT_EQ(ab, CompareValues(b, a, CompareOp::kEq, ci));
  return ab;
}
bool Lt(const Value& a, const Value& b) {
  return CompareValues(a, b, CompareOp::kLt, false);
}
bool Le(const Value& a, const Value& b) {
  return CompareValues(a, b, CompareOp::kLe, false);
}
bool Gt(const Value& a, const Value& b) {
  return CompareValues(a, b, CompareOp::kGt, false);
}
bool Ge(const Value& a, const Value& b) {
  return CompareValues(a, b, CompareOp::kGe, false);
}

class CompareTest : public ::testing::Test {
 protected:
  Arena arena_;
};

TEST_F(CompareTest, Numbers) {
  EXPECT_TRUE(Eq(I(3), I(3)));
  EXPECT_TRUE(Eq(I(1), F(1.0)));
  EXPECT_FALSE(Eq(I(1), F(1.5)));
  EXPECT_TRUE(Lt(I(1), F(1.5)));
  EXPECT_TRUE(Gt(F(2.5), I(2)));
  EXPECT_TRUE(Le(I(2), I(2)));
  EXPECT_TRUE(Ge(I(-2), F(-2.5)));
  // Exact even where doubles lose precision: 2^53 + 1 is not 2^53.
  EXPECT_FALSE(Eq(I(9007199254740993), F(9007199254740992.0)));
  EXPECT_TRUE(Gt(I(9007199254740993), F(9007199254740992.0)));
  EXPECT_TRUE(Lt(I(INT64_MAX), F(9223372036854775808.0)));
  EXPECT_TRUE(Gt(I(INT64_MIN), F(-1e19)));
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(Eq(F(nan), F(nan)));
  EXPECT_FALSE(Lt(F(nan), I(1)));
  EXPECT_FALSE(Ge(F(nan), I(1)));
  EXPECT_TRUE(Eq(F(0.0), F(-0.0)));
}

TEST_F(CompareTest, StringsAgainstNumbers) {
  EXPECT_TRUE(Eq(S("3"), I(3)));
  EXPECT_TRUE(Eq(S("3.0"), I(3)));
  EXPECT_TRUE(Eq(S("0x1f"), I(31)));
  EXPECT_TRUE(Eq(S("-3"), F(-3.0)));
  EXPECT_TRUE(Eq(S(" 42 "), I(42)));
  EXPECT_FALSE(Eq(S("abc"), I(0)));
  EXPECT_FALSE(Eq(S(""), I(0)));
  EXPECT_TRUE(Lt(S("10"), I(11)));
  EXPECT_TRUE(Gt(I(11), S("10")));
  EXPECT_TRUE(Lt(S("9"), I(10)));  // numeric, not textual
  EXPECT_FALSE(Lt(S("abc"), I(10)));
  EXPECT_FALSE(Ge(S("abc"), I(10)));
}

TEST_F(CompareTest, StringsAgainstOtherKinds) {
  EXPECT_TRUE(Eq(S("true"), B(true)));
  EXPECT_TRUE(Eq(S("TRUE"), B(true)));
  EXPECT_TRUE(Eq(S("False"), B(false)));
  EXPECT_FALSE(Eq(S("1"), B(true)));
  EXPECT_FALSE(Eq(S("yes"), B(true)));
  EXPECT_TRUE(Eq(S("2024-05-01T10:00:00Z"), Ts("2024-05-01T12:00:00+02:00")));
  EXPECT_TRUE(Eq(S("2024-05-01 10:00:00"), Ts("2024-05-01T10:00:00Z")));
  EXPECT_TRUE(Lt(S("2024-05-01"), Ts("2024-05-01T10:00:00Z")));
  EXPECT_FALSE(Eq(S("yesterday"), Ts("2024-05-01T10:00:00Z")));
  EXPECT_TRUE(Eq(S("5m"), Dur("300s")));
  EXPECT_TRUE(Eq(S("10.0.0.1"), Ip(arena_, "10.0.0.1")));
  EXPECT_TRUE(Eq(S("::ffff:10.0.0.1"), Ip(arena_, "10.0.0.1")));
  EXPECT_TRUE(Eq(S("2001:DB8::1"), Ip(arena_, "2001:db8:0::1")));
  EXPECT_FALSE(Eq(S("10.0.0.01"), Ip(arena_, "10.0.0.1")));
  EXPECT_FALSE(Eq(S("host"), Ip(arena_, "10.0.0.1")));
  EXPECT_TRUE(Lt(S("10.0.0.1"), Ip(arena_, "10.0.0.2")));
  EXPECT_TRUE(Eq(S("10.0.0.0/8"), Cidr(arena_, "10.1.2.3/8")));
}

TEST_F(CompareTest, Strings) {
  EXPECT_TRUE(Eq(S("abc"), S("abc")));
  EXPECT_FALSE(Eq(S("abc"), S("ABC")));
  EXPECT_TRUE(Eq(S("abc"), S("ABC"), true));
  EXPECT_TRUE(Eq(S("Ärger"), S("äRGER"), true));
  EXPECT_FALSE(Eq(S("03"), S("3")));  // two strings compare as text
  EXPECT_TRUE(Lt(S("abc"), S("abd")));
  EXPECT_TRUE(Lt(S("ab"), S("abc")));
  EXPECT_TRUE(CompareValues(S("ABC"), S("abd"), CompareOp::kLt, true));
  EXPECT_TRUE(CompareValues(S("ÄB"), S("äc"), CompareOp::kLt, true));
  EXPECT_FALSE(CompareValues(S("b"), S("A"), CompareOp::kLt, true));
}

TEST_F(CompareTest, IpIsNotCidrContainment) {
  EXPECT_FALSE(Eq(Ip(arena_, "10.1.2.3"), Cidr(arena_, "10.0.0.0/8")));
  EXPECT_TRUE(Eq(Cidr(arena_, "10.0.0.0/8"), Cidr(arena_, "10.9.9.9/8")));
  EXPECT_FALSE(Eq(Cidr(arena_, "10.0.0.0/8"), Cidr(arena_, "10.0.0.0/16")));
  EXPECT_FALSE(Eq(Ip(arena_, "10.0.0.1"), Ip(arena_, "::a00:1")));
}

TEST_F(CompareTest, NullAndMismatchedKinds) {
  EXPECT_TRUE(Eq(N(), N()));
  EXPECT_FALSE(Eq(N(), I(0)));
  EXPECT_FALSE(Eq(N(), S("")));
  EXPECT_FALSE(Le(N(), N()));
  EXPECT_FALSE(Lt(N(), I(1)));
  EXPECT_FALSE(Gt(I(1), N()));
  EXPECT_FALSE(Eq(B(true), I(1)));
  EXPECT_FALSE(Eq(Ts("1970-01-01T00:00:00.000000001Z"), Dur("1ns")));
  EXPECT_FALSE(Eq(I(1), Dur("1ns")));
}

TEST_F(CompareTest, ListsMatchAnyElement) {
  Value list = L(arena_, {S("a"), I(5), N()});
  EXPECT_TRUE(Eq(list, S("a")));
  EXPECT_TRUE(Eq(list, S("5")));
  EXPECT_TRUE(Eq(list, N()));
  EXPECT_FALSE(Eq(list, S("b")));
  EXPECT_TRUE(Gt(list, I(4)));
  EXPECT_FALSE(Gt(list, I(5)));
  EXPECT_TRUE(Eq(list, L(arena_, {S("z"), I(5)})));
  EXPECT_FALSE(Eq(L(arena_, {}), L(arena_, {})));
  EXPECT_TRUE(Eq(L(arena_, {S("ABC")}), S("abc"), true));
}

TEST_F(CompareTest, IsTruthy) {
  EXPECT_TRUE(IsTruthy(B(true)));
  EXPECT_FALSE(IsTruthy(B(false)));
  EXPECT_FALSE(IsTruthy(I(1)));
  EXPECT_FALSE(IsTruthy(S("true")));
  EXPECT_FALSE(IsTruthy(N()));
  EXPECT_TRUE(IsTruthy(L(arena_, {B(false), B(true)})));
  EXPECT_FALSE(IsTruthy(L(arena_, {B(false)})));
}

/// A mixed bag of values of every kind, with duplicates and near-duplicates.
std::vector<Value> RandomValues(Arena& arena, std::mt19937& rng, size_t count) {
  static const char* kStrings[] = {"", "a", "A", "ab", "b", "3", "10", "\xC3\xA4"};
  auto pick = [&](size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
  };
  std::vector<Value> values;
  for (size_t k = 0; k < count; ++k) {
    switch (pick(12)) {
      case 0:
        values.push_back(I(static_cast<int64_t>(pick(7)) - 3));
        break;
      case 1: {
        const double floats[] = {-1.5, 0.0, -0.0, 1.0, 2.5, std::nan(""), 1e300, -1e300};
        values.push_back(F(floats[pick(8)]));
        break;
      }
      case 2:
        values.push_back(S(kStrings[pick(8)]));
        break;
      case 3:
        values.push_back(B(pick(2) == 1));
        break;
      case 4:
        values.push_back(Value::Timestamp(static_cast<int64_t>(pick(3))));
        break;
      case 5:
        values.push_back(Value::Duration(static_cast<int64_t>(pick(3))));
        break;
      case 6:
        values.push_back(Ip(arena, pick(2) ? "10.0.0.1" : "::1"));
        break;
      case 7:
        values.push_back(Cidr(arena, pick(2) ? "10.0.0.0/8" : "10.0.0.0/16"));
        break;
      case 8:
        values.push_back(L(arena, {I(static_cast<int64_t>(pick(2))), S(kStrings[pick(3)])}));
        break;
      case 9:
        values.push_back(L(arena, {}));
        break;
      case 10:
        values.push_back(test::Object(pick(2) ? "{}" : "{\"a\":1}"));
        break;
      default:
        values.push_back(N());
        break;
    }
  }
  return values;
}

TEST_F(CompareTest, OrderValuesKindOrder) {
  std::vector<Value> ascending = {F(-1e300),
                                  I(-1),
                                  F(0.5),
                                  I(1),
                                  F(std::nan("")),
                                  S(""),
                                  S("a"),
                                  B(false),
                                  B(true),
                                  Value::Timestamp(0),
                                  Value::Duration(0),
                                  Ip(arena_, "10.0.0.1"),
                                  Ip(arena_, "::1"),
                                  Cidr(arena_, "10.0.0.0/8"),
                                  Cidr(arena_, "10.0.0.0/16"),
                                  L(arena_, {}),
                                  L(arena_, {I(1)}),
                                  test::Object("{}"),
                                  N()};
  for (size_t a = 0; a < ascending.size(); ++a) {
    for (size_t b = 0; b < ascending.size(); ++b) {
      int expected = a < b ? -1 : a > b ? 1 : 0;
      EXPECT_EQ(OrderValues(ascending[a], ascending[b]), expected) << a << " vs " << b;
    }
  }
  EXPECT_EQ(OrderValues(I(1), F(1.0)), 0);
}

TEST_F(CompareTest, OrderValuesIsAStrictWeakOrder) {
  std::mt19937 rng(42);
  std::vector<Value> values = RandomValues(arena_, rng, 60);
  auto less = [](const Value& a, const Value& b) {
    return OrderValues(a, b) < 0;
  };
  for (const Value& a : values) {
    EXPECT_FALSE(less(a, a));
    for (const Value& b : values) {
      EXPECT_EQ(OrderValues(a, b), -OrderValues(b, a));
      for (const Value& c : values) {
        if (less(a, b) && less(b, c)) {
          ASSERT_TRUE(less(a, c));
        }
        if (OrderValues(a, b) == 0 && OrderValues(b, c) == 0) {
          ASSERT_EQ(OrderValues(a, c), 0);
        }
      }
    }
  }
  std::vector<Value> big = RandomValues(arena_, rng, 5000);
  std::sort(big.begin(), big.end(), less);
  EXPECT_TRUE(std::is_sorted(big.begin(), big.end(), less));
  EXPECT_TRUE(big.back().is_null());
}

TEST_F(CompareTest, IdenticalAndHashAgree) {
  EXPECT_TRUE(ValuesIdentical(I(1), F(1.0)));
  EXPECT_EQ(HashValue(I(1)), HashValue(F(1.0)));
  EXPECT_TRUE(ValuesIdentical(F(0.0), F(-0.0)));
  EXPECT_EQ(HashValue(F(0.0)), HashValue(F(-0.0)));
  EXPECT_TRUE(ValuesIdentical(F(std::nan("")), F(std::nan(""))));
  EXPECT_FALSE(ValuesIdentical(S("1"), I(1)));
  EXPECT_FALSE(ValuesIdentical(S("a"), S("A")));
  EXPECT_FALSE(ValuesIdentical(Value::Timestamp(5), Value::Duration(5)));
  EXPECT_TRUE(ValuesIdentical(L(arena_, {I(1), S("x")}), L(arena_, {F(1.0), S("x")})));
  EXPECT_EQ(HashValue(L(arena_, {I(1), S("x")})), HashValue(L(arena_, {F(1.0), S("x")})));
  EXPECT_FALSE(ValuesIdentical(L(arena_, {I(1)}), L(arena_, {I(1), I(1)})));
  EXPECT_TRUE(ValuesIdentical(Cidr(arena_, "10.1.0.0/8"), Cidr(arena_, "10.0.0.0/8")));
  EXPECT_NE(HashValue(S("a")), HashValue(S("b")));

  std::mt19937 rng(7);
  std::vector<Value> values = RandomValues(arena_, rng, 300);
  for (const Value& a : values) {
    for (const Value& b : values) {
      if (ValuesIdentical(a, b)) {
        ASSERT_EQ(HashValue(a), HashValue(b));
        ASSERT_TRUE(ValuesIdentical(b, a));
      }
    }
  }
}

TEST_F(CompareTest, Regexes) {
  auto regex = Regex::Compile("a+", false);
  ASSERT_TRUE(regex.has_value());
  Value r;
  r.kind = ValueKind::kRegex;
  r.ptr = regex->get();
  EXPECT_TRUE(ValuesIdentical(r, r));
  EXPECT_EQ(HashValue(r), HashValue(r));
  EXPECT_LT(OrderValues(test::Object("{}"), r), 0);
  EXPECT_LT(OrderValues(r, N()), 0);
}

}  // namespace
}  // namespace scry
