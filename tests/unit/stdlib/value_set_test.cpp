#include "stdlib/value_set.hpp"

#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "stdlib/net_value.hpp"
#include "stdlib/value_compare.hpp"
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

class ValueSetTest : public ::testing::Test {
 protected:
  Arena arena_;
};

TEST_F(ValueSetTest, StringsCaseSensitiveAndNot) {
  auto cs = ValueSet::Build({S("cmd.exe"), S("PowerShell.exe")}, false);
  EXPECT_TRUE(cs->Contains(S("cmd.exe")));
  EXPECT_FALSE(cs->Contains(S("CMD.EXE")));
  EXPECT_TRUE(cs->Contains(S("PowerShell.exe")));
  EXPECT_FALSE(cs->Contains(S("powershell.exe")));
  auto ci = ValueSet::Build({S("cmd.exe"), S("PowerShell.exe"), S("ÄRGER")}, true);
  EXPECT_TRUE(ci->Contains(S("CMD.EXE")));
  EXPECT_TRUE(ci->Contains(S("powershell.EXE")));
  EXPECT_TRUE(ci->Contains(S("ärger")));
  EXPECT_FALSE(ci->Contains(S("cmd")));
  EXPECT_EQ(ci->size(), 3u);
}

TEST_F(ValueSetTest, NumbersAndNumericStrings) {
  auto numbers = ValueSet::Build({I(3), F(2.5), I(4624)}, false);
  EXPECT_TRUE(numbers->Contains(I(3)));
  EXPECT_TRUE(numbers->Contains(F(3.0)));
  EXPECT_TRUE(numbers->Contains(S("3")));
  EXPECT_TRUE(numbers->Contains(S("0x3")));
  EXPECT_TRUE(numbers->Contains(S("2.5")));
  EXPECT_TRUE(numbers->Contains(L(arena_, {S("x"), S("4624")})));
  EXPECT_FALSE(numbers->Contains(I(2)));
  EXPECT_FALSE(numbers->Contains(S("three")));
  auto strings = ValueSet::Build({S("3"), S("abc")}, false);
  EXPECT_TRUE(strings->Contains(I(3)));
  EXPECT_TRUE(strings->Contains(F(3.0)));
  EXPECT_FALSE(strings->Contains(S("03")));  // string against string is textual
  EXPECT_FALSE(strings->Contains(I(4)));
}

TEST_F(ValueSetTest, CaseInsensitiveIn) {
  auto set = ValueSet::Build({S("ABC")}, true);
  EXPECT_TRUE(set->Contains(S("abc")));
  EXPECT_TRUE(set->Contains(S("aBc")));
}

TEST_F(ValueSetTest, CidrItemsTestContainment) {
  auto set = ValueSet::Build({Cidr(arena_, "10.0.0.0/8"), Cidr(arena_, "192.168.0.0/16"),
                              Cidr(arena_, "fe80::/10"), Ip(arena_, "8.8.8.8")},
                             false);
  EXPECT_TRUE(set->Contains(Ip(arena_, "10.1.2.3")));
  EXPECT_TRUE(set->Contains(S("10.255.255.255")));
  EXPECT_TRUE(set->Contains(S("192.168.1.1")));
  EXPECT_TRUE(set->Contains(S("::ffff:192.168.1.1")));
  EXPECT_TRUE(set->Contains(S("fe80::1")));
  EXPECT_TRUE(set->Contains(S("8.8.8.8")));
  EXPECT_FALSE(set->Contains(S("11.0.0.1")));
  EXPECT_FALSE(set->Contains(S("192.169.0.1")));
  EXPECT_FALSE(set->Contains(S("8.8.4.4")));
  EXPECT_FALSE(set->Contains(S("not an ip")));
  EXPECT_TRUE(set->Contains(Cidr(arena_, "10.0.0.0/8")));
  EXPECT_FALSE(set->Contains(Cidr(arena_, "10.0.0.0/9")));
  EXPECT_TRUE(set->Contains(L(arena_, {S("1.1.1.1"), S("10.0.0.1")})));
}

TEST_F(ValueSetTest, OtherKinds) {
  auto set = ValueSet::Build({B(true), Ts("2024-05-01T00:00:00Z"), Dur("5m"), N(),
                              test::Object("{\"a\":1}"), L(arena_, {S("x"), I(9)})},
                             false);
  EXPECT_EQ(set->size(), 7u);
  EXPECT_TRUE(set->Contains(B(true)));
  EXPECT_TRUE(set->Contains(S("TRUE")));
  EXPECT_FALSE(set->Contains(B(false)));
  EXPECT_TRUE(set->Contains(S("2024-05-01")));
  EXPECT_TRUE(set->Contains(Ts("2024-05-01T02:00:00+02:00")));
  EXPECT_TRUE(set->Contains(S("300s")));
  EXPECT_TRUE(set->Contains(N()));
  EXPECT_TRUE(set->Contains(test::Object("{\"a\":1}")));
  EXPECT_FALSE(set->Contains(S("{\"a\":1}")));
  EXPECT_TRUE(set->Contains(S("x")));
  EXPECT_TRUE(set->Contains(I(9)));
  EXPECT_FALSE(ValueSet::Build({S("a")}, false)->Contains(N()));
  EXPECT_FALSE(ValueSet::Build({}, false)->Contains(S("")));
}

/// The oracle: membership is CompareValues' equality with some item, or, for CIDR items,
/// containment of the value's address.
bool Oracle(const std::vector<Value>& items, const Value& value, bool ci) {
  if (value.kind == ValueKind::kList) {
    for (uint32_t k = 0; k < value.len; ++k) {
      if (Oracle(items, value.items[k], ci)) {
        return true;
      }
    }
    return false;
  }
  for (const Value& item : items) {
    if (CompareValues(value, item, CompareOp::kEq, ci)) {
      return true;
    }
    std::optional<IpAddress> ip = ValueAsIp(value);
    if (item.kind == ValueKind::kCidr && ip && CidrContains(CidrFromValue(item), *ip)) {
      return true;
    }
  }
  return false;
}

TEST_F(ValueSetTest, AgreesWithCompareValuesOnRandomValues) {
  std::mt19937 rng(2024);
  auto pick = [&](size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
  };
  const std::vector<Value> pool = {S("3"),
                                   S("03"),
                                   S("3.0"),
                                   S("0x3"),
                                   S("abc"),
                                   S("ABC"),
                                   S("Äb"),
                                   S("äB"),
                                   S("true"),
                                   S("TRUE"),
                                   S("5m"),
                                   S("300s"),
                                   S("10.0.0.1"),
                                   S("::1"),
                                   S("10.0.0.0/8"),
                                   S("2024-05-01"),
                                   S("2024-05-01T00:00:00Z"),
                                   S(""),
                                   I(3),
                                   I(0),
                                   F(3.0),
                                   F(2.5),
                                   F(-0.0),
                                   B(true),
                                   B(false),
                                   Dur("5m"),
                                   Ts("2024-05-01T00:00:00Z"),
                                   Ip(arena_, "10.0.0.1"),
                                   Ip(arena_, "10.2.3.4"),
                                   Ip(arena_, "::1"),
                                   Cidr(arena_, "10.0.0.0/8"),
                                   Cidr(arena_, "10.0.0.0/24"),
                                   N(),
                                   test::Object("{}")};
  for (int round = 0; round < 300; ++round) {
    std::vector<Value> items;
    for (size_t k = pick(6); k > 0; --k) {
      items.push_back(pool[pick(pool.size())]);
    }
    for (bool ci : {false, true}) {
      auto set = ValueSet::Build(items, ci);
      for (const Value& value : pool) {
        ASSERT_EQ(set->Contains(value), Oracle(items, value, ci))
            << "round " << round << " value kind " << ValueKindName(value.kind) << " ci " << ci;
      }
    }
  }
}

}  // namespace
}  // namespace scry
