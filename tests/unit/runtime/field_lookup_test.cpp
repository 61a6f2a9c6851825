#include "runtime/event/field_lookup.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace scry::runtime {
namespace {

std::vector<uint32_t> Slots(const FieldLookup::Match* match) {
  return match == nullptr ? std::vector<uint32_t>{}
                          : std::vector<uint32_t>(match->slots.begin(), match->slots.end());
}

TEST(FieldLookupTest, EveryDottedPrefixIsAKey) {
  compiler::FieldSlotTable table;
  table.Intern({"a", "b", "c"});
  FieldLookup lookup(table);
  EXPECT_EQ(Slots(lookup.Find(FieldLookup::kRoot, "a.b.c")), std::vector<uint32_t>{0});
  const FieldLookup::Match* a = lookup.Find(FieldLookup::kRoot, "a");
  const FieldLookup::Match* ab = lookup.Find(FieldLookup::kRoot, "a.b");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(ab, nullptr);
  EXPECT_TRUE(a->slots.empty());
  EXPECT_EQ(lookup.Find(FieldLookup::kRoot, "b"), nullptr);
  EXPECT_EQ(lookup.Find(FieldLookup::kRoot, "a.b.c.d"), nullptr);
  // "a" then "b" reaches the same remaining path as "a.b", so they share a node.
  const FieldLookup::Match* a_b = lookup.Find(a->child, "b");
  ASSERT_NE(a_b, nullptr);
  EXPECT_EQ(a_b->child, ab->child);
  EXPECT_EQ(Slots(lookup.Find(ab->child, "c")), std::vector<uint32_t>{0});
  EXPECT_EQ(Slots(lookup.Find(a->child, "b.c")), std::vector<uint32_t>{0});
  EXPECT_EQ(lookup.node_count(), 3u);
}

TEST(FieldLookupTest, PrefixPathsAndReachableSlots) {
  compiler::FieldSlotTable table;
  table.Intern({"a"});
  table.Intern({"a", "b"});
  table.Intern({"a", "c"});
  table.Intern({"d"});
  FieldLookup lookup(table);
  const FieldLookup::Match* a = lookup.Find(FieldLookup::kRoot, "a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(Slots(a), std::vector<uint32_t>{0});
  ASSERT_NE(a->child, FieldLookup::kNoChild);
  auto reachable = lookup.ReachableSlots(a->child);
  EXPECT_EQ(std::vector<uint32_t>(reachable.begin(), reachable.end()),
            (std::vector<uint32_t>{1, 2}));
  auto all = lookup.ReachableSlots(FieldLookup::kRoot);
  EXPECT_EQ(std::vector<uint32_t>(all.begin(), all.end()), (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(lookup.Find(FieldLookup::kRoot, "d")->child, FieldLookup::kNoChild);
}

TEST(FieldLookupTest, SegmentsWithDotsAndEqualJoins) {
  // ["a.b"] and ["a", "b"] are different paths that both end at the key "a.b".
  compiler::FieldSlotTable table;
  table.Intern({"a.b"});
  table.Intern({"a", "b"});
  FieldLookup lookup(table);
  EXPECT_EQ(Slots(lookup.Find(FieldLookup::kRoot, "a.b")), (std::vector<uint32_t>{0, 1}));
}

TEST(FieldLookupTest, LongPathsStayLinear) {
  compiler::FieldSlotTable table;
  compiler::FieldPathSegments path;
  for (int i = 0; i < 24; ++i) {
    path.push_back("s" + std::to_string(i));
  }
  table.Intern(path);
  FieldLookup lookup(table);
  EXPECT_EQ(lookup.node_count(), path.size());
}

TEST(FieldLookupTest, ManyKeysInOneNode) {
  compiler::FieldSlotTable table;
  for (int i = 0; i < 1000; ++i) {
    table.Intern({"field" + std::to_string(i)});
  }
  FieldLookup lookup(table);
  for (uint32_t i = 0; i < 1000; ++i) {
    EXPECT_EQ(Slots(lookup.Find(FieldLookup::kRoot, "field" + std::to_string(i))),
              std::vector<uint32_t>{i});
  }
  EXPECT_EQ(lookup.Find(FieldLookup::kRoot, "field1000"), nullptr);
  EXPECT_EQ(lookup.Find(FieldLookup::kRoot, ""), nullptr);
}

TEST(FieldLookupTest, EmptyTable) {
  compiler::FieldSlotTable table;
  FieldLookup lookup(table);
  EXPECT_EQ(lookup.Find(FieldLookup::kRoot, "a"), nullptr);
  EXPECT_TRUE(lookup.ReachableSlots(FieldLookup::kRoot).empty());
}

}  // namespace
}  // namespace scry::runtime
