// The stdlib side of `*` (EvalContext's event-values hook and its C entry point) and of
// `exists` on JSON null (Value::kPresentFlag).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stdlib/eval_context.hpp"
#include "stdlib/native_abi.hpp"
#include "stdlib/value_compare.hpp"
#include "stdlib/value_copy.hpp"
#include "stdlib/value_set.hpp"
#include "test_values.hpp"

namespace scry {
namespace {

using test::I;
using test::N;
using test::S;

// A collector that counts its calls and returns the event's text split at commas.
int g_collections = 0;

Value SplitAtCommas(std::string_view event, EvalContext& ctx) {
  ++g_collections;
  std::vector<Value> parts;
  size_t start = 0;
  for (size_t i = 0; i <= event.size(); ++i) {
    if (i == event.size() || event[i] == ',') {
      parts.push_back(Value::String(event.substr(start, i - start)));
      start = i + 1;
    }
  }
  Value* items = ctx.arena->AllocateArray<Value>(parts.size());
  std::copy(parts.begin(), parts.end(), items);
  return Value::List(items, static_cast<uint32_t>(parts.size()));
}

class EventValuesTest : public ::testing::Test {
 protected:
  void SetUp() override { g_collections = 0; }
  Arena arena_;
  EvalContext ctx_{&arena_, 0, 0};
};

TEST_F(EventValuesTest, NullWithoutAnEvent) {
  Value out = I(1);
  scry_all_values(&ctx_, &out);
  EXPECT_TRUE(out.is_null());
  EXPECT_TRUE(AllEventValues(ctx_).is_null());
}

TEST_F(EventValuesTest, CollectedOnFirstUseAndOncePerEvent) {
  ctx_.SetEvent("a,b,c", &SplitAtCommas);
  EXPECT_EQ(g_collections, 0);  // setting the event reads nothing
  Value out;
  scry_all_values(&ctx_, &out);
  ASSERT_EQ(out.kind, ValueKind::kList);
  ASSERT_EQ(out.len, 3u);
  EXPECT_EQ(out.items[2].as_string(), "c");
  scry_all_values(&ctx_, &out);
  EXPECT_EQ(AllEventValues(ctx_).len, 3u);
  EXPECT_EQ(g_collections, 1);

  ctx_.SetEvent("x", &SplitAtCommas);
  scry_all_values(&ctx_, &out);
  ASSERT_EQ(out.len, 1u);
  EXPECT_EQ(out.items[0].as_string(), "x");
  EXPECT_EQ(g_collections, 2);
}

TEST_F(EventValuesTest, AnArenaResetMakesTheListStale) {
  // The list lives in the arena: whoever resets it mid-event gets a fresh collection, never a
  // dangling one.
  ctx_.SetEvent("a,b", &SplitAtCommas);
  EXPECT_EQ(AllEventValues(ctx_).len, 2u);
  arena_.Reset();
  EXPECT_EQ(AllEventValues(ctx_).len, 2u);
  EXPECT_EQ(g_collections, 2);
}

TEST_F(EventValuesTest, ReachableThroughNativeSymbols) {
  bool found = false;
  for (const NativeSymbol& symbol : NativeSymbols()) {
    if (symbol.name == "scry_all_values") {
      found = symbol.address == reinterpret_cast<void*>(&scry_all_values);
    }
  }
  EXPECT_TRUE(found);
}

TEST(PresentNull, OnlyExistsSeesTheFlag) {
  Value json_null = Value::JsonNull();
  Value absent = N();
  EXPECT_TRUE(json_null.is_null());
  EXPECT_TRUE(json_null.exists());
  EXPECT_FALSE(absent.exists());
  EXPECT_TRUE(S("").exists());
  EXPECT_TRUE(I(0).exists());
  // For everything else the two are the same null.
  EXPECT_TRUE(CompareValues(json_null, absent, CompareOp::kEq, false));
  EXPECT_TRUE(CompareValues(absent, json_null, CompareOp::kEq, true));
  EXPECT_FALSE(CompareValues(json_null, I(0), CompareOp::kEq, false));
  EXPECT_FALSE(CompareValues(json_null, absent, CompareOp::kLt, false));
  EXPECT_EQ(HashValue(json_null), HashValue(absent));
  EXPECT_FALSE(IsTruthy(json_null));
  auto set = ValueSet::Build({N()}, false);
  EXPECT_TRUE(set->Contains(json_null));
}

TEST(PresentNull, CopiesKeepTheFlag) {
  Arena arena;
  Value copy = CopyValue(Value::JsonNull(), arena);
  EXPECT_TRUE(copy.exists());
  Value list = test::L(arena, {Value::JsonNull(), I(1)});
  Value deep = CopyValue(list, arena);
  EXPECT_TRUE(deep.items[0].exists());
  EXPECT_TRUE(deep.items[0].is_null());
}

}  // namespace
}  // namespace scry
