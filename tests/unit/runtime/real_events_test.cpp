// Every event of the shared developer sample goes through the reader and the extractor.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/event/field_extractor.hpp"
#include "runtime/input/record_reader.hpp"

namespace scry::runtime {
namespace {

struct FileStats {
  uint64_t records = 0;
  uint64_t with_event_id = 0;
  uint64_t data_lists = 0;
};

FileStats ExtractFile(const std::string& path) {
  compiler::FieldSlotTable table;
  for (const char* name : {"EventID", "Image", "CommandLine", "Channel", "Data"}) {
    table.Intern({name});
  }
  FieldExtractor extractor(table);
  std::vector<Value> slots(table.size());
  Arena arena;
  auto reader = RecordReader::Open(path);
  EXPECT_TRUE(reader) << reader.error();
  FileStats stats;
  if (!reader) {
    return stats;
  }
  InputRecord record;
  while ((*reader)->Next(record)) {
    arena.Reset();
    auto result = extractor.Extract(record.text, slots.data(), arena);
    EXPECT_TRUE(result) << path << ":" << record.line << ": " << result.error().reason << " at "
                        << result.error().offset;
    ++stats.records;
    stats.with_event_id += slots[0].kind == ValueKind::kInt ? 1 : 0;
    stats.data_lists += slots[4].kind == ValueKind::kList ? 1 : 0;
  }
  EXPECT_EQ((*reader)->error(), "");
  return stats;
}

TEST(RealEventsTest, AttackSample) {
  FileStats stats = ExtractFile(SCRY_SHARED_DIR "/events/dev/attack.ndjson");
  EXPECT_EQ(stats.records, 2909u);
  EXPECT_EQ(stats.with_event_id, stats.records);
}

TEST(RealEventsTest, RegressionSample) {
  FileStats stats = ExtractFile(SCRY_SHARED_DIR "/events/dev/regression.ndjson");
  EXPECT_EQ(stats.records, 155u);
  EXPECT_EQ(stats.with_event_id, stats.records);
}

TEST(RealEventsTest, DataArraysBecomeLists) {
  FileStats attack = ExtractFile(SCRY_SHARED_DIR "/events/dev/attack.ndjson");
  FileStats regression = ExtractFile(SCRY_SHARED_DIR "/events/dev/regression.ndjson");
  // README: string arrays occur in 10 dev events.
  EXPECT_EQ(attack.data_lists + regression.data_lists, 10u);
}

}  // namespace
}  // namespace scry::runtime
