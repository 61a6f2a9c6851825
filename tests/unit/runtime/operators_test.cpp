// Query operators run end to end on events (through the reference program): rows that pass
// from project, sort or summarize to an extend have room for its columns, and aggregates keep
// their arithmetic right at the edges of int64.
#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/compile.hpp"
#include "runtime/engine/query_runner.hpp"
#include "runtime/event/field_extractor.hpp"
#include "runtime/operators/aggregate_state.hpp"
#include "runtime/output/row_writer.hpp"
#include "test_support.hpp"

namespace scry::runtime {
namespace {

// The JSON rows `query` gives over `events`.
std::string RunQuery(std::string_view query_text, const std::vector<std::string>& events) {
  lang::SourceSet sources;
  const lang::Source& query = sources.Add("<query>", std::string(query_text));
  lang::DiagnosticList diagnostics;
  compiler::CompileOptions options;
  options.backend = compiler::Backend::kReference;
  auto compilation = compiler::CompileQuery(query, {}, diagnostics, options);
  if (!compilation) {
    ADD_FAILURE() << diagnostics.Render();
    return "";
  }
  compiler::Plan& plan = *compilation->plan;
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  std::ostringstream out;
  auto writer = MakeRowWriter(RowFormat::kJson, plan.query->output, out);
  QueryRunner runner(plan, *compilation->program, ctx, *writer);
  FieldExtractor extractor(plan.fields);
  std::vector<Value> slots(std::max<uint32_t>(plan.fields.size(), 1));
  for (const std::string& event : events) {
    testing::PaddedRecord record(event);
    arena.Reset();
    EXPECT_TRUE(extractor.Extract(record.view(), slots.data(), arena)) << event;
    runner.Process(record.view(), slots.data());
  }
  runner.Finish();
  return out.str();
}

const std::vector<std::string> kEvents = {R"({"id":1,"user":"alice"})", R"({"id":2,"user":"bob"})",
                                          R"({"id":3,"user":"alice"})"};

// The strings are long enough to be allocated right after the row's columns: writing past
// the columns would overwrite them.
TEST(OperatorsTest, ExtendAfterProject) {
  EXPECT_EQ(RunQuery(R"(project id | extend s = strcat("event ", id, " of the test log"), n = 7)",
                     kEvents),
            "{\"id\":1,\"s\":\"event 1 of the test log\",\"n\":7}\n"
            "{\"id\":2,\"s\":\"event 2 of the test log\",\"n\":7}\n"
            "{\"id\":3,\"s\":\"event 3 of the test log\",\"n\":7}\n");
}

TEST(OperatorsTest, ExtendAfterSort) {
  EXPECT_EQ(
      RunQuery(R"(sort id desc | extend s = strcat("event ", id, " of the test log"))", kEvents),
      "{\"id\":3,\"user\":\"alice\",\"s\":\"event 3 of the test log\"}\n"
      "{\"id\":2,\"user\":\"bob\",\"s\":\"event 2 of the test log\"}\n"
      "{\"id\":1,\"user\":\"alice\",\"s\":\"event 1 of the test log\"}\n");
}

TEST(OperatorsTest, ExtendAfterSummarize) {
  EXPECT_EQ(RunQuery(R"(summarize n = count() by user | extend s = strcat(user, " was seen ", n,
                        " times") | extend m = n * 10)",
                     kEvents),
            "{\"user\":\"alice\",\"n\":2,\"s\":\"alice was seen 2 times\",\"m\":20}\n"
            "{\"user\":\"bob\",\"n\":1,\"s\":\"bob was seen 1 times\",\"m\":10}\n");
}

TEST(AggregateStateTest, SumPastInt64ContinuesInFloatingPoint) {
  Arena arena;
  AggregateState sum(compiler::AggregateKind::kSum);
  sum.Add(Value::Int(INT64_MAX), true, arena);
  sum.Add(Value::Int(1), true, arena);
  sum.Add(Value::Int(1), true, arena);
  Value result = sum.Result(arena);
  ASSERT_EQ(result.kind, ValueKind::kFloat);
  EXPECT_DOUBLE_EQ(result.f, 9223372036854775809.0);

  AggregateState negative(compiler::AggregateKind::kSum);
  negative.Add(Value::Int(INT64_MIN), true, arena);
  negative.Add(Value::Int(-2), true, arena);
  result = negative.Result(arena);
  ASSERT_EQ(result.kind, ValueKind::kFloat);
  EXPECT_DOUBLE_EQ(result.f, -9223372036854775810.0);
}

TEST(AggregateStateTest, SumOfIntsStaysInt) {
  Arena arena;
  AggregateState sum(compiler::AggregateKind::kSum);
  sum.Add(Value::Int(INT64_MAX - 1), true, arena);
  sum.Add(Value::Int(1), true, arena);
  Value result = sum.Result(arena);
  ASSERT_EQ(result.kind, ValueKind::kInt);
  EXPECT_EQ(result.i, INT64_MAX);
}

}  // namespace
}  // namespace scry::runtime
