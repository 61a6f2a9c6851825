#include "runtime/state/state_codec.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/state/byte_codec.hpp"

namespace scry::runtime {
namespace {

using Group = std::vector<std::string>;

TEST(ByteCodecTest, VarintsAndStringsRoundTrip) {
  std::vector<uint64_t> numbers = {
      0, 1, 127, 128, 300, uint64_t{1} << 35, std::numeric_limits<uint64_t>::max()};
  std::string bytes;
  for (uint64_t n : numbers) {
    AppendVarint(bytes, n);
    AppendLengthPrefixed(bytes, std::string(n % 200, 'x') + '\0');
  }
  ByteReader reader(bytes);
  for (uint64_t n : numbers) {
    uint64_t read = 0;
    std::string_view text;
    ASSERT_TRUE(reader.ReadVarint(read));
    EXPECT_EQ(read, n);
    ASSERT_TRUE(reader.ReadLengthPrefixed(text));
    EXPECT_EQ(text, std::string(n % 200, 'x') + '\0');
  }
  EXPECT_TRUE(reader.done());
}

TEST(ByteCodecTest, MalformedInputReadsNothing) {
  uint64_t n = 0;
  std::string_view text;
  ByteReader unterminated("\x80\x80");
  EXPECT_FALSE(unterminated.ReadVarint(n));
  EXPECT_EQ(unterminated.rest().size(), 2u);
  std::string too_long(10, '\xff');
  too_long += '\x01';
  EXPECT_FALSE(ByteReader(too_long).ReadVarint(n));
  ByteReader short_string(
      "\x05"
      "abc");
  EXPECT_FALSE(short_string.ReadLengthPrefixed(text));
  EXPECT_EQ(short_string.rest(),
            "\x05"
            "abc");
  int64_t i = 0;
  EXPECT_FALSE(ByteReader("1234567").ReadOrderedInt64(i));
}

TEST(ByteCodecTest, OrderedInt64SortsNumerically) {
  std::mt19937_64 random(1);
  std::vector<int64_t> values = {std::numeric_limits<int64_t>::min(), -1, 0, 1,
                                 std::numeric_limits<int64_t>::max()};
  for (int i = 0; i < 1000; ++i) {
    values.push_back(static_cast<int64_t>(random()) >> (random() % 64));
  }
  std::vector<std::string> encoded;
  for (int64_t v : values) {
    std::string bytes;
    AppendOrderedInt64(bytes, v);
    ASSERT_EQ(bytes.size(), 8u);
    int64_t back = 0;
    ByteReader reader(bytes);
    ASSERT_TRUE(reader.ReadOrderedInt64(back));
    EXPECT_EQ(back, v);
    encoded.push_back(bytes);
  }
  std::vector<size_t> by_value(values.size());
  std::vector<size_t> by_bytes(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    by_value[i] = by_bytes[i] = i;
  }
  std::stable_sort(by_value.begin(), by_value.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::stable_sort(by_bytes.begin(), by_bytes.end(),
                   [&](size_t a, size_t b) { return encoded[a] < encoded[b]; });
  EXPECT_EQ(by_value, by_bytes);
}

// Strings over a tiny alphabet with 00, 01 and FF, the bytes the encoding gives a meaning,
// so that prefixes, escapes and ties are common.
std::string RandomPart(std::mt19937& random) {
  static constexpr char kAlphabet[] = {'\x00', '\x01', 'a', 'b', '\xff'};
  std::string part(random() % 4, ' ');
  for (char& c : part) {
    c = kAlphabet[random() % sizeof(kAlphabet)];
  }
  return part;
}

struct Entry {
  Group group;
  int64_t time;
  std::string suffix;
  auto operator<=>(const Entry&) const = default;
};

TEST(StateCodecTest, KeyOrderIsTupleOrder) {
  std::mt19937 random(3);
  std::vector<Entry> entries;
  for (int i = 0; i < 3000; ++i) {
    Entry e;
    size_t parts = random() % 4;
    for (size_t p = 0; p < parts; ++p) {
      e.group.push_back(RandomPart(random));
    }
    e.time = static_cast<int64_t>(random() % 7) - 3;
    e.suffix = random() % 3 == 0 ? RandomPart(random) : "";
    entries.push_back(std::move(e));
  }
  // std::string compares bytes as unsigned char, as RocksDB's default comparator does.
  auto by_tuple = entries;
  std::sort(by_tuple.begin(), by_tuple.end());
  std::vector<std::pair<std::string, size_t>> keys;
  for (size_t i = 0; i < entries.size(); ++i) {
    keys.emplace_back(EncodeStateKey(entries[i].group, entries[i].time, entries[i].suffix), i);
  }
  std::sort(keys.begin(), keys.end());
  ASSERT_EQ(keys.size(), by_tuple.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(entries[keys[i].second], by_tuple[i]) << i;
  }
  // Equal tuples, and only those, give equal keys.
  for (size_t i = 1; i < keys.size(); ++i) {
    ASSERT_EQ(keys[i - 1].first == keys[i].first,
              entries[keys[i - 1].second] == entries[keys[i].second]);
  }
}

TEST(StateCodecTest, DecodeRoundTrip) {
  std::mt19937 random(5);
  for (int i = 0; i < 1000; ++i) {
    StateKey key;
    for (size_t p = random() % 4; p > 0; --p) {
      key.group.push_back(RandomPart(random));
    }
    key.time = static_cast<int64_t>(random()) * (i % 2 == 0 ? -1 : 1);
    key.suffix = RandomPart(random);
    auto decoded = DecodeStateKey(EncodeStateKey(key.group, key.time, key.suffix));
    ASSERT_TRUE(decoded);
    ASSERT_EQ(*decoded, key);
  }
  EXPECT_FALSE(DecodeStateKey(""));
  EXPECT_FALSE(DecodeStateKey(std::string("a\x00\x01", 3)));                       // no group end
  EXPECT_FALSE(DecodeStateKey(std::string("a\x00\x00", 3) + "1234567"));           // short time
  EXPECT_FALSE(DecodeStateKey(std::string("a\x00\x07\x00\x00", 5) + "12345678"));  // bad escape
}

TEST(StateCodecTest, GroupRangesHoldExactlyTheirKeys) {
  std::mt19937 random(9);
  std::vector<Entry> entries;
  for (int i = 0; i < 2000; ++i) {
    Entry e;
    for (size_t p = random() % 3; p > 0; --p) {
      e.group.push_back(RandomPart(random));
    }
    e.time = static_cast<int64_t>(random() % 9) - 4;
    e.suffix = RandomPart(random);
    entries.push_back(std::move(e));
  }
  for (int i = 0; i < 200; ++i) {
    const Entry& probe = entries[random() % entries.size()];
    std::string group = EncodeGroup(probe.group);
    KeyRange all = GroupRange(group);
    KeyRange before = GroupRangeBefore(group, probe.time);
    for (const Entry& e : entries) {
      std::string key = EncodeStateKey(e.group, e.time, e.suffix);
      bool in_all = all.begin <= key && key < all.end;
      bool in_before = before.begin <= key && key < before.end;
      ASSERT_EQ(in_all, e.group == probe.group);
      ASSERT_EQ(in_before, e.group == probe.group && e.time < probe.time);
    }
  }
}

TEST(StateCodecTest, StringViewAndStringGroupsAgree) {
  std::vector<std::string_view> views = {"host", std::string_view("a\0b", 3)};
  Group strings = {"host", std::string("a\0b", 3)};
  EXPECT_EQ(EncodeGroup(views), EncodeGroup(strings));
  EXPECT_EQ(EncodeStateKey(views, 7, "s"), EncodeStateKey(strings, 7, "s"));
}

}  // namespace
}  // namespace scry::runtime
