// Binding `*` (every value of the event) and `exists`: where each may stand, what they bind
// to, and that both back ends read `*` through the EvalContext hook, once per event.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compile_test_support.hpp"
#include "compiler/plan/plan_printer.hpp"

namespace scry::compiler {
namespace {

using testing::CompiledQuery;
using testing::CompiledRules;

TEST(AllValuesBinding, BindsToAListOfTheEventsValues) {
  CompiledQuery q(R"(where * contains "mimikatz" and len(*) > 2)");
  ASSERT_TRUE(q.compilation) << q.diagnostics.Render();
  const Plan& plan = *q.compilation->plan;
  ASSERT_EQ(plan.query->steps.size(), 1u);
  ExprIndex condition = std::get<FilterStep>(plan.query->steps[0].step).condition;
  const BoundExpr& expr = *plan.expressions[condition];
  ASSERT_EQ(expr.kind, BoundKind::kAnd);
  const BoundExpr& match = *expr.children[0];
  ASSERT_EQ(match.kind, BoundKind::kStringMatch);
  EXPECT_EQ(match.children[0]->kind, BoundKind::kAllValues);
  EXPECT_EQ(match.children[0]->type, Type::ListOf(TypeKind::kDynamic));
  EXPECT_EQ(PrintBoundExpr(plan, expr), R"((* contains~ "mimikatz") and (len(*) > 2))");
  EXPECT_EQ(plan.fields.size(), 0u);  // `*` reads no slot: nothing is extracted for it
}

TEST(AllValuesBinding, IsNeverFoldedAsAConstant) {
  // It has no children, like a constant, but depends on the event.
  CompiledQuery q("extend n = len(*), s = strcat(*)");
  ASSERT_TRUE(q.compilation) << q.diagnostics.Render();
  const Plan& plan = *q.compilation->plan;
  for (const auto& expr : plan.expressions) {
    EXPECT_NE(expr->kind, BoundKind::kConstant) << PrintBoundExpr(plan, *expr);
  }
}

TEST(AllValuesBinding, ErrorsWhereThereIsNoEvent) {
  EXPECT_EQ(CompiledQuery("let x = * | where a == x").FirstError(),
            "'*' is not a constant: it reads every value of the event, and a let can only use "
            "literals, functions and other lets");
  EXPECT_EQ(CompiledQuery(R"(project a | where * contains "x")").FirstError(),
            "'*' reads every value of the event, which is gone after 'project' or 'summarize'; "
            "use it before them");
  EXPECT_EQ(CompiledQuery("summarize n = count() | extend m = len(*)").FirstError(),
            "'*' reads every value of the event, which is gone after 'project' or 'summarize'; "
            "use it before them");
  // `project *` is not SQL's "every column": the column needs a name.
  EXPECT_EQ(CompiledQuery("project *").FirstError(),
            "this column needs a name: write 'name = <expression>'");
  EXPECT_EQ(CompiledQuery("where *").FirstError(),
            "'where' needs a condition (a bool), got list<dynamic>");
  EXPECT_EQ(CompiledQuery("where * + 1 > 2").FirstError(),
            "cannot apply '+' to list<dynamic> and int");
  // Lists are not ordered; equality asks whether any value equals.
  EXPECT_EQ(CompiledQuery("where * > 5").FirstError(),
            "cannot compare list<dynamic> with int using '>'");
  EXPECT_TRUE(CompiledQuery("where * == 5 or * != true or * =~ \"a\"").compilation);
}

TEST(AllValuesBinding, AllowedInRulesAndSourcesAndBeforeRecords) {
  CompiledRules c(R"(
    source keyword.events { where * contains "x" }
    rule r { from keyword.events | where * contains all ["a", "b"] | extend hits = len(*) }
    rule p { where * == 1337 | project first = *, n = len(*) }
  )");
  ASSERT_TRUE(c.compilation);
  EXPECT_EQ(c.compilation->rules_failed, 0u) << c.diagnostics.Render();
}

// A collector that counts its calls and returns the values its test set up.
struct FakeEvent {
  std::vector<Value> values;
  int collections = 0;
};
FakeEvent* g_event = nullptr;

Value CollectFake(std::string_view, EvalContext&) {
  ++g_event->collections;
  return Value::List(g_event->values.data(), static_cast<uint32_t>(g_event->values.size()));
}

class AllValuesEvaluation : public ::testing::TestWithParam<Backend> {};

TEST_P(AllValuesEvaluation, ReadsTheHookOncePerEvent) {
  CompiledRules c(R"(
    rule a { where * contains "mimi" }
    rule b { where * contains all ["mimi", "1337"] and len(*) == 3 }
    rule c { where * == 1337 }
  )",
                  GetParam());
  ASSERT_TRUE(c.compilation);
  ASSERT_EQ(c.compilation->rules_failed, 0u) << c.diagnostics.Render();
  FakeEvent event{{Value::String("x-MIMIKATZ"), Value::Int(1337), Value::Bool(true)}, 0};
  g_event = &event;
  Arena arena;
  EvalContext ctx{&arena, 0, 0};
  ctx.SetEvent("{}", &CollectFake);
  std::vector<bool> results;
  for (const RulePlan& rule : c.plan().rules) {
    ExprIndex condition = std::get<FilterStep>(rule.pipeline.steps[0].step).condition;
    results.push_back(c.compilation->program->Test(condition, RowView{}, ctx));
  }
  EXPECT_EQ(results, (std::vector<bool>{true, true, true}));
  EXPECT_EQ(event.collections, 1);

  // The next event: collected again, once.
  event.values = {Value::String("calc.exe")};
  ctx.SetEvent("{}", &CollectFake);
  results.clear();
  for (const RulePlan& rule : c.plan().rules) {
    ExprIndex condition = std::get<FilterStep>(rule.pipeline.steps[0].step).condition;
    results.push_back(c.compilation->program->Test(condition, RowView{}, ctx));
  }
  EXPECT_EQ(results, (std::vector<bool>{false, false, false}));
  EXPECT_EQ(event.collections, 2);
  g_event = nullptr;
}

TEST_P(AllValuesEvaluation, ExistsSeesJsonNullButNothingElseDoes) {
  CompiledRules c(R"(
    rule present { where exists x }
    rule is_null { where x == null }
    rule not_null { where x != null }
    rule absent { where not exists x }
  )",
                  GetParam());
  ASSERT_TRUE(c.compilation);
  ASSERT_EQ(c.compilation->rules_failed, 0u) << c.diagnostics.Render();
  Arena arena;
  EvalContext ctx{&arena, 0, 0};
  auto results = [&](Value x) {
    std::vector<bool> out;
    for (const RulePlan& rule : c.plan().rules) {
      ExprIndex condition = std::get<FilterStep>(rule.pipeline.steps[0].step).condition;
      out.push_back(c.compilation->program->Test(condition, RowView{&x, nullptr}, ctx));
    }
    return out;
  };
  EXPECT_EQ(results(Value::JsonNull()), (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(results(Value::Null()), (std::vector<bool>{false, true, false, true}));
  EXPECT_EQ(results(Value::String("")), (std::vector<bool>{true, false, true, false}));
}

INSTANTIATE_TEST_SUITE_P(Backends, AllValuesEvaluation,
                         ::testing::Values(Backend::kJit, Backend::kReference),
                         [](const auto& info) {
                           return info.param == Backend::kJit ? "Jit" : "Reference";
                         });

}  // namespace
}  // namespace scry::compiler
