// BarChartWriter: a timechart's rows (time, [key,] count) drawn at a terminal, one horizontal
// bar per bucket scaled to the width given. With a key the bar is stacked, one glyph per key,
// and a legend above says which glyph is which key. Other formats (JSON, CSV) print the rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/output/row_writer.hpp"

namespace scry::runtime {

class BarChartWriter final : public RowWriter {
 public:
  /// `layout`: time, [key,] count (compiler::TimechartStep); `width`: the terminal's columns.
  BarChartWriter(const compiler::RowLayout& layout, std::ostream& out, size_t width);
  void Write(const Row& row) override;
  void Close() override;

  /// The glyphs of the first keys; keys after those share kOtherGlyph.
  static constexpr const char* kGlyphs[] = {"█", "▓", "▒", "░", "#", "=", "+", "*"};
  static constexpr const char* kOtherGlyph = "·";

 private:
  struct Bucket {
    std::string time;
    std::vector<uint64_t> counts;  // per key, in key order (one without `by`)
  };

  bool keyed_;
  std::ostream& out_;
  size_t width_;
  std::vector<std::string> keys_;
  std::vector<Bucket> buckets_;
};

}  // namespace scry::runtime
