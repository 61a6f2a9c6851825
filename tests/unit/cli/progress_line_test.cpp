#include "cli/repl/progress_line.hpp"

#include <gtest/gtest.h>

namespace scry::cli::repl {
namespace {

TEST(ProgressLine, DescribesBytesRateAndTimeLeft) {
  ScanProgress progress{.bytes_done = 100 << 20, .bytes_total = 400 << 20, .events = 2000000};
  EXPECT_EQ(DescribeProgress(progress, 2.0), "100.0 MiB of 400.0 MiB, 1.0M events/s, 6 s left");
}

TEST(ProgressLine, WithoutATotalNoTimeLeft) {
  ScanProgress progress{.bytes_done = 2048, .bytes_total = 0, .events = 500};
  EXPECT_EQ(DescribeProgress(progress, 1.0), "2.0 KiB, 500 events/s");
  EXPECT_EQ(ByteCount(512), "512 B");
}

TEST(ProgressLine, NothingDrawnForShortScans) {
  char buffer[256] = {};
  FILE* out = fmemopen(buffer, sizeof buffer, "w");
  ASSERT_NE(out, nullptr);
  {
    ProgressLine line(true, out);
    line.Update({.bytes_done = 1, .bytes_total = 2, .events = 1});  // under half a second
  }
  std::fclose(out);
  EXPECT_STREQ(buffer, "");
}

}  // namespace
}  // namespace scry::cli::repl
