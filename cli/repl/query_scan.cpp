#include "cli/repl/query_scan.hpp"

#include <filesystem>
#include <fstream>

namespace scry::cli::repl {

namespace {

// A gzip file ends with its uncompressed size modulo 2^32 (one member; enough for progress).
uint64_t GzipSize(const std::string& path, uint64_t file_size) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[2] = {0, 0};
  in.read(reinterpret_cast<char*>(magic), 2);
  if (!in || magic[0] != 0x1f || magic[1] != 0x8b || file_size < 18) {
    return file_size;
  }
  unsigned char trailer[4];
  in.seekg(static_cast<std::streamoff>(file_size - 4));
  in.read(reinterpret_cast<char*>(trailer), 4);
  if (!in) {
    return file_size;
  }
  return uint64_t{trailer[0]} | uint64_t{trailer[1]} << 8 | uint64_t{trailer[2]} << 16
         | uint64_t{trailer[3]} << 24;
}

}  // namespace

uint64_t InputBytes(const std::vector<std::string>& inputs) {
  uint64_t total = 0;
  for (const std::string& input : inputs) {
    std::error_code error;
    if (input == "-" || !std::filesystem::is_regular_file(input, error)) {
      return 0;
    }
    total += GzipSize(input, std::filesystem::file_size(input, error));
  }
  return total;
}

std::expected<ScanSummary, std::string> RunScan(const compiler::Plan& plan,
                                                const compiler::ExpressionProgram& program,
                                                const std::vector<std::string>& inputs,
                                                runtime::RowWriter& writer,
                                                runtime::DeadLetterWriter& dead_letters,
                                                const ScanOptions& options) {
  return runtime::ScanQuery(plan, program, inputs, writer, dead_letters, options);
}

}  // namespace scry::cli::repl
