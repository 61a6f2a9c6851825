// The parallel engine against one thread: the same records through ParallelDetector with
// several worker counts and tiny batches (so batches finish out of order and the bound is hit)
// give byte for byte the alerts and dead letters of one Detector fed the records in order.
// Both kinds of source: records kept in memory (views) and files read in blocks (copies).
#include "runtime/engine/parallel_detector.hpp"

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "compiler/driver/compile.hpp"
#include "runtime/engine/detector.hpp"
#include "runtime/engine/event_pump.hpp"
#include "runtime/input/input_sequence.hpp"
#include "runtime/input/memory_records.hpp"
#include "test_support.hpp"

namespace scry::runtime {
namespace {

constexpr const char* kRules = R"(
  rule whoami { where Image endswith r"\whoami.exe" }
  rule keyword { where * contains "mimikatz" }
  rule extended { where EventID == 4688 | extend user = lower(SubjectUserName) }
  rule projected { where EventID == 1 | project img = Image, id = EventID }
  rule clock { where EventID == 7 | extend t = now() }
)";

// Events of every kind the rules care about, some malformed, repeated so that there are many
// batches.
std::string Input() {
  const std::vector<std::string> lines = {
      R"({"EventID":1,"Image":"C:\\Windows\\System32\\whoami.exe"})",
      R"({"EventID":4688,"SubjectUserName":"ADMIN","CommandLine":"mimikatz.exe"})",
      R"({"EventID":7,"Image":"x"})",
      R"({"EventID":1,"Image":"C:\\a.exe", "broken": })",
      R"(not json at all)",
      R"({"EventID":3,"Message":"nothing to see"})",
      "{\"EventID\":1,\"Image\":\"bad \xff utf8\"}",
      R"({"EventID":1,"Image":"C:\\b.exe","@timestamp":"2024-05-01T10:00:00Z"})",
  };
  std::string text;
  for (int copy = 0; copy < 40; ++copy) {
    for (const std::string& line : lines) {
      text += line;
      text += '\n';
    }
    text += "\n";  // blank lines count for line numbers
  }
  return text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Output {
  std::string alerts;
  std::string dead_letters;
  uint64_t events = 0;
  uint64_t malformed = 0;
  uint64_t alert_count = 0;
};

class ParallelDetectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const lang::Source& file = sources_.Add("<rules>", kRules);
    lang::DiagnosticList diagnostics;
    compilation_ = compiler::CompileRuleSet({&file}, diagnostics, compiler::CompileOptions{});
    ASSERT_TRUE(compilation_ && compilation_->rules_failed == 0) << diagnostics.Render();
    time_ = std::make_unique<EventTimeReader>(compilation_->plan->fields);
    input_path_ = dir_.File("events.ndjson");
    testing::WriteFile(input_path_, Input());
  }

  // Today's loop: EventPump and one Detector.
  Output OneThread() {
    Output out;
    std::ostringstream alerts;
    auto dead_letters = DeadLetterWriter::Open(dir_.File("one.dlq"));
    EXPECT_TRUE(dead_letters.has_value());
    {
      AlertWriter writer(alerts);
      Detector detector(*compilation_->plan, *compilation_->program, *time_, writer, {});
      EventPump pump(compilation_->plan->fields, **dead_letters);
      Arena arena;
      EvalContext ctx;
      ctx.arena = &arena;
      int64_t now = 0;
      auto run = pump.Run({input_path_}, ctx, [&](const InputRecord& record, const Value* fields) {
        ctx.now_ns = kStart + ++now * tick_;
        detector.Process(record.text, fields, ctx);
        return true;
      });
      EXPECT_TRUE(run.has_value());
      out.events = pump.summary().events;
      out.malformed = pump.summary().malformed;
      out.alert_count = detector.alerts();
    }
    dead_letters->reset();
    out.alerts = alerts.str();
    out.dead_letters = ReadFile(dir_.File("one.dlq"));
    return out;
  }

  Output Parallel(RecordSource& source, ParallelSettings settings) {
    Output out;
    std::ostringstream alerts;
    auto dead_letters = DeadLetterWriter::Open(dir_.File("parallel.dlq"));
    EXPECT_TRUE(dead_letters.has_value());
    {
      ParallelDetector parallel(*compilation_->plan, *compilation_->program, *time_, settings);
      // Ticks per record, malformed ones too; the one-thread loop above ticks per event, so
      // a ticking clock is compared only over records that are all events.
      int64_t now = 0;
      auto run = parallel.Run(
          source, [&] { return kStart + ++now * tick_; }, alerts, **dead_letters);
      EXPECT_TRUE(run.has_value()) << run.error();
      out.events = parallel.summary().events;
      out.malformed = parallel.summary().malformed;
      out.alert_count = parallel.alerts();
    }
    dead_letters->reset();
    out.alerts = alerts.str();
    out.dead_letters = ReadFile(dir_.File("parallel.dlq"));
    return out;
  }

  static void ExpectSame(const Output& expected, const Output& actual) {
    EXPECT_EQ(actual.alerts, expected.alerts);
    EXPECT_EQ(actual.dead_letters, expected.dead_letters);
    EXPECT_EQ(actual.events, expected.events);
    EXPECT_EQ(actual.malformed, expected.malformed);
    EXPECT_EQ(actual.alert_count, expected.alert_count);
  }

  static constexpr int64_t kStart = 1'700'000'000'000'000'000;
  int64_t tick_ = 0;  // how far the clock moves per record: pinned (as with --now) by default
  testing::TempDir dir_;
  lang::SourceSet sources_;
  std::optional<compiler::Compilation> compilation_;
  std::unique_ptr<EventTimeReader> time_;
  std::string input_path_;
};

TEST_F(ParallelDetectorTest, FilesGiveTheOneThreadOutputForAnyThreadCount) {
  Output expected = OneThread();
  ASSERT_GT(expected.malformed, 0U);
  for (const char* rule : {"whoami", "keyword", "extended", "projected", "clock"}) {
    ASSERT_NE(expected.alerts.find(fmt::format(R"("rule":{{"id":"{}")", rule)), std::string::npos)
        << rule << " never matched";
  }
  for (unsigned threads : {1U, 2U, 4U, 7U}) {
    for (size_t batch : {1U, 3U, 1024U}) {
      SCOPED_TRACE(fmt::format("{} threads, {} records per batch", threads, batch));
      InputSequence source({input_path_});
      Output actual =
          Parallel(source, {.threads = threads, .batch_records = batch, .batches_in_flight = 3});
      ExpectSame(expected, actual);
    }
  }
}

TEST_F(ParallelDetectorTest, MemoryRecordsAreReadInPlace) {
  std::string text = Input();
  text.append(kJsonPadding, ' ');
  std::vector<std::string_view> records;
  for (size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    if (end > start) {
      records.emplace_back(text.data() + start, end - start);
    }
  }
  Output one;
  {
    MemoryRecords source(records);
    one = Parallel(source, {.threads = 1});
  }
  MemoryRecords source(records);
  Output four = Parallel(source, {.threads = 4, .batch_records = 5, .batches_in_flight = 2});
  ExpectSame(one, four);
  EXPECT_EQ(four.events + four.malformed, records.size());
}

TEST_F(ParallelDetectorTest, NowIsTheClockOfEachRecordWhateverTheThread) {
  std::string input;
  for (int i = 0; i < 300; ++i) {
    input += R"({"EventID":7})";
    input += '\n';
  }
  testing::WriteFile(input_path_, input);
  tick_ = 1000;
  Output expected = OneThread();  // every record is an event: both clocks tick alike
  InputSequence source({input_path_});
  Output actual = Parallel(source, {.threads = 4, .batch_records = 7});
  ExpectSame(expected, actual);
  EXPECT_EQ(actual.alert_count, 300U);
}

// Counts what is written, for a test that waits for output while the input is still open.
class CountingBuffer : public std::streambuf {
 public:
  std::atomic<size_t> bytes = 0;

 protected:
  int_type overflow(int_type c) override {
    ++bytes;
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<size_t>(n);
    return n;
  }
};

TEST_F(ParallelDetectorTest, ALiveStreamIsNotHeldBackUntilABatchFills) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  CountingBuffer counted;
  std::ostream alerts(&counted);
  std::atomic<bool> seen_before_close = false;
  std::thread writer([&] {
    std::string events = R"({"EventID":1,"Image":"C:\\x\\whoami.exe"})"
                         "\n"
                         R"({"EventID":3})"
                         "\n";
    EXPECT_EQ(::write(fds[1], events.data(), events.size()), static_cast<ssize_t>(events.size()));
    // Far fewer records than a batch holds: the alert must come while the pipe is open.
    for (int tries = 0; tries < 500 && counted.bytes.load() == 0; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    seen_before_close = counted.bytes.load() > 0;
    ::close(fds[1]);
  });
  InputSequence source({"/dev/fd/" + std::to_string(fds[0])});
  auto dead_letters = DeadLetterWriter::Open(dir_.File("live.dlq"));
  ASSERT_TRUE(dead_letters.has_value());
  ParallelDetector parallel(*compilation_->plan, *compilation_->program, *time_, {.threads = 2});
  auto run = parallel.Run(
      source, [] { return int64_t{0}; }, alerts, **dead_letters);
  writer.join();
  ::close(fds[0]);
  ASSERT_TRUE(run.has_value()) << run.error();
  EXPECT_TRUE(seen_before_close.load());
  EXPECT_EQ(parallel.alerts(), 2U);  // whoami and projected
}

TEST_F(ParallelDetectorTest, AnInputErrorEndsTheRunAfterEverythingBeforeIt) {
  InputSequence source({input_path_, dir_.File("missing.ndjson")});
  std::ostringstream alerts;
  auto dead_letters = DeadLetterWriter::Open(dir_.File("x.dlq"));
  ASSERT_TRUE(dead_letters.has_value());
  ParallelDetector parallel(*compilation_->plan, *compilation_->program, *time_,
                            {.threads = 3, .batch_records = 4});
  auto run = parallel.Run(
      source, [] { return int64_t{0}; }, alerts, **dead_letters);
  ASSERT_FALSE(run.has_value());
  EXPECT_NE(run.error().find("missing.ndjson"), std::string::npos) << run.error();
  EXPECT_EQ(parallel.summary().events + parallel.summary().malformed, 8U * 40U);
  EXPECT_GT(parallel.alerts(), 0U);
}

TEST_F(ParallelDetectorTest, PlansWithStateAreNotSupported) {
  EXPECT_TRUE(ParallelDetector::Supports(*compilation_->plan));
  const lang::Source& file = sources_.Add("<stateful>", R"(
    rule many { where exists host | window tumbling 1h by host | aggregate n = count() }
  )");
  lang::DiagnosticList diagnostics;
  auto stateful = compiler::CompileRuleSet({&file}, diagnostics, compiler::CompileOptions{});
  ASSERT_TRUE(stateful.has_value()) << diagnostics.Render();
  EXPECT_FALSE(ParallelDetector::Supports(*stateful->plan)) << diagnostics.Render();
}

}  // namespace
}  // namespace scry::runtime
