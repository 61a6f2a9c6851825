// Sources with `extend`: the steps they add to rules and queries, bound once and shared, and
// the counts rule plans keep of them.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compile_test_support.hpp"
#include "compiler/plan/plan_printer.hpp"

namespace scry::compiler {
namespace {

using testing::CompiledQuery;
using testing::CompiledRules;

constexpr const char* kSources = R"(
  source windows.process_creation {
    where (Channel == "Microsoft-Windows-Sysmon/Operational" and EventID == 1)
       or (Channel == "Security" and EventID == 4688)
    | extend Image = coalesce(Image, NewProcessName), ParentImage = coalesce(ParentImage, ParentProcessName)
  }
  source windows.process_creation.cmd {
    from windows.process_creation
    | extend image_lower = lower(Image)
    | where image_lower endswith r"\cmd.exe"
  }
)";

std::vector<std::string> StepNames(const Pipeline& pipeline) {
  std::vector<std::string> names;
  for (const PlanStep& step : pipeline.steps) {
    names.emplace_back(step.Name());
  }
  return names;
}

TEST(SourceExtend, RulesGetTheSourceStepsFirst) {
  CompiledRules c(std::string(kSources) + R"(
    rule whoami { from windows.process_creation | where Image endswith r"\whoami.exe" }
    rule shell {
      from windows.process_creation.cmd
      | extend args = CommandLine, Image = upper(Image)
    }
    rule plain { where EventID == 1 }
  )");
  ASSERT_TRUE(c.compilation);
  ASSERT_EQ(c.compilation->rules_failed, 0u) << c.diagnostics.Render();
  const Plan& plan = c.plan();
  ASSERT_EQ(plan.rules.size(), 3u);

  const RulePlan& whoami = plan.rules[0];
  EXPECT_EQ(StepNames(whoami.pipeline), (std::vector<std::string>{"where", "extend", "where"}));
  EXPECT_EQ(whoami.source_steps, 2u);
  EXPECT_EQ(whoami.source_columns, 2u);
  EXPECT_EQ(whoami.pipeline.output.columns, (std::vector<std::string>{"Image", "ParentImage"}));
  // The rule's `Image` is the source's computed column, not the event field.
  ExprIndex own = std::get<FilterStep>(whoami.pipeline.steps[2].step).condition;
  EXPECT_EQ(plan.expressions[own]->children[0]->kind, BoundKind::kColumn);

  const RulePlan& shell = plan.rules[1];
  EXPECT_EQ(StepNames(shell.pipeline),
            (std::vector<std::string>{"where", "extend", "extend", "where", "extend"}));
  EXPECT_EQ(shell.source_steps, 4u);
  EXPECT_EQ(shell.source_columns, 3u);
  // A rule column with a source column's name replaces it in place.
  EXPECT_EQ(shell.pipeline.output.columns,
            (std::vector<std::string>{"Image", "ParentImage", "image_lower", "args"}));

  EXPECT_EQ(plan.rules[2].source_steps, 0u);
  EXPECT_EQ(plan.rules[2].source_columns, 0u);
}

TEST(SourceExtend, SourceStepsAreBoundOnceForAllReaders) {
  CompiledRules c(std::string(kSources) + R"(
    rule a { from windows.process_creation | where Image endswith "a" }
    rule b { from windows.process_creation | where ParentImage endswith "b" }
    rule d { from windows.process_creation.cmd }
  )");
  ASSERT_TRUE(c.compilation);
  ASSERT_EQ(c.compilation->rules_failed, 0u) << c.diagnostics.Render();
  const Plan& plan = c.plan();
  auto extend_values = [](const RulePlan& rule) {
    std::vector<ExprIndex> values;
    for (const auto& column : std::get<ExtendStep>(rule.pipeline.steps[1].step).columns) {
      values.push_back(column.value);
    }
    return values;
  };
  EXPECT_EQ(extend_values(plan.rules[0]), extend_values(plan.rules[1]));
  EXPECT_EQ(extend_values(plan.rules[0]), extend_values(plan.rules[2]));
  EXPECT_EQ(std::get<FilterStep>(plan.rules[0].pipeline.steps[0].step).condition,
            std::get<FilterStep>(plan.rules[2].pipeline.steps[0].step).condition);
}

TEST(SourceExtend, QueriesGetTheSourceStepsToo) {
  CompiledQuery q("from windows.process_creation | where Image endswith \"x\" | project Image",
                  kSources);
  ASSERT_TRUE(q.compilation) << q.diagnostics.Render();
  EXPECT_EQ(StepNames(*q.compilation->plan->query),
            (std::vector<std::string>{"where", "extend", "where", "project"}));
}

TEST(SourceExtend, ExplainShowsTheSourceExtends) {
  CompiledRules c(std::string(kSources) + R"(
    rule whoami { from windows.process_creation | where Image endswith r"\whoami.exe" }
  )");
  ASSERT_TRUE(c.compilation);
  std::string explained = ExplainPlan(c.plan());
  EXPECT_NE(explained.find("  extend @Image = [e1] coalesce($Image, $NewProcessName), @ParentImage "
                           "= [e2] coalesce($ParentImage, $ParentProcessName)\n"
                           "  where [e3] @Image endswith~ \"\\\\whoami.exe\"\n"),
            std::string::npos)
      << explained;
}

TEST(SourceExtend, OnlyWhereAndExtendAreAllowed) {
  for (const char* op : {"project a", "summarize count()", "sort a", "head 1"}) {
    SCOPED_TRACE(op);
    CompiledRules c(std::string("source s { where a == 1 | ") + op + " }\nrule r { from s }");
    ASSERT_TRUE(c.compilation);
    EXPECT_EQ(c.compilation->rules_failed, 1u);
    std::string name(op, std::string_view(op).find(' '));
    EXPECT_EQ(c.FirstError(),
              "a source can only select events with 'where' and add columns with "
              "'extend', not '"
                  + name + "'");
  }
}

TEST(SourceExtend, ErrorsInASourceExtendFailItsReaders) {
  CompiledRules c(R"(
    source s { extend x = lower(1) }
    rule r { from s | where x == "1" }
    rule ok { where y == 1 }
  )");
  ASSERT_TRUE(c.compilation);
  EXPECT_EQ(c.compilation->rules_failed, 1u);
  EXPECT_EQ(c.FirstError(), "argument 's' of lower() must be string or list, got int");
}

}  // namespace
}  // namespace scry::compiler
