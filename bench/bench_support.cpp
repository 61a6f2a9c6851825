#include "bench/bench_support.hpp"

#include <fstream>

#include "runtime/event/json_padding.hpp"
#include "runtime/input/record_reader.hpp"

namespace scry::bench {

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
