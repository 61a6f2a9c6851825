// scry_correlation_bench: windows and sequences over ~1,000,000 distinct group keys: events/s
// and peak RSS next to a stateless rule, and what `scry run --state` keeps on disk.
//
// The events are generated, deterministically (a fixed seed): `@timestamp` increasing at a
// fixed event-time rate, `user` drawn from `--keys` values ("u" + a number: 1% of the events
// from 100 busy users, so that windows and sequences also fire), `event` one of failure
// (50%), success (10%) or logoff (40%), and two fields no rule reads (`host`, `src_ip`).
// How many groups are held at once is the number of keys seen in the window plus the allowed
// lateness (10m + 5m) of event time, so the default rate (4,000 events/s) makes that most of
// the keys.
//
// Two parts:
//   - in process, one thread, as the engine loop of `scry run` runs (extractor, Detector,
//     alerts formatted into a discarding stream): each configuration in a child process (fork)
//     so that its peak RSS is its own; each run a fresh Detector over the whole in-memory
//     corpus, end-of-input decisions (Finish) included;
//   - end to end: the real `scry run` binary over the events written to a file, with and without
//     `--state` (a RocksDB checkpoint every 100,000 events): wall time and peak RSS from wait4,
//     groups held and state keys from `--stats`, the state directory's size after the run.
// Each figure is the median of `--runs`; ratios are between medians of the same run.
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <regex>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench_support.hpp"
#include "compiler/driver/compile.hpp"
#include "rules/prelude.hpp"
#include "runtime/engine/detector.hpp"
#include "runtime/engine/event_time.hpp"
#include "runtime/event/field_extractor.hpp"
#include "runtime/event/json_padding.hpp"
#include "runtime/output/alert_writer.hpp"

#ifndef SCRY_BUILD_TYPE
#define SCRY_BUILD_TYPE "unknown"
#endif

namespace {

using namespace scry;
using namespace scry::bench;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Options {
  uint64_t events = 4'000'000;
  uint64_t keys = 1'000'000;
  uint64_t rate = 4'000;  // events per second of event time
  uint64_t seed = 1;
  int runs = 3;
  uint64_t checkpoint_every = 100'000;
  std::string scry;      // the binary for the end-to-end part
  std::string work_dir;  // events file, rules, state; a temporary directory by default
  bool keep = false;
  bool skip_end_to_end = false;
};

// The rules under test, as a detection engineer would write them.
struct Config {
  const char* name;  // as printed in the tables
  const char* file;  // rule file name in the work directory
  const char* text;  // empty: parse only
};

const Config kParseOnly = {"parse only (fields of (b))", "", ""};
const Config kStateless = {"(a) stateless: `where event == \"failure\"`", "stateless.scry",
                           R"(rule failed_logon {
  where event == "failure"
}
)"};
const Config kWindow = {
    "(b) event count: `window sliding 10m by user \\| aggregate count() \\| where count >= 5`",
    "window.scry", R"(rule brute_force {
  where event == "failure"
  | window sliding 10m by user
  | aggregate count = count()
  | where count >= 5
}
)"};
const Config kSequence = {"(c) temporal: `sequence ordered by user within 10m [failure] [success]`",
                          "sequence.scry",
                          R"(rule failure_then_success {
  sequence ordered by user within 10m
    [where event == "failure"]
    [where event == "success"]
}
)"};

// ---- the events -----------------------------------------------------------------------------

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

struct Generated {
  Corpus corpus;
  uint64_t distinct_users = 0;
  uint64_t failing_users = 0;
  uint64_t failures = 0;
  int64_t span_ns = 0;
};

Generated Generate(const Options& options) {
  constexpr int64_t kStart = 1'704'067'200;  // 2024-01-01T00:00:00Z
  constexpr uint64_t kBusyUsers = 100;
  Generated out;
  Corpus& corpus = out.corpus;
  corpus.bytes.reserve(options.events * 130 + runtime::kJsonPadding);
  corpus.records.reserve(options.events);
  std::vector<uint8_t> seen(options.keys, 0);  // bit 0: seen, bit 1: has a failure
  uint64_t state = options.seed;
  for (uint64_t i = 0; i < options.events; ++i) {
    int64_t offset_ns = static_cast<int64_t>(i * 1'000'000'000 / options.rate);
    time_t seconds = kStart + offset_ns / 1'000'000'000;
    tm parts{};
    gmtime_r(&seconds, &parts);
    uint64_t draw = SplitMix64(state);
    uint64_t user = draw % 100 == 0 ? (draw >> 8) % kBusyUsers : (draw >> 8) % options.keys;
    uint64_t kind = SplitMix64(state) % 10;
    const char* event = kind < 5 ? "failure" : kind < 6 ? "success" : "logoff";
    uint64_t other = SplitMix64(state);
    size_t begin = corpus.bytes.size();
    fmt::format_to(std::back_inserter(corpus.bytes),
                   R"({{"@timestamp":"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z","event":"{}",)"
                   R"("user":"u{}","host":"h{}","src_ip":"10.{}.{}.{}"}})",
                   parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
                   parts.tm_min, parts.tm_sec, offset_ns % 1'000'000'000 / 1'000'000, event, user,
                   other % 1000, (other >> 10) % 256, (other >> 18) % 256, (other >> 26) % 256);
    corpus.records.emplace_back(begin, corpus.bytes.size() - begin);
    corpus.bytes += '\n';
    seen[user] |= kind < 5 ? 3 : 1;
    out.failures += kind < 5 ? 1 : 0;
    out.span_ns = offset_ns;
  }
  corpus.base_records = corpus.records.size();
  corpus.base_bytes = corpus.bytes.size();
  corpus.bytes.append(runtime::kJsonPadding, ' ');
  for (uint8_t s : seen) {
    out.distinct_users += s & 1;
    out.failing_users += (s >> 1) & 1;
  }
  return out;
}

// ---- in process -----------------------------------------------------------------------------

// Alerts go nowhere, but through the same formatting `scry run` does.
class DiscardBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

struct RuleSetUnderTest {
  lang::SourceSet sources;
  std::optional<compiler::Compilation> compilation;
};

std::unique_ptr<RuleSetUnderTest> Compile(const std::string& text) {
  auto set = std::make_unique<RuleSetUnderTest>();
  std::vector<const lang::Source*> files;
  for (const rules::PreludeFile& file : rules::PreludeFiles()) {
    files.push_back(&set->sources.Add(file.name, file.text));
  }
  files.push_back(&set->sources.Add("<bench>", text));
  lang::DiagnosticList diagnostics;
  set->compilation = compiler::CompileRuleSet(files, diagnostics, compiler::CompileOptions{});
  if (!set->compilation || set->compilation->rules_failed > 0) {
    fmt::print(stderr, "scry_correlation_bench: rules do not compile:\n{}", diagnostics.Render());
    std::_Exit(1);
  }
  return set;
}

// A line of /proc/self/status, in kB ("VmRSS", "VmHWM").
int64_t StatusKb(const std::string& name) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(name + ":", 0) == 0) {
      return std::stoll(line.substr(name.size() + 1));
    }
  }
  return 0;
}

// What a child process sends back (plain data, through a pipe).
struct InProcessResult {
  double events_per_second = 0;  // Finish included
  double stream_rate = 0;        // events/s up to the last event, before Finish
  double finish_seconds = 0;     // the end-of-input decisions (Finish)
  uint64_t alerts = 0;
  uint64_t peak_groups = 0;
  uint64_t peak_kept = 0;
  uint64_t late = 0;
  uint64_t dropped = 0;
  int64_t start_rss_kb = 0;  // the corpus (inherited) and the program, before compiling
  int64_t peak_rss_kb = 0;
};

InProcessResult RunInProcess(const Corpus& corpus, const Config& config, int runs) {
  InProcessResult result;
  result.start_rss_kb = StatusKb("VmRSS");
  auto set = Compile(config.text[0] != '\0' ? config.text : kWindow.text);
  compiler::Plan& plan = *set->compilation->plan;
  const compiler::ExpressionProgram& program = *set->compilation->program;
  runtime::EventTimeReader time(plan.fields);  // adds the time fields before the extractor
  runtime::FieldExtractor extractor(plan.fields);
  std::vector<Value> slots(std::max<uint32_t>(plan.fields.size(), 1));
  DiscardBuffer discard;
  std::ostream sink(&discard);
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  bool parse_only = config.text[0] == '\0';
  std::vector<double> rates, stream_rates, finish_seconds;
  for (int r = 0; r < runs; ++r) {
    runtime::AlertWriter alerts(sink);
    runtime::Detector detector(plan, program, time, alerts, runtime::CorrelationSettings{});
    uint64_t parsed = 0;
    auto start = Clock::now();
    for (size_t i = 0; i < corpus.records.size(); ++i) {
      arena.Reset();
      std::string_view record = corpus.record(i);
      if (extractor.Extract(record, slots.data(), arena)) {
        ++parsed;
        if (!parse_only) {
          detector.Process(record, slots.data(), ctx);
        }
      }
    }
    auto streamed = Clock::now();
    if (!parse_only) {
      detector.Finish();
    }
    auto finished = Clock::now();
    std::chrono::duration<double> elapsed = finished - start;
    stream_rates.push_back(static_cast<double>(corpus.records.size())
                           / std::chrono::duration<double>(streamed - start).count());
    finish_seconds.push_back(std::chrono::duration<double>(finished - streamed).count());
    if (parsed != corpus.records.size()) {
      fmt::print(stderr, "scry_correlation_bench: {} of {} records did not parse\n",
                 corpus.records.size() - parsed, corpus.records.size());
      std::_Exit(2);
    }
    rates.push_back(static_cast<double>(corpus.records.size()) / elapsed.count());
    result.alerts = detector.alerts();
    if (const runtime::CorrelationEngine* engine = detector.correlations()) {
      result.peak_groups = engine->counts().peak_groups;
      result.peak_kept = engine->counts().peak_kept;
      result.late = engine->counts().late;
      result.dropped = engine->counts().dropped;
    }
  }
  result.events_per_second = Median(rates);
  result.stream_rate = Median(stream_rates);
  result.finish_seconds = Median(finish_seconds);
  result.peak_rss_kb = StatusKb("VmHWM");
  return result;
}

// Runs one configuration in a child process; the parent keeps the corpus, the child inherits it.
InProcessResult InChild(const Corpus& corpus, const Config& config, int runs) {
  int fds[2];
  if (pipe(fds) != 0) {
    fmt::print(stderr, "scry_correlation_bench: pipe failed\n");
    std::exit(1);
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    fmt::print(stderr, "scry_correlation_bench: fork failed\n");
    std::exit(1);
  }
  if (pid == 0) {
    close(fds[0]);
    InProcessResult result = RunInProcess(corpus, config, runs);
    ssize_t written = write(fds[1], &result, sizeof result);
    std::_Exit(written == static_cast<ssize_t>(sizeof result) ? 0 : 1);
  }
  close(fds[1]);
  InProcessResult result;
  size_t got = 0;
  while (got < sizeof result) {
    ssize_t n = read(fds[0], reinterpret_cast<char*>(&result) + got, sizeof result - got);
    if (n <= 0) {
      break;
    }
    got += static_cast<size_t>(n);
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (got != sizeof result || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fmt::print(stderr, "scry_correlation_bench: the run of {} failed\n", config.name);
    std::exit(1);
  }
  return result;
}

// ---- end to end -----------------------------------------------------------------------------

struct EndToEndResult {
  double events_per_second = 0;
  std::vector<double> seconds;
  int64_t peak_rss_kb = 0;  // the highest of the runs
  uint64_t events = 0;
  uint64_t alerts = 0;
  uint64_t groups = 0;
  uint64_t kept = 0;
  uint64_t checkpoints = 0;
  uint64_t state_keys = 0;
  uint64_t state_bytes = 0;  // as `--stats` reports it
  uint64_t du_bytes = 0;     // blocks allocated to the state directory (`du -s`)
};

uint64_t DiskUsage(const fs::path& dir) {
  uint64_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    struct stat info;
    if (lstat(entry.path().c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
      bytes += static_cast<uint64_t>(info.st_blocks) * 512;
    }
  }
  return bytes;
}

uint64_t Match(const std::string& text, const std::string& pattern, int group = 1) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex(pattern))) {
    return 0;
  }
  return std::stoull(match[group].str());
}

EndToEndResult RunEndToEnd(const Options& options, const fs::path& work, const Config& config,
                           bool with_state) {
  EndToEndResult result;
  fs::path state = work / "state";
  fs::path errors = work / "stderr.txt";
  std::vector<std::string> args = {options.scry, "run",
                                   "--rules",    (work / config.file).string(),
                                   "--input",    (work / "events.ndjson").string(),
                                   "--output",   "/dev/null",
                                   "--stats"};
  if (with_state) {
    args.insert(args.end(), {"--state", state.string(), "--checkpoint-every",
                             std::to_string(options.checkpoint_every)});
  }
  for (int r = 0; r < options.runs; ++r) {
    fs::remove_all(state);
    // Through this program's measuring mode (RunProcess): this process holds the events.
    ProcessRun run = RunProcess(args, errors.string());
    std::ifstream in(errors);
    std::stringstream text;
    text << in.rdbuf();
    std::string stats = text.str();
    if (!run.ok) {
      fmt::print(stderr, "scry_correlation_bench: `scry run` failed for {}:\n{}", config.name,
                 stats);
      std::exit(1);
    }
    result.seconds.push_back(run.ms / 1000);
    result.peak_rss_kb = std::max(result.peak_rss_kb, run.peak_rss_kib);
    result.events = Match(stats, R"((\d+) events?, \d+ malformed)");
    result.alerts = Match(stats, R"(malformed, (\d+) alerts?)");
    result.groups = Match(stats, R"(at most (\d+) groups?)");
    result.kept = Match(stats, R"(groups? and (\d+) events? held)");
    if (with_state) {
      result.checkpoints = Match(stats, R"(state: (\d+) checkpoints?)");
      result.state_keys = Match(stats, R"(checkpoints?, (\d+) keys?)");
      result.state_bytes = Match(stats, R"((\d+) bytes on disk)");
      result.du_bytes = DiskUsage(state);
    }
  }
  if (result.events != options.events) {
    fmt::print(stderr, "scry_correlation_bench: `scry run` read {} events, not {}\n", result.events,
               options.events);
    std::exit(1);
  }
  std::vector<double> rates;
  for (double s : result.seconds) {
    rates.push_back(static_cast<double>(options.events) / s);
  }
  result.events_per_second = Median(rates);
  fs::remove_all(state);
  return result;
}

// ---- output ---------------------------------------------------------------------------------

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return fmt::format("{} {} {}", one, five, fifteen);
}

std::string Mb(int64_t kb) {
  return fmt::format("{:.0f} MB", static_cast<double>(kb) / 1024);
}

std::string Percent(double value, double base) {
  return fmt::format("{:.0f}%", 100 * value / base);
}

std::string Rate(double value) {
  return Grouped(static_cast<uint64_t>(value));
}

}  // namespace

int main(int argc, char** argv) {
  if (IsMeasuringRun(argc, argv)) {
    return RunMeasuring(argv);
  }
  Options options;
  CLI::App app("Windows and sequences over ~1M group keys: events/s, peak RSS, state on disk.");
  app.add_option("--events", options.events, "events generated");
  app.add_option("--keys", options.keys, "distinct values of the group field `user`")
      ->check(CLI::PositiveNumber);
  app.add_option("--rate", options.rate, "events per second of event time")
      ->check(CLI::PositiveNumber);
  app.add_option("--seed", options.seed, "seed of the generator");
  app.add_option("--runs", options.runs, "runs per configuration; the median is reported")
      ->check(CLI::PositiveNumber);
  app.add_option("--checkpoint-every", options.checkpoint_every,
                 "events between checkpoints in the --state runs");
  app.add_option("--scry", options.scry, "the scry binary (default: ../scry beside this program)");
  app.add_option("--work-dir", options.work_dir,
                 "where the events file, rules and state go (default: a new temporary directory)");
  app.add_flag("--keep", options.keep, "keep the work directory");
  app.add_flag("--skip-end-to-end", options.skip_end_to_end, "in-process measurements only");
  CLI11_PARSE(app, argc, argv);
  if (options.keys < 100 || options.events == 0) {
    fmt::print(stderr, "scry_correlation_bench: needs --keys >= 100 and --events > 0\n");
    return 2;
  }
  if (options.scry.empty()) {
    options.scry =
        (fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "scry").string();
  }
  std::string load_before = LoadAverage();

  auto generate_start = Clock::now();
  Generated generated = Generate(options);
  double generate_s = std::chrono::duration<double>(Clock::now() - generate_start).count();
  const Corpus& corpus = generated.corpus;

  std::vector<const Config*> in_process = {&kParseOnly, &kStateless, &kWindow, &kSequence};
  std::vector<InProcessResult> measured;
  for (const Config* config : in_process) {
    measured.push_back(InChild(corpus, *config, options.runs));
  }

  struct EndToEndRow {
    const Config* config;
    bool state;
    EndToEndResult result;
  };
  std::vector<EndToEndRow> end_to_end;
  fs::path work;
  bool made_work_dir = false;
  if (!options.skip_end_to_end) {
    if (!fs::exists(options.scry)) {
      fmt::print(stderr,
                 "scry_correlation_bench: no scry binary at {} (build the `scry` target or give "
                 "--scry; --skip-end-to-end to measure in process only)\n",
                 options.scry);
      return 1;
    }
    if (options.work_dir.empty()) {
      std::string pattern = (fs::temp_directory_path() / "scry-correlation-bench-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr) {
        fmt::print(stderr, "scry_correlation_bench: cannot create a temporary directory\n");
        return 1;
      }
      work = pattern;
      made_work_dir = true;
    } else {
      work = options.work_dir;
      fs::create_directories(work);
    }
    {
      std::ofstream events(work / "events.ndjson", std::ios::binary);
      events.write(corpus.bytes.data(), static_cast<std::streamsize>(corpus.total_bytes()));
      for (const Config* config : {&kStateless, &kWindow, &kSequence}) {
        std::ofstream(work / config->file) << config->text;
      }
      if (!events) {
        fmt::print(stderr, "scry_correlation_bench: cannot write {}\n", work.string());
        return 1;
      }
    }
    for (auto [config, state] :
         {std::pair{&kStateless, false}, std::pair{&kWindow, false}, std::pair{&kSequence, false},
          std::pair{&kWindow, true}, std::pair{&kSequence, true}}) {
      end_to_end.push_back({config, state, RunEndToEnd(options, work, *config, state)});
    }
    if (made_work_dir && !options.keep) {
      fs::remove_all(work);
    }
  }
  std::string load_after = LoadAverage();

  fmt::print("### Windows and sequences (scry_correlation_bench)\n\n");
  fmt::print(
      "- events: {} generated in {:.1f} s ({:.0f} MB): {} events/s of event time ({:.1f} min), "
      "`user` from {} keys: {} distinct in the events, {} with a failure ({} failures)\n",
      Grouped(options.events), generate_s, static_cast<double>(corpus.total_bytes()) / 1e6,
      Grouped(options.rate), static_cast<double>(generated.span_ns) / 60e9, Grouped(options.keys),
      Grouped(generated.distinct_users), Grouped(generated.failing_users),
      Grouped(generated.failures));
  fmt::print("- {} build; {}; 1 thread; median of {} runs each\n", SCRY_BUILD_TYPE, CpuModel(),
             options.runs);
  fmt::print("- load average (1, 5, 15 min): {} at the start, {} at the end\n\n", load_before,
             load_after);

  fmt::print(
      "In process (the engine loop over the in-memory events; events/s include the end-of-input "
      "decisions, also shown apart):\n\n");
  fmt::print(
      "| configuration | median events/s | vs stateless | events/s before end of input | end of "
      "input (s) | peak RSS | RSS over the events | groups held (peak) | events held (peak) | "
      "alerts |\n");
  fmt::print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  double stateless = measured[1].events_per_second;
  for (size_t i = 0; i < in_process.size(); ++i) {
    const InProcessResult& r = measured[i];
    bool stateful = i >= 2;
    fmt::print("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", in_process[i]->name,
               Rate(r.events_per_second), Percent(r.events_per_second, stateless),
               Rate(r.stream_rate), i == 0 ? "-" : fmt::format("{:.2f}", r.finish_seconds),
               Mb(r.peak_rss_kb), Mb(r.peak_rss_kb - r.start_rss_kb),
               stateful ? Grouped(r.peak_groups) : "-", stateful ? Grouped(r.peak_kept) : "-",
               i == 0 ? "-" : Grouped(r.alerts));
  }
  bool lost = false;
  for (const InProcessResult& r : measured) {
    lost = lost || r.late > 0 || r.dropped > 0;
  }
  if (lost) {
    fmt::print("\n(some matches were late or dropped by the per-group bounds)\n");
  }

  if (!end_to_end.empty()) {
    fmt::print(
        "\nEnd to end (`{} run --rules R --input events.ndjson --output /dev/null --stats`, "
        "wall time, peak RSS from wait4):\n\n",
        options.scry);
    fmt::print(
        "| configuration | median events/s | vs stateless | times (s) | peak RSS | groups held "
        "| events held | alerts | checkpoints | state keys | state on disk (du) |\n");
    fmt::print("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    double base = end_to_end[0].result.events_per_second;
    for (const EndToEndRow& row : end_to_end) {
      const EndToEndResult& r = row.result;
      std::string times;
      for (double s : r.seconds) {
        times += fmt::format("{}{:.2f}", times.empty() ? "" : ", ", s);
      }
      std::string name = row.config->name;
      if (row.state) {
        name +=
            fmt::format(" + `--state` (checkpoint every {})", Grouped(options.checkpoint_every));
      }
      bool stateful = row.config != &kStateless;
      fmt::print("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", name,
                 Rate(r.events_per_second), Percent(r.events_per_second, base), times,
                 Mb(r.peak_rss_kb), stateful ? Grouped(r.groups) : "-",
                 stateful ? Grouped(r.kept) : "-", Grouped(r.alerts),
                 row.state ? Grouped(r.checkpoints) : "-", row.state ? Grouped(r.state_keys) : "-",
                 row.state ? fmt::format("{:.0f} MB", static_cast<double>(r.du_bytes) / 1e6) : "-");
    }
  }
  return 0;
}
