// Resuming an input at a checkpoint position (RecordReader::OpenAt / Resume): what follows
// must be exactly what an uninterrupted reader gives from there, with the same line numbers
// and offsets, for plain and gzip files.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/input/record_reader.hpp"
#include "tests/unit/runtime/test_support.hpp"

namespace scry::runtime {
namespace {

using testing::Gzip;
using testing::TempDir;
using testing::WriteFile;

struct Read {
  std::string text;
  uint64_t line;
  uint64_t offset;
  ReaderPosition after;  // position() once the record was returned
  bool operator==(const Read&) const = default;
};

void PrintTo(const Read& r, std::ostream* os) {
  *os << "{" << ::testing::PrintToString(r.text) << ", line " << r.line << ", offset " << r.offset
      << ", after " << r.after.offset << "/" << r.after.line << "}";
}

}  // namespace

void PrintTo(const ReaderPosition& p, std::ostream* os) {
  *os << "{offset " << p.offset << ", line " << p.line << "}";
}

namespace {

std::vector<Read> ReadAll(RecordReader& reader) {
  std::vector<Read> out;
  InputRecord record;
  while (reader.Next(record)) {
    out.push_back({std::string(record.text), record.line, record.offset, reader.position()});
  }
  EXPECT_EQ(reader.error(), "");
  return out;
}

// NDJSON with the line rules that move offsets and numbers: a byte order mark, CRLF, blank
// lines, long lines, and a last line without "\n".
std::string SampleInput() {
  std::mt19937 random(11);
  std::string text = "\xEF\xBB\xBF";
  for (int i = 0; i < 400; ++i) {
    text +=
        "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(random() % 300, 'p') + "\"}";
    text += i % 7 == 0 ? "\r\n" : "\n";
    if (i % 11 == 0) {
      text += "\n  \n";
    }
  }
  return text + "{\"last\":true}";
}

std::vector<Read> Tail(const std::vector<Read>& all, size_t from) {
  return {all.begin() + static_cast<std::ptrdiff_t>(from), all.end()};
}

void ExpectResumesEverywhere(const std::string& path) {
  auto full_reader = RecordReader::Open(path, 4096);
  ASSERT_TRUE(full_reader) << full_reader.error();
  std::vector<Read> full = ReadAll(**full_reader);
  ASSERT_EQ(full.size(), 401u);
  ReaderPosition end = (*full_reader)->position();
  EXPECT_EQ(end, full.back().after);

  for (size_t k = 0; k < full.size(); k += (k < 20 ? 1 : 37)) {
    auto resumed = RecordReader::OpenAt(path, full[k].after, 4096);
    ASSERT_TRUE(resumed) << resumed.error();
    ASSERT_EQ(ReadAll(**resumed), Tail(full, k + 1)) << "resumed after record " << k;
    EXPECT_EQ((*resumed)->position(), end);
  }
  // At the start, and at the very end (after a last line without "\n").
  auto start = RecordReader::OpenAt(path, {}, 4096);
  ASSERT_TRUE(start);
  EXPECT_EQ(ReadAll(**start), full);
  auto at_end = RecordReader::OpenAt(path, end);
  ASSERT_TRUE(at_end) << at_end.error();
  EXPECT_TRUE(ReadAll(**at_end).empty());
}

TEST(RecordReaderResumeTest, PlainFile) {
  TempDir dir;
  WriteFile(dir.File("events.ndjson"), SampleInput());
  ExpectResumesEverywhere(dir.File("events.ndjson"));
}

TEST(RecordReaderResumeTest, GzipFile) {
  TempDir dir;
  std::string text = SampleInput();
  // Two members, split inside a line: offsets count decompressed bytes across members.
  WriteFile(dir.File("events.gz"), Gzip(text.substr(0, 20000)) + Gzip(text.substr(20000)));
  ExpectResumesEverywhere(dir.File("events.gz"));
}

TEST(RecordReaderResumeTest, PositionIncludesBlankLinesAtTheEnd) {
  RecordReader reader(MakeMemorySource("{}\n\n \n"), "<memory>");
  InputRecord record;
  ASSERT_TRUE(reader.Next(record));
  EXPECT_EQ(reader.position(), (ReaderPosition{3, 1}));
  EXPECT_FALSE(reader.Next(record));
  EXPECT_EQ(reader.position(), (ReaderPosition{6, 3}));
}

TEST(RecordReaderResumeTest, MemorySourceWithTinyReads) {
  std::string text = SampleInput();
  RecordReader whole(MakeMemorySource(text), "<memory>", 64);
  auto full = ReadAll(whole);
  for (size_t k : {0, 1, 5, 100, 399}) {
    auto resumed = RecordReader::Resume(MakeMemorySource(text, 3), "<memory>", full[k].after, 64);
    ASSERT_TRUE(resumed) << resumed.error();
    EXPECT_EQ(ReadAll(**resumed), Tail(full, k + 1));
    EXPECT_EQ((*resumed)->bytes_read(), text.size() - full[k].after.offset);
  }
}

TEST(RecordReaderResumeTest, ChangedInputIsAnError) {
  TempDir dir;
  std::string path = dir.File("events.ndjson");
  WriteFile(path, "{\"a\":1}\n{\"b\":2}\n");
  auto shorter = RecordReader::OpenAt(path, {100, 5});
  ASSERT_FALSE(shorter);
  EXPECT_EQ(shorter.error(), path
                                 + ": cannot resume at byte 100 (line 5): the input has only 16 "
                                   "bytes (was it truncated or replaced?)");
  auto mid_line = RecordReader::OpenAt(path, {4, 1});
  ASSERT_FALSE(mid_line);
  EXPECT_NE(mid_line.error().find("not the start of a line"), std::string::npos)
      << mid_line.error();
  auto gz_shorter =
      RecordReader::Resume(MakeGzipSource(MakeMemorySource(Gzip("{}\n"))), "<memory>", {10, 1});
  ASSERT_FALSE(gz_shorter);
  EXPECT_NE(gz_shorter.error().find("the input has only 3 bytes"), std::string::npos)
      << gz_shorter.error();
  EXPECT_FALSE(RecordReader::OpenAt(path, {0, 3}));
  auto missing = RecordReader::OpenAt(dir.File("missing"), {8, 1});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("cannot open"), std::string::npos);
}

TEST(RecordReaderResumeTest, StdinCannotBeResumed) {
  auto resumed = RecordReader::OpenAt("-", {120, 4});
  ASSERT_FALSE(resumed);
  EXPECT_NE(resumed.error().find("<stdin>: cannot resume at byte 120"), std::string::npos)
      << resumed.error();
  EXPECT_NE(resumed.error().find("standard input cannot be read again"), std::string::npos);
}

TEST(RecordReaderResumeTest, AfterAByteOrderMarkOnly) {
  RecordReader reader(MakeMemorySource("\xEF\xBB\xBF"), "<memory>");
  InputRecord record;
  EXPECT_FALSE(reader.Next(record));
  EXPECT_EQ(reader.position(), (ReaderPosition{3, 0}));
  // The file grew: the records after the mark are read, numbered from line 1.
  auto resumed = RecordReader::Resume(MakeMemorySource("\xEF\xBB\xBF{}\n{}"), "<memory>", {3, 0});
  ASSERT_TRUE(resumed) << resumed.error();
  auto lines = ReadAll(**resumed);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].line, 1u);
  EXPECT_EQ(lines[0].offset, 3u);
}

}  // namespace
}  // namespace scry::runtime
