#include "cli/repl/query_scan.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "cli/repl/last_result.hpp"
#include "compiler/driver/compile.hpp"

namespace scry::cli::repl {
namespace {

const std::string kEvents = SCRY_SHARED_DIR "/events/dev/attack.ndjson";

struct Compiled {
  lang::SourceSet sources;
  std::optional<compiler::Compilation> compilation;
};

std::unique_ptr<Compiled> Compile(const std::string& query) {
  auto compiled = std::make_unique<Compiled>();
  lang::DiagnosticList diagnostics;
  compiler::CompileOptions options;
  options.backend = compiler::Backend::kReference;
  compiled->compilation =
      compiler::CompileQuery(compiled->sources.Add("<query>", query), {}, diagnostics, options);
  EXPECT_TRUE(compiled->compilation) << diagnostics.Render();
  return compiled;
}

TEST(QueryScan, RunsAndReportsProgress) {
  auto compiled = Compile("where EventID == 1 | summarize n = count()");
  compiler::Plan& plan = *compiled->compilation->plan;
  std::ostringstream out;
  auto writer = runtime::MakeRowWriter(runtime::RowFormat::kJson, plan.query->output, out);
  auto dead_letters = runtime::DeadLetterWriter::ToStderr();
  std::vector<ScanProgress> seen;
  ScanOptions options{.on_progress = [&](const ScanProgress& p) {
    seen.push_back(p);
  }};
  auto summary =
      RunScan(plan, *compiled->compilation->program, {kEvents}, *writer, *dead_letters, options);
  ASSERT_TRUE(summary) << summary.error();
  EXPECT_EQ(out.str(), "{\"n\":866}\n");
  EXPECT_EQ(summary->events, 2909U);
  EXPECT_EQ(summary->rows, 1U);
  EXPECT_FALSE(summary->cancelled);
  // Progress comes about every 100 ms: a scan this short may report none. What it reports
  // grows and stays within the input.
  for (size_t k = 0; k < seen.size(); ++k) {
    EXPECT_EQ(seen[k].bytes_total, std::filesystem::file_size(kEvents));
    EXPECT_LE(seen[k].bytes_done, seen[k].bytes_total);
    EXPECT_LE(seen[k].events, 2909U);
    if (k > 0) {
      EXPECT_LE(seen[k - 1].bytes_done, seen[k].bytes_done);
    }
  }
}

TEST(QueryScan, CancelStopsWithoutAResult) {
  auto compiled = Compile("summarize n = count()");
  compiler::Plan& plan = *compiled->compilation->plan;
  std::ostringstream out;
  auto writer = runtime::MakeRowWriter(runtime::RowFormat::kTable, plan.query->output, out);
  auto dead_letters = runtime::DeadLetterWriter::ToStderr();
  std::atomic<bool> cancel{true};
  auto summary = RunScan(plan, *compiled->compilation->program, {kEvents, kEvents}, *writer,
                         *dead_letters, {.cancel = &cancel});
  ASSERT_TRUE(summary);
  EXPECT_TRUE(summary->cancelled);
  EXPECT_EQ(out.str(), "") << "a stopped summarize shows no partial count";
}

TEST(QueryScan, UnreadableInputIsAnError) {
  auto compiled = Compile("head 1");
  compiler::Plan& plan = *compiled->compilation->plan;
  std::ostringstream out;
  auto writer = runtime::MakeRowWriter(runtime::RowFormat::kJson, plan.query->output, out);
  auto dead_letters = runtime::DeadLetterWriter::ToStderr();
  EXPECT_FALSE(RunScan(plan, *compiled->compilation->program, {"/no/such/input.ndjson"}, *writer,
                       *dead_letters, {}));
}

TEST(LastResult, SavesInTheFormatOfTheExtension) {
  auto compiled = Compile("where EventID == 4688 | project EventID, NewProcessName | head 2");
  compiler::Plan& plan = *compiled->compilation->plan;
  std::ostringstream screen;
  auto display = runtime::MakeRowWriter(runtime::RowFormat::kTable, plan.query->output, screen);
  LastResult last;
  EXPECT_FALSE(last.Save("/tmp/never-written.csv")) << "nothing to save yet";
  last.Start(plan.query->output);
  ProgressLine progress(false);
  RecordingWriter writer(*display, false, last, progress);
  auto dead_letters = runtime::DeadLetterWriter::ToStderr();
  ASSERT_TRUE(RunScan(plan, *compiled->compilation->program, {kEvents}, writer, *dead_letters, {}));
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("scry_last_result_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto csv = last.Save((dir / "r.csv").string());
  ASSERT_TRUE(csv) << csv.error();
  EXPECT_EQ(*csv, 2U);
  std::ifstream csv_in(dir / "r.csv");
  std::string header;
  std::getline(csv_in, header);
  EXPECT_EQ(header, "EventID,NewProcessName");
  ASSERT_TRUE(last.Save((dir / "r.json").string()));
  std::ifstream json_in(dir / "r.json");
  std::string first;
  std::getline(json_in, first);
  EXPECT_EQ(first.rfind("{\"EventID\":4688,\"NewProcessName\":", 0), 0U) << first;
  last.Discard();
  EXPECT_FALSE(last.Save((dir / "r.csv").string()));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scry::cli::repl
