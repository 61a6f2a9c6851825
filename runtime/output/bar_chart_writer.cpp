#include "runtime/output/bar_chart_writer.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "stdlib/value_format.hpp"

namespace scry::runtime {

namespace {

// The narrowest bar area drawn, however narrow the terminal.
constexpr size_t kMinBarWidth = 10;
// Partial blocks, in eighths, for the end of a one-key bar.
constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

size_t CodePoints(const std::string& text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string Repeat(const char* glyph, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) {
    out += glyph;
  }
  return out;
}

}  // namespace

BarChartWriter::BarChartWriter(const compiler::RowLayout& layout, std::ostream& out, size_t width)
    : keyed_(layout.columns.size() == 3), out_(out), width_(width) {}

void BarChartWriter::Write(const Row& row) {
  ++rows_;
  if (row.column_count < 2) {
    return;
  }
  std::string time = FormatValueText(row.columns[0]);
  const Value& count_value = row.columns[row.column_count - 1];
  uint64_t count = count_value.kind == ValueKind::kInt && count_value.i > 0
                       ? static_cast<uint64_t>(count_value.i)
                       : 0;
  size_t key = 0;
  if (keyed_) {
    std::string name = FormatValueText(row.columns[1]);
    auto it = std::find(keys_.begin(), keys_.end(), name);
    key = static_cast<size_t>(it - keys_.begin());
    if (it == keys_.end()) {
      keys_.push_back(name);
    }
  }
  // A timechart gives a bucket's keys one after another; after a `sort` they may not be.
  auto bucket = std::find_if(buckets_.begin(), buckets_.end(),
                             [&](const Bucket& b) { return b.time == time; });
  if (bucket == buckets_.end() || (!keyed_ && bucket != buckets_.end() - 1)) {
    buckets_.push_back({time, {}});
    bucket = buckets_.end() - 1;
  }
  if (bucket->counts.size() <= key) {
    bucket->counts.resize(key + 1, 0);
  }
  bucket->counts[key] += count;
}

void BarChartWriter::Close() {
  if (keyed_ && !keys_.empty()) {
    std::string legend;
    for (size_t i = 0; i < keys_.size(); ++i) {
      const char* glyph = i < std::size(kGlyphs) ? kGlyphs[i] : kOtherGlyph;
      if (i > std::size(kGlyphs)) {
        continue;  // every further key shares the last glyph, named once
      }
      std::string name = i < std::size(kGlyphs) ? keys_[i] : "others";
      std::string entry = fmt::format("{} {}", glyph, name.empty() ? "(none)" : name);
      // Entries wrap at the width, so a long legend stays readable.
      if (!legend.empty() && CodePoints(legend) + 2 + CodePoints(entry) > width_) {
        out_ << legend << '\n';
        legend.clear();
      }
      legend += (legend.empty() ? "" : "  ") + entry;
    }
    out_ << legend << '\n';
  }
  size_t label_width = 0;
  uint64_t max_total = 0;
  for (const Bucket& bucket : buckets_) {
    label_width = std::max(label_width, CodePoints(bucket.time));
    max_total = std::max(max_total,
                         std::accumulate(bucket.counts.begin(), bucket.counts.end(), uint64_t{0}));
  }
  size_t count_width = std::to_string(max_total).size();
  size_t used = label_width + count_width + 3;  // "label │bar count"
  size_t bar_width = width_ > used + kMinBarWidth ? width_ - used : kMinBarWidth;
  for (const Bucket& bucket : buckets_) {
    uint64_t total = std::accumulate(bucket.counts.begin(), bucket.counts.end(), uint64_t{0});
    std::string bar;
    size_t drawn = 0;
    if (!keyed_) {
      // Eighths of a cell: a one-key bar can show small differences.
      uint64_t eighths = max_total == 0 ? 0 : (total * bar_width * 8 + max_total / 2) / max_total;
      if (total > 0 && eighths == 0) {
        eighths = 1;  // a bucket with events is never drawn empty
      }
      bar = Repeat(kGlyphs[0], eighths / 8) + kEighths[eighths % 8];
      drawn = eighths / 8 + (eighths % 8 != 0 ? 1 : 0);
    } else {
      // Stacked: each key's cells rounded from the running total, so the bar's length is the
      // bucket's total whatever the rounding of each part.
      uint64_t running = 0;
      for (size_t i = 0; i < bucket.counts.size(); ++i) {
        running += bucket.counts[i];
        size_t end = max_total == 0
                         ? 0
                         : static_cast<size_t>((running * bar_width + max_total / 2) / max_total);
        // A key with events gets at least one cell; the cells bumped up so never shrink the bar.
        end = std::max(end, bucket.counts[i] > 0 ? drawn + 1 : drawn);
        const char* glyph = i < std::size(kGlyphs) ? kGlyphs[i] : kOtherGlyph;
        bar += Repeat(glyph, end - drawn);
        drawn = end;
      }
    }
    std::string pad(label_width - CodePoints(bucket.time), ' ');
    std::string gap(drawn < bar_width ? bar_width - drawn : 0, ' ');
    out_ << bucket.time << pad << " │" << bar << gap << ' '
         << fmt::format("{:>{}}", total, count_width) << '\n';
  }
  out_.flush();
}

}  // namespace scry::runtime
