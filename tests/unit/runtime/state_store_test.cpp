#include "runtime/state/state_store.hpp"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "runtime/state/state_codec.hpp"
#include "tests/unit/runtime/state_test_support.hpp"
#include "tests/unit/runtime/test_support.hpp"

namespace scry::runtime {
namespace {

using testing::KeyValues;
using testing::ReadAllState;
using testing::TempDir;

std::unique_ptr<StateStore> OpenOrFail(const std::string& dir,
                                       const std::vector<std::string>& names) {
  auto store = StateStore::Open(dir, names);
  EXPECT_TRUE(store) << store.error();
  return store ? std::move(*store) : nullptr;
}

Checkpoint SampleCheckpoint(uint64_t events) {
  Checkpoint c;
  c.inputs = {{"events.ndjson", events * 100, events * 2}};
  c.events = events;
  c.max_event_time = static_cast<int64_t>(events) * 1000;
  c.watermark = c.max_event_time - 10;
  c.counters["alerts"] = std::to_string(events / 3);
  return c;
}

TEST(StateStoreTest, WriteAndReopen) {
  TempDir tmp;
  std::string dir = tmp.File("state");
  std::vector<std::string> names = {"rule:a:window", "rule:b:sequence"};
  {
    auto store = OpenOrFail(dir, names);
    ASSERT_TRUE(store);
    EXPECT_FALSE(store->LastCheckpoint());
    EXPECT_TRUE(store->dropped_operators().empty());
    ASSERT_EQ(store->Find("rule:b:sequence"), OperatorId{1});
    EXPECT_FALSE(store->Find("rule:c:window"));

    StateBatch batch(*store);
    batch.Put(OperatorId{0}, "k1", "v1");
    batch.Put(OperatorId{0}, "k2", std::string("v\0two", 5));
    batch.Put(OperatorId{1}, "k1", "other");
    EXPECT_EQ(batch.count(), 3u);
    ASSERT_TRUE(store->Commit(batch, SampleCheckpoint(10)));
    EXPECT_TRUE(batch.empty());
    EXPECT_EQ(store->LastCheckpoint(), SampleCheckpoint(10));

    batch.Delete(OperatorId{0}, "k1");
    batch.Put(OperatorId{0}, "k3", "v3");
    ASSERT_TRUE(store->Commit(batch, SampleCheckpoint(20)));
  }
  auto store = OpenOrFail(dir, names);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->LastCheckpoint(), SampleCheckpoint(20));
  EXPECT_EQ(ReadAllState(*store, OperatorId{0}),
            (KeyValues{{"k2", std::string("v\0two", 5)}, {"k3", "v3"}}));
  EXPECT_EQ(ReadAllState(*store, OperatorId{1}), (KeyValues{{"k1", "other"}}));
}

TEST(StateStoreTest, ForEachWithPrefix) {
  TempDir tmp;
  auto store = OpenOrFail(tmp.File("state"), {"op"});
  ASSERT_TRUE(store);
  StateBatch batch(*store);
  for (std::string key : {"a1", "a2", "b1", "ab", "b"}) {
    batch.Put(OperatorId{0}, key, key + "!");
  }
  ASSERT_TRUE(store->Commit(batch, Checkpoint{}));
  std::vector<std::string> keys;
  ASSERT_TRUE(store->ForEach(
      OperatorId{0}, [&](std::string_view key, std::string_view) { keys.emplace_back(key); }, "a"));
  EXPECT_EQ(keys, (std::vector<std::string>{"a1", "a2", "ab"}));
}

TEST(StateStoreTest, RemovedOperatorsAreDropped) {
  TempDir tmp;
  std::string dir = tmp.File("state");
  {
    auto store = OpenOrFail(dir, {"keep", "gone1", "gone2"});
    ASSERT_TRUE(store);
    StateBatch batch(*store);
    for (uint32_t i = 0; i < 3; ++i) {
      batch.Put(OperatorId{i}, "k", std::to_string(i));
    }
    ASSERT_TRUE(store->Commit(batch, SampleCheckpoint(1)));
  }
  {
    auto store = OpenOrFail(dir, {"new", "keep"});
    ASSERT_TRUE(store);
    EXPECT_EQ(store->dropped_operators(), (std::vector<std::string>{"gone1", "gone2"}));
    EXPECT_EQ(ReadAllState(*store, OperatorId{1}), (KeyValues{{"k", "0"}}));
    EXPECT_TRUE(ReadAllState(*store, OperatorId{0}).empty());
    EXPECT_EQ(store->LastCheckpoint(), SampleCheckpoint(1));
  }
  // Brought back, an operator starts empty: its old state is gone for good.
  auto store = OpenOrFail(dir, {"gone1", "keep"});
  ASSERT_TRUE(store);
  EXPECT_EQ(store->dropped_operators(), (std::vector<std::string>{"new"}));
  EXPECT_TRUE(ReadAllState(*store, OperatorId{0}).empty());
}

TEST(StateStoreTest, ManyOperatorsAddedAndRemovedOverRuns) {
  TempDir tmp;
  std::string dir = tmp.File("state");
  std::vector<std::string> first;
  std::vector<std::string> second;
  for (int i = 0; i < 300; ++i) {
    first.push_back("rule:" + std::to_string(i) + ":window");
    second.push_back("rule:" + std::to_string(i + 100) + ":window");
  }
  {
    auto store = OpenOrFail(dir, first);
    ASSERT_TRUE(store);
    StateBatch batch(*store);
    for (uint32_t i = 0; i < first.size(); ++i) {
      batch.Put(OperatorId{i}, "key", first[i]);
    }
    ASSERT_TRUE(store->Commit(batch, SampleCheckpoint(1)));
  }
  auto store = OpenOrFail(dir, second);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->dropped_operators().size(), 100u);
  for (uint32_t i = 0; i < second.size(); ++i) {
    KeyValues expected;
    if (i < 200) {
      expected["key"] = second[i];  // rules 100..299 were there before
    }
    ASSERT_EQ(ReadAllState(*store, OperatorId{i}), expected) << second[i];
  }
}

TEST(StateStoreTest, DeleteRangeByGroupAndTime) {
  TempDir tmp;
  auto store = OpenOrFail(tmp.File("state"), {"window"});
  ASSERT_TRUE(store);
  OperatorId op{0};
  std::vector<std::vector<std::string>> groups = {{"host1", "alice"}, {"host1"}, {"host2", ""}};
  StateBatch batch(*store);
  for (const auto& group : groups) {
    for (int64_t t = -3; t < 10; ++t) {
      batch.Put(op, EncodeStateKey(group, t * 1000, "x"), "v");
    }
  }
  ASSERT_TRUE(store->Commit(batch, Checkpoint{}));
  batch.DeleteRange(op, GroupRangeBefore(EncodeGroup(groups[0]), 5000));
  batch.DeleteRange(op, GroupRange(EncodeGroup(groups[2])));
  batch.DeleteRange(op, "z", "a");  // inverted: ignored, not an error for the whole batch
  ASSERT_TRUE(store->Commit(batch, Checkpoint{}));

  std::map<std::vector<std::string>, std::vector<int64_t>> left;
  ASSERT_TRUE(store->ForEach(op, [&](std::string_view key, std::string_view) {
    auto decoded = DecodeStateKey(key);
    ASSERT_TRUE(decoded);
    left[decoded->group].push_back(decoded->time / 1000);
  }));
  std::vector<int64_t> all;
  for (int64_t t = -3; t < 10; ++t) {
    all.push_back(t);
  }
  EXPECT_EQ(left, (std::map<std::vector<std::string>, std::vector<int64_t>>{
                      {groups[0], {5, 6, 7, 8, 9}}, {groups[1], all}}));
}

TEST(StateStoreTest, CompactionReclaimsExpiredState) {
  TempDir tmp;
  auto store = OpenOrFail(tmp.File("state"), {"window", "other"});
  ASSERT_TRUE(store);
  OperatorId op{0};
  std::string value(100, 'v');
  for (int round = 0; round < 10; ++round) {
    StateBatch batch(*store);
    for (int g = 0; g < 100; ++g) {
      std::vector<std::string> group = {"host" + std::to_string(g)};
      for (int t = 0; t < 20; ++t) {
        batch.Put(op, EncodeStateKey(group, round * 20 + t), value);
      }
    }
    ASSERT_TRUE(store->Commit(batch, SampleCheckpoint(round)));
  }
  ASSERT_TRUE(store->CompactOperator(op));
  StateStats before = store->Stats();
  ASSERT_EQ(before.operators.size(), 2u);
  EXPECT_EQ(before.operators[0].name, "window");
  EXPECT_NEAR(static_cast<double>(before.operators[0].estimated_keys), 20000, 2000);
  EXPECT_GT(before.operators[0].live_data_bytes, 0u);
  EXPECT_EQ(before.operators[1].estimated_keys, 0u);
  EXPECT_GT(before.disk_bytes, 0u);

  // Expire all but the newest 20 time units of every group.
  StateBatch batch(*store);
  for (int g = 0; g < 100; ++g) {
    std::vector<std::string> group = {"host" + std::to_string(g)};
    batch.DeleteRange(op, GroupRangeBefore(EncodeGroup(group), 180));
  }
  ASSERT_TRUE(store->Commit(batch, SampleCheckpoint(11)));
  ASSERT_TRUE(store->CompactOperator(op));
  StateStats after = store->Stats();
  EXPECT_NEAR(static_cast<double>(after.operators[0].estimated_keys), 2000, 200);
  EXPECT_LT(after.operators[0].live_data_bytes, before.operators[0].live_data_bytes / 4);
  EXPECT_EQ(ReadAllState(*store, op).size(), 2000u);
}

TEST(StateStoreTest, BatchOfAnotherStoreIsRefused) {
  TempDir tmp;
  auto one = OpenOrFail(tmp.File("one"), {"op"});
  auto two = OpenOrFail(tmp.File("two"), {"op"});
  ASSERT_TRUE(one && two);
  StateBatch batch(*one);
  batch.Put(OperatorId{0}, "k", "v");
  auto committed = two->Commit(batch, Checkpoint{});
  ASSERT_FALSE(committed);
  EXPECT_NE(committed.error().find("another store"), std::string::npos);
  EXPECT_FALSE(two->LastCheckpoint());
}

TEST(StateStoreTest, BadNamesAndDirectories) {
  TempDir tmp;
  for (std::vector<std::string> names :
       {std::vector<std::string>{"meta"}, {"default"}, {""}, {"a", "b", "a"}}) {
    auto store = StateStore::Open(tmp.File("state"), names);
    ASSERT_FALSE(store);
    EXPECT_NE(store.error().find("state directory " + tmp.File("state")), std::string::npos)
        << store.error();
  }
  testing::WriteFile(tmp.File("file"), "x");
  auto file = StateStore::Open(tmp.File("file"), {});
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().find("not a directory"), std::string::npos) << file.error();

  std::filesystem::create_directories(tmp.File("home"));
  testing::WriteFile(tmp.File("home/notes.txt"), "x");
  auto foreign = StateStore::Open(tmp.File("home"), {});
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().find("is not empty and holds no scry state"), std::string::npos)
      << foreign.error();
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.File("home")),
                          std::filesystem::directory_iterator()),
            1);

  // An empty directory is fine: `mkdir state` before the first run.
  std::filesystem::create_directories(tmp.File("empty"));
  EXPECT_TRUE(StateStore::Open(tmp.File("empty"), std::vector<std::string>{"op"}));
}

TEST(StateStoreTest, LockedInThisProcess) {
  TempDir tmp;
  auto first = OpenOrFail(tmp.File("state"), {"op"});
  ASSERT_TRUE(first);
  auto second = StateStore::Open(tmp.File("state"), std::vector<std::string>{"op"});
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().find("state directory " + tmp.File("state")
                                + ": is in use by another scry process"),
            std::string::npos)
      << second.error();
}

// The other process of LockedByAnotherProcess: holds the store open until killed.
TEST(StateStoreChild, HoldOpen) {
  const char* dir = std::getenv("SCRY_STATE_CHILD_DIR");
  const char* ready = std::getenv("SCRY_STATE_CHILD_READY");
  if (dir == nullptr || ready == nullptr) {
    GTEST_SKIP() << "runs only as the child process of another test";
  }
  auto store = StateStore::Open(dir, std::vector<std::string>{"op"});
  ASSERT_TRUE(store) << store.error();
  testing::WriteFile(ready, "ready");
  std::this_thread::sleep_for(std::chrono::seconds(60));  // the parent kills it long before
}

TEST(StateStoreTest, LockedByAnotherProcess) {
  TempDir tmp;
  std::string dir = tmp.File("state");
  pid_t child = testing::SpawnTestChild(
      "StateStoreChild.HoldOpen",
      {"SCRY_STATE_CHILD_DIR=" + dir, "SCRY_STATE_CHILD_READY=" + tmp.File("ready")});
  ASSERT_GT(child, 0);
  bool ready = testing::WaitFor([&] { return std::filesystem::exists(tmp.File("ready")); }, 30);
  auto store = StateStore::Open(dir, std::vector<std::string>{"op"});
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_TRUE(ready);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().find("is in use by another scry process"), std::string::npos)
      << store.error();
  // Once that process is gone, the store opens again.
  EXPECT_TRUE(StateStore::Open(dir, std::vector<std::string>{"op"}));
}

}  // namespace
}  // namespace scry::runtime
