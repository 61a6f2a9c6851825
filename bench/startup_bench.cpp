// scry_startup_bench: how long `scry run` takes to start with a rule set, from process start
// to ready for events, with an empty object cache (cold: every partition compiled) and with the
// cache a previous run filled (warm: every partition loaded).
//
// Each run is the real binary over an empty input (`--input EMPTY --output /dev/null`), so the
// time is the whole start: reading and parsing the rule files, transpiling Sigma, binding,
// compiling or loading the code and linking it, plus process start and exit. Cold runs empty
// the cache folder first; warm runs follow them. Medians over `--runs` runs each.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include "bench/bench_support.hpp"

namespace {

namespace fs = std::filesystem;

// The wall time of `args` in ms, or a negative number when it did not exit with 0.
double TimedRun(std::vector<std::string> args) {
  scry::bench::ProcessRun run = scry::bench::RunProcess(std::move(args));
  return run.ok ? run.ms : -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (scry::bench::IsMeasuringRun(argc, argv)) {
    return scry::bench::RunMeasuring(argv);
  }
  std::string scry = SCRY_BINARY;
  std::vector<std::string> rules;
  std::string cache_dir;
  std::string pipeline;
  int runs = 5;
  CLI::App app("Start time of `scry run` with a rule set: cold (empty cache) and warm.");
  app.add_option("--rules", rules, "rule files or folders, as for scry run")->required();
  app.add_option("--scry", scry, "the scry binary (default: the one of this build)");
  app.add_option("--pipeline", pipeline, "Sigma pipeline, passed on");
  app.add_option("--runs", runs, "runs of each kind; medians are reported")
      ->check(CLI::PositiveNumber);
  app.add_option("--cache-dir", cache_dir, "the cache folder to use (emptied for cold runs)");
  CLI11_PARSE(app, argc, argv);

  fs::path scratch = fs::temp_directory_path() / fmt::format("scry_startup_bench_{}", ::getpid());
  fs::create_directories(scratch);
  fs::path empty = scratch / "empty.ndjson";
  std::ofstream(empty).close();
  fs::path cache = cache_dir.empty() ? scratch / "cache" : fs::path(cache_dir);

  std::vector<std::string> args = {scry,       "run",       "--input",     empty.string(),
                                   "--output", "/dev/null", "--cache-dir", cache.string()};
  for (const std::string& rule : rules) {
    args.insert(args.end(), {"--rules", rule});
  }
  if (!pipeline.empty()) {
    args.insert(args.end(), {"--pipeline", pipeline});
  }
  std::vector<double> cold, warm, uncached;
  for (int r = 0; r < runs; ++r) {
    fs::remove_all(cache);
    cold.push_back(TimedRun(args));
  }
  for (int r = 0; r < runs; ++r) {
    warm.push_back(TimedRun(args));
  }
  std::vector<std::string> no_cache = args;
  no_cache.push_back("--no-cache");
  for (int r = 0; r < runs; ++r) {
    uncached.push_back(TimedRun(no_cache));
  }
  fs::remove_all(scratch);
  for (const auto* times : {&cold, &warm, &uncached}) {
    if (std::any_of(times->begin(), times->end(), [](double ms) { return ms < 0; })) {
      fmt::print(stderr, "scry_startup_bench: a run failed: {}\n", fmt::join(args, " "));
      return 1;
    }
  }
  auto range = [](const std::vector<double>& times) {
    auto [low, high] = std::minmax_element(times.begin(), times.end());
    return fmt::format("{:.0f} – {:.0f}", *low, *high);
  };
  fmt::print("### scry run start time (scry_startup_bench), median of {} runs each\n\n", runs);
  fmt::print("- rules: {}; {}\n\n", fmt::join(rules, " "), scry::bench::CpuModel());
  fmt::print("| object cache | median ms | min – max ms |\n| --- | ---: | ---: |\n");
  fmt::print("| cold (empty) | {:.0f} | {} |\n", scry::bench::Median(cold), range(cold));
  fmt::print("| warm (filled) | {:.0f} | {} |\n", scry::bench::Median(warm), range(warm));
  fmt::print("| none (`--no-cache`) | {:.0f} | {} |\n", scry::bench::Median(uncached),
             range(uncached));
  return 0;
}
