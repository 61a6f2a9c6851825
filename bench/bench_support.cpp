#include "bench/bench_support.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/event/json_padding.hpp"
#include "runtime/input/record_reader.hpp"

namespace scry::bench {

bool IsMeasuringRun(int argc, char** argv) {
  return argc >= 4 && argv[1] == kExecMeasured;
}

int RunMeasuring(char** argv) {
  // argv: self, --exec-measured, RSS_FILE, PROGRAM, ARGS...
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[3], argv + 3);
    std::_Exit(127);
  }
  int status = 0;
  rusage usage{};
  if (pid < 0 || wait4(pid, &status, 0, &usage) != pid) {
    return 1;
  }
  std::ofstream(argv[2]) << usage.ru_maxrss << "\n";
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

ProcessRun RunProcess(std::vector<std::string> args, const std::string& stderr_path) {
  std::filesystem::path rss_file =
      std::filesystem::temp_directory_path() / ("scry_bench_rss_" + std::to_string(::getpid()));
  args.insert(args.begin(), {std::filesystem::read_symlink("/proc/self/exe").string(),
                             std::string(kExecMeasured), rss_file.string()});
  std::vector<char*> argv;
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (stderr_path.empty()) {
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
  }
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return {};
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessRun run;
  run.ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::ifstream(rss_file) >> run.peak_rss_kib;
  std::filesystem::remove(rss_file);
  return run;
}

uint64_t Corpus::total_bytes() const {
  return bytes.size() - runtime::kJsonPadding;
}

std::vector<std::string_view> Corpus::views() const {
  std::vector<std::string_view> out;
  out.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    out.push_back(record(i));
  }
  return out;
}

std::expected<Corpus, std::string> LoadCorpus(const std::string& path, uint64_t min_records) {
  auto reader = runtime::RecordReader::Open(path);
  if (!reader) {
    return std::unexpected(reader.error());
  }
  std::vector<std::string> lines;
  runtime::InputRecord record;
  while ((*reader)->Next(record)) {
    lines.emplace_back(record.text);
  }
  if (!(*reader)->error().empty()) {
    return std::unexpected((*reader)->error());
  }
  if (lines.empty()) {
    return std::unexpected(path + ": no records");
  }
  Corpus corpus;
  corpus.base_records = lines.size();
  for (const std::string& line : lines) {
    corpus.base_bytes += line.size() + 1;
  }
  uint64_t copies = (std::max<uint64_t>(min_records, 1) + lines.size() - 1) / lines.size();
  corpus.bytes.reserve(copies * corpus.base_bytes + runtime::kJsonPadding);
  corpus.records.reserve(copies * lines.size());
  for (uint64_t copy = 0; copy < copies; ++copy) {
    for (const std::string& line : lines) {
      corpus.records.emplace_back(corpus.bytes.size(), line.size());
      corpus.bytes += line;
      corpus.bytes += '\n';
    }
  }
  corpus.bytes.append(runtime::kJsonPadding, ' ');
  return corpus;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return out;
}

std::string CpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      return line.substr(line.find(':') + 2);
    }
  }
  return "unknown CPU";
}

compiler::FieldPathSegments SplitPath(const std::string& dotted) {
  compiler::FieldPathSegments segments;
  size_t start = 0;
  for (;;) {
    size_t dot = dotted.find('.', start);
    segments.push_back(dotted.substr(start, dot - start));
    if (dot == std::string::npos) {
      return segments;
    }
    start = dot + 1;
  }
}

std::string BaseName(const std::string& path) {
  return path.substr(path.find_last_of('/') + 1);
}

}  // namespace scry::bench
