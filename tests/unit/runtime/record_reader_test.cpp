#include "runtime/input/record_reader.hpp"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/event/json_padding.hpp"
#include "tests/unit/runtime/test_support.hpp"

namespace scry::runtime {
namespace {

using testing::Gzip;
using testing::TempDir;
using testing::WriteFile;

struct Line {
  std::string text;
  uint64_t line;
  uint64_t offset;
  bool operator==(const Line&) const = default;
};

void PrintTo(const Line& l, std::ostream* os) {
  *os << "{" << ::testing::PrintToString(l.text) << ", line " << l.line << ", offset " << l.offset
      << "}";
}

std::vector<Line> ReadAll(RecordReader& reader) {
  std::vector<Line> lines;
  InputRecord record;
  while (reader.Next(record)) {
    // Touch the padding simdjson may read; sanitizers flag it if it is not there.
    volatile char sink = 0;
    for (size_t i = 0; i < kJsonPadding; ++i) {
      sink = sink ^ record.text.data()[record.text.size() + i];
    }
    lines.push_back({std::string(record.text), record.line, record.offset});
  }
  return lines;
}

std::vector<Line> ReadBytes(std::string bytes, size_t max_read = SIZE_MAX, size_t block = 1 << 20) {
  RecordReader reader(MakeMemorySource(std::move(bytes), max_read), "<memory>", block);
  auto lines = ReadAll(reader);
  EXPECT_EQ(reader.error(), "");
  return lines;
}

TEST(RecordReaderTest, LinesWithNumbersAndOffsets) {
  EXPECT_EQ(ReadBytes("{\"a\":1}\n{\"b\":2}\n"),
            (std::vector<Line>{{"{\"a\":1}", 1, 0}, {"{\"b\":2}", 2, 8}}));
}

TEST(RecordReaderTest, LastLineWithoutNewline) {
  EXPECT_EQ(ReadBytes("{}\n{\"x\":1}"), (std::vector<Line>{{"{}", 1, 0}, {"{\"x\":1}", 2, 3}}));
}

TEST(RecordReaderTest, CrLfIsStripped) {
  EXPECT_EQ(ReadBytes("{}\r\n{\"a\":\"\r\"}\r\nx\r"),
            (std::vector<Line>{{"{}", 1, 0}, {"{\"a\":\"\r\"}", 2, 4}, {"x", 3, 15}}));
}

TEST(RecordReaderTest, BlankLinesAreSkippedButCounted) {
  EXPECT_EQ(ReadBytes("\n  \t\n{}\n\r\n \r\n\n[1]\n  {} \n\n \t "),
            (std::vector<Line>{{"{}", 3, 5}, {"[1]", 7, 14}, {"  {} ", 8, 18}}));
}

TEST(RecordReaderTest, EmptyInput) {
  EXPECT_TRUE(ReadBytes("").empty());
  EXPECT_TRUE(ReadBytes("\n\n").empty());
}

TEST(RecordReaderTest, ByteOrderMarkIsSkipped) {
  EXPECT_EQ(ReadBytes("\xEF\xBB\xBF{}\n{}"), (std::vector<Line>{{"{}", 1, 3}, {"{}", 2, 6}}));
  // Only at the very start.
  EXPECT_EQ(ReadBytes("{}\n\xEF\xBB\xBF{}"),
            (std::vector<Line>{{"{}", 1, 0}, {"\xEF\xBB\xBF{}", 2, 3}}));
  EXPECT_EQ(ReadBytes("\xEF\xBB\xBF", 1), (std::vector<Line>{}));
}

TEST(RecordReaderTest, TinyBlocksAndReadsGiveTheSameLines) {
  std::mt19937 random(42);
  std::string input;
  std::vector<Line> expected;
  uint64_t line = 0;
  for (int i = 0; i < 300; ++i) {
    ++line;
    size_t length = random() % 3 == 0 ? random() % 200 : random() % 20;
    std::string text = "{" + std::string(length, static_cast<char>('a' + i % 26)) + "}";
    expected.push_back({text, line, input.size()});
    input += text + (i % 5 == 0 ? "\r\n" : "\n");
    if (i % 7 == 0) {
      input += "   \n";
      ++line;
    }
  }
  for (size_t block : {16, 17, 64, 1000}) {
    for (size_t max_read : {1, 3, 100, 100000}) {
      EXPECT_EQ(ReadBytes(input, max_read, block), expected) << block << " " << max_read;
    }
  }
}

TEST(RecordReaderTest, HugeLine) {
  std::string huge = "{\"k\":\"" + std::string(50 << 20, 'x') + "\"}";
  std::string input = "{}\n" + huge + "\n{\"after\":1}\n";
  RecordReader reader(MakeMemorySource(input), "<memory>");
  InputRecord record;
  ASSERT_TRUE(reader.Next(record));
  ASSERT_TRUE(reader.Next(record));
  EXPECT_EQ(record.text.size(), huge.size());
  EXPECT_TRUE(record.text == huge);
  EXPECT_EQ(record.line, 2u);
  EXPECT_EQ(record.offset, 3u);
  ASSERT_TRUE(reader.Next(record));
  EXPECT_EQ(record.text, "{\"after\":1}");
  EXPECT_EQ(record.offset, 4 + huge.size());
  EXPECT_FALSE(reader.Next(record));
  EXPECT_EQ(reader.bytes_read(), input.size());
}

TEST(RecordReaderTest, PlainFile) {
  TempDir dir;
  std::string path = dir.File("events.ndjson");
  WriteFile(path, "{\"a\":1}\n\n{\"a\":2}\n");
  auto reader = RecordReader::Open(path);
  ASSERT_TRUE(reader) << reader.error();
  EXPECT_EQ(ReadAll(**reader), (std::vector<Line>{{"{\"a\":1}", 1, 0}, {"{\"a\":2}", 3, 9}}));
  EXPECT_EQ((*reader)->error(), "");
  EXPECT_EQ((*reader)->bytes_read(), 17u);
  EXPECT_EQ((*reader)->name(), path);
}

TEST(RecordReaderTest, RecordsKnowTheirSource) {
  TempDir dir;
  std::string path = dir.File("x.ndjson");
  WriteFile(path, "{}\n");
  auto reader = RecordReader::Open(path);
  ASSERT_TRUE(reader);
  InputRecord record;
  ASSERT_TRUE((*reader)->Next(record));
  EXPECT_EQ(record.source, path);
}

TEST(RecordReaderTest, GzipIsDetectedByContent) {
  TempDir dir;
  std::string path = dir.File("events.json");  // no .gz: the magic bytes decide
  std::string text;
  std::vector<Line> expected;
  for (int i = 0; i < 5000; ++i) {
    std::string line = "{\"n\":" + std::to_string(i) + "}";
    expected.push_back({line, static_cast<uint64_t>(i + 1), text.size()});
    text += line + "\n";
  }
  WriteFile(path, Gzip(text));
  auto reader = RecordReader::Open(path, 4096);
  ASSERT_TRUE(reader) << reader.error();
  EXPECT_EQ(ReadAll(**reader), expected);
  EXPECT_EQ((*reader)->error(), "");
  EXPECT_EQ((*reader)->bytes_read(), text.size());
}

TEST(RecordReaderTest, ConcatenatedGzipMembers) {
  TempDir dir;
  std::string path = dir.File("two.gz");
  WriteFile(path, Gzip("{\"a\":1}\n{\"b\"") + Gzip(":2}\n{\"c\":3}"));
  auto reader = RecordReader::Open(path);
  ASSERT_TRUE(reader);
  EXPECT_EQ(ReadAll(**reader),
            (std::vector<Line>{{"{\"a\":1}", 1, 0}, {"{\"b\":2}", 2, 8}, {"{\"c\":3}", 3, 16}}));
  EXPECT_EQ((*reader)->error(), "");
}

TEST(RecordReaderTest, TruncatedGzipYieldsCompleteLinesThenAnError) {
  std::string text;
  std::vector<std::string> lines;
  std::mt19937 random(7);
  for (int i = 0; i < 20000; ++i) {
    lines.push_back("{\"n\":" + std::to_string(random()) + "}");
    text += lines.back() + "\n";
  }
  std::string gz = Gzip(text);
  TempDir dir;
  std::string path = dir.File("cut.gz");
  WriteFile(path, gz.substr(0, gz.size() * 2 / 3));
  auto reader = RecordReader::Open(path, 4096);
  ASSERT_TRUE(reader);
  auto read = ReadAll(**reader);
  ASSERT_GT(read.size(), 0u);
  ASSERT_LT(read.size(), lines.size());
  for (size_t i = 0; i < read.size(); ++i) {
    ASSERT_EQ(read[i].text, lines[i]) << i;
    ASSERT_EQ(read[i].line, i + 1);
  }
  const std::string& error = (*reader)->error();
  EXPECT_NE(error.find(path + ": truncated gzip stream"), std::string::npos) << error;
  EXPECT_NE(error.find("unfinished line " + std::to_string(read.size() + 1)), std::string::npos)
      << error;
}

TEST(RecordReaderTest, CorruptGzip) {
  std::string gz = Gzip(std::string(100000, 'x') + "\n");
  for (size_t i = 20; i < 60; ++i) {
    gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  }
  RecordReader reader(MakeGzipSource(MakeMemorySource(gz)), "<memory>");
  InputRecord record;
  EXPECT_FALSE(reader.Next(record));
  EXPECT_NE(reader.error().find("corrupt gzip data"), std::string::npos) << reader.error();
}

TEST(RecordReaderTest, GarbageAfterGzip) {
  RecordReader reader(MakeGzipSource(MakeMemorySource(Gzip("{}\n{}\n") + "junk")), "<memory>");
  auto lines = ReadAll(reader);
  EXPECT_EQ(lines.size(), 2u);
  EXPECT_NE(reader.error().find("trailing data after the end of the gzip stream"),
            std::string::npos)
      << reader.error();
}

TEST(RecordReaderTest, OpenErrorsNameThePath) {
  TempDir dir;
  auto missing = RecordReader::Open(dir.File("missing.ndjson"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(),
            dir.File("missing.ndjson") + ": cannot open: No such file or directory");
  auto directory = RecordReader::Open(dir.File(""));
  ASSERT_FALSE(directory);
  EXPECT_NE(directory.error().find("is a directory"), std::string::npos);
}

TEST(RecordReaderTest, EmptyAndOneByteFiles) {
  TempDir dir;
  WriteFile(dir.File("empty"), "");
  WriteFile(dir.File("one"), "\x1f");
  auto empty = RecordReader::Open(dir.File("empty"));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(ReadAll(**empty).empty());
  auto one = RecordReader::Open(dir.File("one"));
  ASSERT_TRUE(one);
  EXPECT_EQ(ReadAll(**one), (std::vector<Line>{{"\x1f", 1, 0}}));
}

}  // namespace
}  // namespace scry::runtime
