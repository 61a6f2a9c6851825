// What binding a rule set leaves in the plan: failed rules and unused sources must cost
// nothing at run time (no fields extracted, no code), and lets survive a failed rule.
#include <string>

#include <gtest/gtest.h>

#include "compiler/driver/compile.hpp"

namespace scry::compiler {
namespace {

struct Compiled {
  lang::Source source;
  lang::DiagnosticList diagnostics;
  std::optional<Compilation> compilation;

  explicit Compiled(std::string text, Backend backend = Backend::kReference)
      : source("<test>", std::move(text)) {
    CompileOptions options;
    options.backend = backend;
    compilation = CompileRuleSet({&source}, diagnostics, options);
  }
  std::vector<std::string> Fields() const {
    std::vector<std::string> names;
    for (uint32_t slot = 0; slot < compilation->plan->fields.size(); ++slot) {
      names.push_back(compilation->plan->fields.Dotted(slot));
    }
    return names;
  }
};

TEST(RuleSetBinding, FailedRuleLeavesNoFieldsOrExpressions) {
  Compiled c(R"(
    rule good { where A == 1 }
    rule bad { where B contains "x" and lower(42) == "y" }
  )");
  ASSERT_TRUE(c.compilation);
  EXPECT_EQ(c.compilation->rules_failed, 1u);
  EXPECT_EQ(c.Fields(), std::vector<std::string>{"A"});
  EXPECT_EQ(c.compilation->plan->expressions.size(), 1u);
}

TEST(RuleSetBinding, UnusedSourcesAreCheckedButAddNothing) {
  Compiled c(R"(
    source used { where Channel == "x" }
    source unused { where Other == 2 }
    source broken { where Missing == 3 | head 1 }
    rule r { from used | where A == 1 }
  )");
  ASSERT_TRUE(c.compilation);
  EXPECT_EQ(c.compilation->rules_failed, 0u);
  EXPECT_TRUE(c.diagnostics.has_errors());  // `head` in a source
  EXPECT_EQ(c.Fields(), (std::vector<std::string>{"Channel", "A"}));
}

TEST(RuleSetBinding, LetsSurviveAFailedRule) {
  // The let is first used by a rule that fails; the next rule still gets its value.
  Compiled c(R"(
    let tools = ["psexec.exe", "wmic.exe"]
    rule bad { where X in tools and lower(1) == "a" }
    rule good { where Y in tools }
  )",
             Backend::kJit);
  ASSERT_TRUE(c.compilation);
  ASSERT_EQ(c.compilation->rules_failed, 1u);
  const Plan& plan = *c.compilation->plan;
  ASSERT_EQ(plan.rules.size(), 1u);
  Value fields[1] = {Value::String("WMIC.EXE")};
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  ExprIndex condition = std::get<FilterStep>(plan.rules[0].pipeline.steps[0].step).condition;
  EXPECT_FALSE(c.compilation->program->Test(condition, RowView{fields, nullptr}, ctx));
  fields[0] = Value::String("wmic.exe");
  EXPECT_TRUE(c.compilation->program->Test(condition, RowView{fields, nullptr}, ctx));
}

TEST(RuleSetBinding, SharedSourceConditionsAreBoundOnce) {
  Compiled c(R"(
    source s { where Channel == "x" and EventID == 1 }
    rule a { from s | where A == 1 }
    rule b { from s | where B == 2 }
  )");
  ASSERT_TRUE(c.compilation);
  const Plan& plan = *c.compilation->plan;
  ASSERT_EQ(plan.rules.size(), 2u);
  auto first_condition = [](const RulePlan& rule) {
    return std::get<FilterStep>(rule.pipeline.steps[0].step).condition;
  };
  EXPECT_EQ(first_condition(plan.rules[0]), first_condition(plan.rules[1]));
}

}  // namespace
}  // namespace scry::compiler
