#include "cli/repl/schema_sampler.hpp"

#include <gtest/gtest.h>

namespace scry::cli::repl {
namespace {

const SampledField* Find(const SampledSchema& schema, const std::string& path) {
  for (const SampledField& field : schema.fields) {
    if (field.path == path) {
      return &field;
    }
  }
  return nullptr;
}

TEST(SchemaSampler, PathsTypesAndExamples) {
  SampledSchema schema;
  SampleRecord(R"({"EventID": 4688, "process": {"name": "C:\\cmd.exe", "pid": 12}, "tags": [1]})",
               schema);
  SampleRecord(R"({"EventID": "4624", "user": null, "process": {"name": "a"}})", schema);
  EXPECT_EQ(schema.events, 2U);
  const SampledField* id = Find(schema, "EventID");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->types, (std::vector<std::string>{"number", "string"}));
  EXPECT_EQ(id->events, 2U);
  EXPECT_EQ(id->example, "4688");
  const SampledField* name = Find(schema, "process.name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->example, "C:\\cmd.exe") << "a string's text, unescaped";
  EXPECT_EQ(Find(schema, "process"), nullptr) << "objects are walked, not listed";
  EXPECT_EQ(Find(schema, "process.pid")->events, 1U);
  EXPECT_EQ(Find(schema, "tags")->types, std::vector<std::string>{"array"});
  const SampledField* user = Find(schema, "user");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->types, std::vector<std::string>{"null"});
  EXPECT_FALSE(user->has_example) << "null is no example";
  EXPECT_EQ(Find(schema, "tags")->example, "[1]");
  // First appearance order.
  EXPECT_EQ(schema.fields.front().path, "EventID");
  EXPECT_EQ(schema.fields.back().path, "user");
}

TEST(SchemaSampler, SkipsWhatIsNotAnObject) {
  SampledSchema schema;
  SampleRecord("[1, 2]", schema);
  SampleRecord("not json", schema);
  SampleRecord(R"({"a": )", schema);
  EXPECT_EQ(schema.events, 0U);
  EXPECT_TRUE(schema.fields.empty());
}

TEST(SchemaSampler, SamplesTheFirstEventsOfTheShared) {
  auto schema = SampleInputs({SCRY_SHARED_DIR "/events/dev/attack.ndjson"}, 50);
  ASSERT_TRUE(schema) << schema.error();
  EXPECT_EQ(schema->events, 50U);
  EXPECT_NE(Find(*schema, "EventID"), nullptr);
  // Only regular files are sampled: a pipe is left whole for the query.
  auto none = SampleInputs({"/no/such/file.ndjson", "-"}, 10);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->events, 0U);
}

}  // namespace
}  // namespace scry::cli::repl
