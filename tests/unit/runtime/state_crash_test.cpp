// Atomicity of Commit under a crash: a child process commits in a loop and is killed with
// SIGKILL at a random moment; on reopening, the state must be exactly the state of the
// checkpoint found, and no commit the child saw succeed may be lost.
#include <csignal>
#include <cstdlib>
#include <string>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/state/state_codec.hpp"
#include "runtime/state/state_store.hpp"
#include "tests/unit/runtime/state_test_support.hpp"
#include "tests/unit/runtime/test_support.hpp"

namespace scry::runtime {
namespace {

using testing::KeyValues;

const std::vector<std::string> kOperators = {"rule:r1:window", "rule:r2:sequence"};

// The changes of commit number `i`, the same whether applied to a StateBatch or to the model.
template <typename Sink>
void ApplyCommit(uint64_t i, Sink& sink) {
  std::vector<std::string> group = {"host" + std::to_string(i % 5), "user"};
  auto time = static_cast<int64_t>(i) * 1000;
  // Values of varying size, some large, so memtables fill and flush during the run.
  std::string value = std::to_string(i) + std::string((i * 37) % 3000, 'x');
  sink.Put(OperatorId{0}, EncodeStateKey(group, time, "a"), value);
  sink.Put(OperatorId{0}, EncodeStateKey(group, time, "b"), "second");
  sink.DeleteRange(OperatorId{0}, GroupRangeBefore(EncodeGroup(group), time - 40000));
  sink.Put(OperatorId{1}, "count", std::to_string(i));
  if (i % 3 == 0) {
    sink.Delete(OperatorId{1}, "not-div-3");
  } else {
    sink.Put(OperatorId{1}, "not-div-3", std::to_string(i));
  }
}

Checkpoint CheckpointOf(uint64_t i) {
  Checkpoint c;
  c.inputs = {{"a.ndjson", i * 97, i}, {"b.ndjson.gz", 0, 0}};
  c.events = i;
  c.max_event_time = static_cast<int64_t>(i) * 1000;
  c.watermark = c.max_event_time - 5000;
  c.counters = {{"commit", std::to_string(i)}};
  return c;
}

struct Model {
  std::vector<KeyValues> ops = std::vector<KeyValues>(kOperators.size());
  void Put(OperatorId op, std::string_view key, std::string_view value) {
    ops[op.index].insert_or_assign(std::string(key), std::string(value));
  }
  void Delete(OperatorId op, std::string_view key) { ops[op.index].erase(std::string(key)); }
  void DeleteRange(OperatorId op, const KeyRange& range) {
    if (range.begin < range.end) {
      auto& kv = ops[op.index];
      kv.erase(kv.lower_bound(range.begin), kv.lower_bound(range.end));
    }
  }
};

StateOptions SmallBuffers() {
  StateOptions options;
  options.write_buffer_bytes = 64 * 1024;  // many flushes within a few hundred commits
  options.total_write_buffer_bytes = 256 * 1024;
  return options;
}

// The child: resumes after the last checkpoint and commits until killed, writing the number
// of each finished commit to a progress file (no fsync: the page cache survives SIGKILL).
TEST(StateStoreChild, CommitForever) {
  const char* dir = std::getenv("SCRY_STATE_CHILD_DIR");
  const char* progress = std::getenv("SCRY_STATE_CHILD_PROGRESS");
  if (dir == nullptr || progress == nullptr) {
    GTEST_SKIP() << "runs only as the child process of another test";
  }
  auto store = StateStore::Open(dir, kOperators, SmallBuffers());
  ASSERT_TRUE(store) << store.error();
  int fd = ::open(progress, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  uint64_t start = (*store)->LastCheckpoint() ? (*store)->LastCheckpoint()->events + 1 : 1;
  StateBatch batch(**store);
  for (uint64_t i = start; i < start + 1'000'000; ++i) {
    ApplyCommit(i, batch);
    ASSERT_TRUE((*store)->Commit(batch, CheckpointOf(i)));
    ASSERT_EQ(::pwrite(fd, &i, sizeof i, 0), static_cast<ssize_t>(sizeof i));
  }
}

uint64_t ReadProgress(const std::string& path) {
  uint64_t done = 0;
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    if (::pread(fd, &done, sizeof done, 0) != static_cast<ssize_t>(sizeof done)) {
      done = 0;
    }
    ::close(fd);
  }
  return done;
}

TEST(StateStoreCrashTest, KilledMidCommitLoopKeepsCheckpointAndStateTogether) {
  testing::TempDir tmp;
  std::string dir = tmp.File("state");
  std::string progress = tmp.File("progress");
  uint64_t last_seen = 0;
  // Several rounds, each killed at a different moment, each resuming the previous one.
  for (int round = 0; round < 4; ++round) {
    std::filesystem::remove(progress);
    pid_t child = testing::SpawnTestChild(
        "StateStoreChild.CommitForever",
        {"SCRY_STATE_CHILD_DIR=" + dir, "SCRY_STATE_CHILD_PROGRESS=" + progress});
    ASSERT_GT(child, 0);
    uint64_t target = last_seen + 150 + 97 * round;
    bool advanced = testing::WaitFor([&] { return ReadProgress(progress) >= target; }, 60);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(advanced) << "the child did not get to commit " << target;
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child ended by itself: status " << status;
    uint64_t acknowledged = ReadProgress(progress);

    auto store = StateStore::Open(dir, kOperators, SmallBuffers());
    ASSERT_TRUE(store) << store.error();
    ASSERT_TRUE((*store)->LastCheckpoint());
    const Checkpoint& checkpoint = *(*store)->LastCheckpoint();
    uint64_t i = checkpoint.events;
    // Nothing acknowledged is lost; at most the commit in flight got in without its ack.
    EXPECT_GE(i, acknowledged);
    EXPECT_LE(i, acknowledged + 1);
    EXPECT_EQ(checkpoint, CheckpointOf(i));
    Model model;
    for (uint64_t j = 1; j <= i; ++j) {
      ApplyCommit(j, model);
    }
    for (uint32_t op = 0; op < kOperators.size(); ++op) {
      auto stored = testing::ReadAllState(**store, OperatorId{op});
      ASSERT_EQ(stored.size(), model.ops[op].size()) << "operator " << op << " at " << i;
      ASSERT_TRUE(stored == model.ops[op]) << "operator " << op << " at " << i;
    }
    last_seen = i;
  }
}

}  // namespace
}  // namespace scry::runtime
