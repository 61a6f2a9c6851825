#include "runtime/state/checkpoint_codec.hpp"

#include <string>

#include <gtest/gtest.h>

#include "runtime/state/byte_codec.hpp"

namespace scry::runtime {
namespace {

Checkpoint Sample() {
  Checkpoint c;
  c.inputs = {{"a.ndjson", 1234, 17}, {"-", 0, 0}, {std::string("odd\0name", 8), 1ull << 40, 9}};
  c.events = 987654321;
  c.max_event_time = -5;
  c.watermark = 1700000000000000000;
  c.counters = {{"alerts", "12"}, {"", ""}, {"bytes", std::string("\0\xff", 2)}};
  return c;
}

TEST(CheckpointCodecTest, RoundTrip) {
  auto decoded = DecodeCheckpoint(EncodeCheckpoint(Sample()));
  ASSERT_TRUE(decoded) << decoded.error();
  EXPECT_EQ(*decoded, Sample());
  auto empty = DecodeCheckpoint(EncodeCheckpoint(Checkpoint{}));
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_EQ(*empty, Checkpoint{});
  EXPECT_EQ(empty->max_event_time, Checkpoint::kNoTime);
}

TEST(CheckpointCodecTest, UnknownFieldsAreSkipped) {
  std::string bytes = EncodeCheckpoint(Sample());
  AppendVarint(bytes, 99);  // a field a later scry may add
  AppendLengthPrefixed(bytes, "whatever");
  auto decoded = DecodeCheckpoint(bytes);
  ASSERT_TRUE(decoded) << decoded.error();
  EXPECT_EQ(*decoded, Sample());
}

TEST(CheckpointCodecTest, OtherVersionsAndDamageAreErrors) {
  std::string bytes = EncodeCheckpoint(Sample());
  std::string newer = bytes;
  newer[0] = 2;
  auto version = DecodeCheckpoint(newer);
  ASSERT_FALSE(version);
  EXPECT_NE(version.error().find("format version 2"), std::string::npos) << version.error();
  EXPECT_FALSE(DecodeCheckpoint(""));
  for (size_t cut = 2; cut < bytes.size(); ++cut) {
    // Every cut either ends between fields (a shorter, valid checkpoint) or is reported.
    auto decoded = DecodeCheckpoint(bytes.substr(0, cut));
    if (!decoded) {
      EXPECT_NE(decoded.error().find("unreadable checkpoint"), std::string::npos);
    }
  }
  EXPECT_FALSE(DecodeCheckpoint(bytes.substr(0, bytes.size() - 1)));
}

}  // namespace
}  // namespace scry::runtime
