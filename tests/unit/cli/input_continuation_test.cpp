#include "cli/repl/input_continuation.hpp"

#include <gtest/gtest.h>

namespace scry::cli::repl {
namespace {

TEST(InputContinuation, CompleteQueriesRun) {
  EXPECT_FALSE(NeedsMoreInput("where EventID == 4688"));
  EXPECT_FALSE(NeedsMoreInput("where x in [1, 2] | summarize count() by user"));
  EXPECT_FALSE(NeedsMoreInput(""));
  EXPECT_FALSE(NeedsMoreInput("where x == \"a | b\""));
}

TEST(InputContinuation, OpenPipeWaits) {
  EXPECT_TRUE(NeedsMoreInput("where x == 1 |"));
  EXPECT_TRUE(NeedsMoreInput("where x == 1 |  \t"));
  EXPECT_TRUE(NeedsMoreInput("where x == 1\n|"));
  EXPECT_FALSE(NeedsMoreInput("where x == 1\n| head 5"));
}

TEST(InputContinuation, OpenBracketsWait) {
  EXPECT_TRUE(NeedsMoreInput("where x in [1, 2"));
  EXPECT_TRUE(NeedsMoreInput("where lower(x"));
  EXPECT_TRUE(NeedsMoreInput("where (a or (b and c)"));
  EXPECT_FALSE(NeedsMoreInput("where (a or (b and c))"));
  // A stray closer is the parser's to report, not a reason to wait.
  EXPECT_FALSE(NeedsMoreInput("where x == 1)"));
}

TEST(InputContinuation, BracketsInStringsAndCommentsDoNotCount) {
  EXPECT_FALSE(NeedsMoreInput("where x == \"(\""));
  EXPECT_FALSE(NeedsMoreInput("where x == '[' // ( |"));
  // A raw string takes no escapes: r"\" is closed by its second quote.
  EXPECT_FALSE(NeedsMoreInput("where x == r\"\\\" and y == \"(\""));
  EXPECT_FALSE(NeedsMoreInput("where `odd (name` == 1"));
  EXPECT_FALSE(NeedsMoreInput("where x == 1 /* | */"));
}

TEST(InputContinuation, UnterminatedStringsWait) {
  EXPECT_TRUE(NeedsMoreInput("where x == \"abc"));
  EXPECT_TRUE(NeedsMoreInput("where x == 'ab\\'"));
  EXPECT_TRUE(NeedsMoreInput("where x matches re\"a(b"));
  EXPECT_TRUE(NeedsMoreInput("where `field"));
  EXPECT_TRUE(NeedsMoreInput("where x == 1 /* not closed"));
  EXPECT_FALSE(NeedsMoreInput("where x == \"a\\\"b\""));
  EXPECT_FALSE(NeedsMoreInput("where `a``b` == 1"));
}

TEST(InputContinuation, BlankEntries) {
  EXPECT_TRUE(IsBlankEntry(""));
  EXPECT_TRUE(IsBlankEntry("  \t"));
  EXPECT_TRUE(IsBlankEntry("// only a comment\n  // and another"));
  EXPECT_FALSE(IsBlankEntry("// a comment\nwhere x == 1"));
  EXPECT_FALSE(IsBlankEntry("/ 2"));
}

}  // namespace
}  // namespace scry::cli::repl
