#include "stdlib/native_abi.hpp"

#include <gtest/gtest.h>

#include "stdlib/arithmetic.hpp"
#include "stdlib/case_fold.hpp"
#include "stdlib/string_match.hpp"
#include "stdlib/value_compare.hpp"
#include "test_values.hpp"

namespace scry {
namespace {

using test::I;
using test::L;
using test::N;
using test::S;

constexpr uint32_t kCi = 0x100;

TEST(NativeAbiTest, Compare) {
  Value a = S("ABC");
  Value b = S("abc");
  EXPECT_FALSE(scry_compare(&a, &b, static_cast<uint32_t>(CompareOp::kEq)));
  EXPECT_TRUE(scry_compare(&a, &b, static_cast<uint32_t>(CompareOp::kEq) | kCi));
  Value three = S("3");
  Value four = I(4);
  EXPECT_TRUE(scry_compare(&three, &four, static_cast<uint32_t>(CompareOp::kLt)));
  EXPECT_TRUE(scry_compare(&four, &three, static_cast<uint32_t>(CompareOp::kGe)));
}

TEST(NativeAbiTest, StringMatch) {
  Value v = S("C:\\Windows\\System32\\CMD.EXE");
  std::string pattern = FoldCase("\\cmd.exe");
  EXPECT_TRUE(scry_string_match(&v, pattern.data(), static_cast<uint32_t>(pattern.size()),
                                static_cast<uint32_t>(StringMatchOp::kEndsWith) | kCi));
  EXPECT_FALSE(scry_string_match(&v, pattern.data(), static_cast<uint32_t>(pattern.size()),
                                 static_cast<uint32_t>(StringMatchOp::kEndsWith)));
  EXPECT_TRUE(scry_string_match(&v, "", 0, static_cast<uint32_t>(StringMatchOp::kContains)));
}

TEST(NativeAbiTest, RegexSetListTruthy) {
  Arena arena;
  auto regex = Regex::Compile("^a+$", true);
  Value aaa = S("AAA");
  EXPECT_TRUE(scry_regex_match(&aaa, regex->get()));
  auto set = ValueSet::Build({S("x"), I(3)}, true);
  Value x = S("X");
  Value three = S("3");
  Value y = S("y");
  EXPECT_TRUE(scry_in_set(&x, set.get()));
  EXPECT_TRUE(scry_in_set(&three, set.get()));
  EXPECT_FALSE(scry_in_set(&y, set.get()));
  Value list = L(arena, {S("a"), I(3)});
  EXPECT_TRUE(scry_in_list(&three, &list, 0));
  EXPECT_FALSE(scry_in_list(&x, &list, 1));
  Value upper_a = S("A");
  EXPECT_TRUE(scry_in_list(&upper_a, &list, 1));
  EXPECT_FALSE(scry_in_list(&upper_a, &list, 0));
  Value t = Value::Bool(true);
  EXPECT_TRUE(scry_truthy(&t));
  Value n = N();
  EXPECT_FALSE(scry_truthy(&n));
}

TEST(NativeAbiTest, ArithNegateMakeList) {
  Arena arena;
  EvalContext ctx{&arena, 0, 0};
  Value a = I(40);
  Value b = S("2");
  Value out;
  scry_arith(&ctx, &a, &b, static_cast<uint32_t>(ArithOp::kAdd), &out);
  EXPECT_EQ(out.kind, ValueKind::kInt);
  EXPECT_EQ(out.i, 42);
  Value zero = I(0);
  scry_arith(&ctx, &a, &zero, static_cast<uint32_t>(ArithOp::kDiv), &out);
  EXPECT_TRUE(out.is_null());
  EXPECT_EQ(ctx.data_errors, 1u);
  scry_negate(&ctx, &a, &out);
  EXPECT_EQ(out.i, -40);
  const Value* items[] = {&a, &b};
  scry_make_list(&ctx, items, 2, &out);
  ASSERT_EQ(out.kind, ValueKind::kList);
  ASSERT_EQ(out.len, 2u);
  EXPECT_EQ(out.items[0].i, 40);
  EXPECT_EQ(out.items[1].as_string(), "2");
  scry_make_list(&ctx, nullptr, 0, &out);
  EXPECT_EQ(out.kind, ValueKind::kList);
  EXPECT_EQ(out.len, 0u);
}

}  // namespace
}  // namespace scry
