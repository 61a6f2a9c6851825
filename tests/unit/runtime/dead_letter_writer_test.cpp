#include "runtime/output/dead_letter_writer.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "runtime/event/event_fields.hpp"
#include "tests/unit/runtime/test_support.hpp"

namespace scry::runtime {
namespace {

// A writer over a temporary FILE whose contents the test can read back.
class Capture {
 public:
  explicit Capture(DeadLetterWriter::Format format)
      : file_(std::tmpfile()), writer_(file_, format, "<capture>", false) {}
  ~Capture() { std::fclose(file_); }

  DeadLetterWriter& writer() { return writer_; }

  std::string Text() {
    EXPECT_TRUE(writer_.Flush());
    std::rewind(file_);
    std::string text;
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof(buffer), file_)) > 0) {
      text.append(buffer, n);
    }
    return text;
  }

 private:
  std::FILE* file_;
  DeadLetterWriter writer_;
};

InputRecord Record(std::string_view text, uint64_t line = 3, uint64_t offset = 120) {
  return InputRecord{text, "logs/a.ndjson", line, offset};
}

std::string Base64Decode(std::string_view text) {
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=') {
      break;
    }
    bits = bits << 6 | static_cast<uint32_t>(kAlphabet.find(c));
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

TEST(DeadLetterWriterTest, NdjsonEntry) {
  Capture capture(DeadLetterWriter::Format::kNdjson);
  capture.writer().Write(Record(R"({"a":1,)"), "unexpected end of input", 7);
  capture.writer().Write(Record("x", 4, 130), "other", std::nullopt);
  EXPECT_EQ(capture.Text(),
            R"({"source":"logs/a.ndjson","line":3,"offset":120,"error_offset":7,)"
            R"("reason":"unexpected end of input","record":"{\"a\":1,"})"
            "\n"
            R"({"source":"logs/a.ndjson","line":4,"offset":130,"error_offset":null,)"
            R"("reason":"other","record":"x"})"
            "\n");
  EXPECT_EQ(capture.writer().count(), 2u);
}

TEST(DeadLetterWriterTest, ArbitraryBytesStayValidJsonAndLossless) {
  std::string record = std::string("{\"a\":\"\x01\x1b[31m\t\xff\xfe\xC3\"\\", 18) + "\xC3\xA9";
  Capture capture(DeadLetterWriter::Format::kNdjson);
  capture.writer().Write(Record(record), "invalid UTF-8", 9);
  std::string text = capture.Text();
  ASSERT_EQ(text.back(), '\n');
  auto fields = TopLevelFieldsRaw(std::string_view(text).substr(0, text.size() - 1));
  ASSERT_TRUE(fields) << fields.error().reason << " in " << text;
  ASSERT_EQ(fields->size(), 7u);
  EXPECT_EQ((*fields)[5].first, "record");
  EXPECT_EQ((*fields)[5].second, R"("{\"a\":\"\u0001\u001b[31m\t)"
                                 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                                 R"(\"\\)"
                                 "\xC3\xA9\"");
  EXPECT_EQ((*fields)[6].first, "record_base64");
  std::string encoded = (*fields)[6].second;
  EXPECT_EQ(Base64Decode(encoded.substr(1, encoded.size() - 2)), record);
}

TEST(DeadLetterWriterTest, Base64Padding) {
  for (std::string record : {"\xff", "\xff\xfe", "\xff\xfe\xfd", "\xff\xfe\xfd\xfc"}) {
    Capture capture(DeadLetterWriter::Format::kNdjson);
    capture.writer().Write(Record(record), "r", std::nullopt);
    std::string text = capture.Text();
    size_t start = text.find("\"record_base64\":\"") + 17;
    std::string encoded = text.substr(start, text.find('"', start) - start);
    EXPECT_EQ(encoded.size() % 4, 0u) << encoded;
    EXPECT_EQ(Base64Decode(encoded), record);
  }
}

TEST(DeadLetterWriterTest, HumanEntry) {
  Capture capture(DeadLetterWriter::Format::kHuman);
  capture.writer().Write(Record(R"({"a":tru})"), "invalid literal", 5);
  capture.writer().Write(Record("{\x1b]0;x\x07\xff}", 9, 0), "bad", std::nullopt);
  EXPECT_EQ(capture.Text(),
            "logs/a.ndjson:3: malformed record (invalid literal) at byte 125\n"
            "{\"a\":tru}\n"
            "logs/a.ndjson:9: malformed record (bad) at byte 0\n"
            "{\\x1b]0;x\\x07\\xff}\n");
}

TEST(DeadLetterWriterTest, HumanRecordIsCutAt200Bytes) {
  Capture capture(DeadLetterWriter::Format::kHuman);
  std::string record = std::string(199, 'x') + "\xC3\xA9" + std::string(50, 'y');
  capture.writer().Write(Record(record, 1, 0), "r", 0);
  std::string text = capture.Text();
  std::string second = text.substr(text.find('\n') + 1);
  EXPECT_EQ(second, std::string(199, 'x') + " ... (52 more bytes)\n");
}

TEST(DeadLetterWriterTest, OpenWritesAFile) {
  testing::TempDir dir;
  std::string path = dir.File("dead.ndjson");
  {
    auto writer = DeadLetterWriter::Open(path);
    ASSERT_TRUE(writer) << writer.error();
    (*writer)->Write(Record("x"), "r", 0);
    EXPECT_TRUE((*writer)->Flush());
  }
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), R"({"source":"logs/a.ndjson","line":3,"offset":120,"error_offset":0,)"
                           R"("reason":"r","record":"x"})"
                           "\n");
  auto bad = DeadLetterWriter::Open(dir.File("no/such/dir.ndjson"));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("cannot open dead-letter file"), std::string::npos);
}

TEST(DeadLetterWriterTest, WriteErrorsAreReported) {
  std::FILE* full = std::fopen("/dev/full", "w");
  if (full == nullptr) {
    GTEST_SKIP() << "no /dev/full";
  }
  DeadLetterWriter writer(full, DeadLetterWriter::Format::kNdjson, "/dev/full", true);
  writer.Write(Record("x"), "r", 0);
  auto flushed = writer.Flush();
  ASSERT_FALSE(flushed);
  EXPECT_NE(flushed.error().find("/dev/full"), std::string::npos);
}

}  // namespace
}  // namespace scry::runtime
