// ScanQuery: the same bytes with one thread and several, with batches cut small so that every
// query spans many of them (and merged partial summaries meet groups in every order); `head`
// stops the scan early; cancelling stops it and says so; globs expand sorted.
#include "runtime/engine/query_scan.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "compiler/driver/compile.hpp"
#include "runtime/input/input_paths.hpp"
#include "runtime/output/dead_letter_writer.hpp"
#include "runtime/output/row_writer.hpp"

namespace scry::runtime {
namespace {

namespace fs = std::filesystem;

class QueryScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("scry_scan_test_{}", ::getpid());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // `count` events: users, hosts and times that repeat with different periods, a malformed
  // line every 500 events.
  std::string WriteEvents(const std::string& name, int count) {
    std::ofstream out(dir_ / name);
    for (int i = 0; i < count; ++i) {
      out << fmt::format(R"({{"id":{},"user":"u{}","host":"h{}","bytes":{},"@timestamp":{}}})"
                         "\n",
                         i, (i * 7) % 13, i % 5, (i * 37) % 1000, 1714557600 + i * 11);
      if (i % 500 == 499) {
        out << "{not json\n";
      }
    }
    return (dir_ / name).string();
  }

  struct Result {
    std::string out;
    ScanSummary summary;
  };

  Result Scan(const std::string& query_text, const std::vector<std::string>& inputs,
              ScanOptions options) {
    lang::SourceSet sources;
    const lang::Source& query = sources.Add("<query>", query_text);
    lang::DiagnosticList diagnostics;
    auto compilation = compiler::CompileQuery(query, {}, diagnostics, compiler::CompileOptions{});
    if (!compilation) {
      ADD_FAILURE() << diagnostics.Render();
      return {};
    }
    std::ostringstream out;
    auto writer = MakeRowWriter(RowFormat::kJson, compilation->plan->query->output, out);
    auto dead_letters = DeadLetterWriter::Open((dir_ / "dead.ndjson").string());
    EXPECT_TRUE(dead_letters.has_value());
    auto summary = ScanQuery(*compilation->plan, *compilation->program, inputs, *writer,
                             **dead_letters, options);
    EXPECT_TRUE(summary.has_value()) << (summary ? "" : summary.error());
    return {out.str(), summary.value_or(ScanSummary{})};
  }

  fs::path dir_;
};

TEST_F(QueryScanTest, SameOutputOnOneThreadAndSeveral) {
  std::string input = WriteEvents("events.ndjson", 3000);
  const std::vector<std::string> queries = {
      "where bytes > 500 | project id, user",
      "summarize n = count(), total = sum(bytes), low = min(bytes), high = max(bytes), "
      "mean = avg(bytes), users = dcount(user) by host",
      "where bytes > 100 | summarize count() by user, host",
      "summarize values(host), first(id), last(id) by user",
      "distinct user",
      "count",
      "top 5 by bytes",
      "sort bytes desc, id | head 4",
      "tail 3",
      "sample 5 seed 3",
      "timechart 1h by host",
      "extend kb = bytes * 2 | project-away host | where kb > 1900",
      "where id % 400 == 0",
  };
  ScanOptions one;
  one.threads = 1;
  for (const std::string& query : queries) {
    Result expected = Scan(query, {input}, one);
    ASSERT_FALSE(expected.out.empty()) << query;
    for (unsigned threads : {2U, 3U, 5U}) {
      ScanOptions many;
      many.threads = threads;
      many.batch_records = 7;  // hundreds of batches: partial results meet in every order
      Result got = Scan(query, {input}, many);
      EXPECT_EQ(got.out, expected.out) << query << " on " << threads << " threads";
      EXPECT_EQ(got.summary.events, expected.summary.events) << query;
      EXPECT_EQ(got.summary.malformed, 6U) << query;
      EXPECT_EQ(got.summary.rows, expected.summary.rows) << query;
    }
  }
}

// tail and top replace their kept rows thousands of times here: the copies are compacted again
// and again (KeptRows) and must still be the right rows.
TEST_F(QueryScanTest, KeptRowsSurviveCompaction) {
  std::string input = WriteEvents("events.ndjson", 3000);
  ScanOptions options;
  EXPECT_EQ(Scan("tail 3 | project id, user", {input}, options).out,
            "{\"id\":2997,\"user\":\"u10\"}\n{\"id\":2998,\"user\":\"u4\"}\n"
            "{\"id\":2999,\"user\":\"u11\"}\n");
  EXPECT_EQ(Scan("top 3 by id | project id, host", {input}, options).out,
            "{\"id\":2999,\"host\":\"h4\"}\n{\"id\":2998,\"host\":\"h3\"}\n"
            "{\"id\":2997,\"host\":\"h2\"}\n");
  EXPECT_EQ(Scan("sample 10 seed 1 | count", {input}, options).out, "{\"count\":10}\n");
  EXPECT_EQ(Scan("sample 5000 | count", {input}, options).out, "{\"count\":3000}\n");
}

TEST_F(QueryScanTest, HeadStopsTheScan) {
  std::string input = WriteEvents("events.ndjson", 20000);
  ScanOptions options;
  options.threads = 2;
  options.batch_records = 10;
  Result result = Scan("where id % 2 == 0 | head 3 | project id", {input}, options);
  EXPECT_EQ(result.out, "{\"id\":0}\n{\"id\":2}\n{\"id\":4}\n");
  EXPECT_LT(result.summary.events, 20000U);
  EXPECT_FALSE(result.summary.cancelled);
}

TEST_F(QueryScanTest, CancelledBeforeTheStart) {
  std::string input = WriteEvents("events.ndjson", 5000);
  std::atomic<bool> cancel{true};
  for (unsigned threads : {1U, 2U}) {
    ScanOptions options;
    options.threads = threads;
    options.cancel = &cancel;
    Result result = Scan("summarize count() by user", {input}, options);
    EXPECT_TRUE(result.summary.cancelled) << threads;
    EXPECT_EQ(result.out, "") << threads;  // a cancelled scan emits no partial result
  }
}

TEST_F(QueryScanTest, CancelStopsARunningScanSoon) {
  std::string input = WriteEvents("events.ndjson", 400000);
  int cancelled_runs = 0;
  for (unsigned threads : {1U, 2U}) {
    std::atomic<bool> cancel{false};
    std::chrono::steady_clock::time_point cancelled_at;
    ScanOptions options;
    options.threads = threads;
    options.cancel = &cancel;
    // The first report comes after ~100 ms of scanning: cancel then, mid-scan.
    options.on_progress = [&](const ScanProgress& progress) {
      EXPECT_GT(progress.bytes_total, 0U);
      EXPECT_LE(progress.bytes_done, progress.bytes_total);
      if (!cancel) {
        cancelled_at = std::chrono::steady_clock::now();
        cancel = true;
      }
    };
    Result result = Scan("where user matches \"u1[0-2]\" | sort bytes", {input}, options);
    auto returned_at = std::chrono::steady_clock::now();
    if (!cancel) {
      continue;  // the scan finished before its first progress report
    }
    ++cancelled_runs;
    EXPECT_TRUE(result.summary.cancelled) << threads;
    EXPECT_EQ(result.out, "") << threads;
    // ~100 ms is the aim; a loaded test machine gets slack.
    EXPECT_LT(returned_at - cancelled_at, std::chrono::seconds(2)) << threads;
    EXPECT_LT(result.summary.events, 400000U);
  }
  if (cancelled_runs == 0) {
    GTEST_SKIP() << "every scan finished before its first progress report";
  }
}

TEST_F(QueryScanTest, GlobsExpandSorted) {
  std::string b = WriteEvents("b.ndjson", 2);
  std::string a = WriteEvents("a.ndjson", 1);
  auto paths = ExpandInputs({(dir_ / "*.ndjson").string(), "-"});
  ASSERT_TRUE(paths.has_value());
  EXPECT_EQ(*paths, (std::vector<std::string>{a, b, "-"}));
  auto none = ExpandInputs({(dir_ / "nothing-*.gz").string()});
  ASSERT_FALSE(none.has_value());
  EXPECT_NE(none.error().find("no file matches"), std::string::npos);
  EXPECT_EQ(KnownInputBytes({a, b}), fs::file_size(a) + fs::file_size(b));
  EXPECT_EQ(KnownInputBytes({a, "-"}), 0U);
  ScanOptions options;
  Result result = Scan("count", {(dir_ / "*.ndjson").string()}, options);
  EXPECT_EQ(result.out, "{\"count\":3}\n");
}

}  // namespace
}  // namespace scry::runtime
