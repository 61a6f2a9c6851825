// Differential test: random conditions, compiled to native code and walked by the reference
// evaluator, must agree on random events. The generator writes source text, so the whole
// front end (parser, binder, constant folding) is exercised too. Conditions include `*`
// (every value of the event, here the values of the generated fields) and `exists` on fields
// that are sometimes absent and sometimes JSON null.
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "compiler/driver/compile.hpp"
#include "compiler/plan/plan_printer.hpp"
#include "compiler/reference/reference_evaluator.hpp"
#include "stdlib/value.hpp"

namespace scry::compiler {
namespace {

class ExpressionGenerator {
 public:
  explicit ExpressionGenerator(uint32_t seed) : rng_(seed) {}

  std::string Condition(int depth) {
    int choice = Pick(depth <= 0 ? 7 : 10);
    switch (choice) {
      case 0:
        return TextField() + " "
               + Pick({"contains", "contains_cs", "startswith", "endswith", "!contains",
                       "startswith_cs", "endswith_cs"})
               + " " + Pattern();
      case 1:
        return Field() + " " + Pick({"==", "!=", "=~", "!~", "<", "<=", ">=", ">"}) + " "
               + OrderedScalar();
      case 2:
        return Field() + " " + Pick({"in", "in~", "!in"}) + " (" + Scalar() + ", " + Scalar() + ", "
               + Scalar() + ")";
      case 3:
        return TextField() + " " + Pick({"contains", "endswith", "startswith"}) + " "
               + Pick({"any", "all"}) + " [" + Pattern() + ", " + Pattern() + "]";
      case 4:
        return TextField() + " " + Pick({"matches", "matches_cs"}) + " "
               + Pick({"re\"^a\"", "re\"b+\"", "re\"[äÄ]\"", "re\"\\\\\"", "\"x|y\""});
      case 5:
        return Pick({"exists ", "not exists "}) + Pick({"s", "t", "n", "list", "absent"});
      case 6:
        return AllValuesCondition();
      case 7:
        return "(" + Condition(depth - 1) + " and " + Condition(depth - 1) + ")";
      case 8:
        return "(" + Condition(depth - 1) + " or " + Condition(depth - 1) + ")";
      default:
        return "not (" + Condition(depth - 1) + ")";
    }
  }

 private:
  std::string AllValuesCondition() {
    switch (Pick(6)) {
      case 0:
        return "* " + Pick({"contains", "!contains", "startswith", "endswith_cs", "=~", "=="}) + " "
               + Pattern();
      case 1:
        return "* " + Pick({"contains", "!contains", "=~"}) + " " + Pick({"any", "all"}) + " ["
               + Pattern() + ", " + Pattern() + "]";
      case 2:
        return "* " + Pick({"==", "!=", "=~", "!~"}) + " " + OrderedScalar();
      case 3:
        return "* " + Pick({"in", "in~", "!in"}) + " (" + Scalar() + ", " + Scalar() + ")";
      case 4:
        return "* " + Pick({"matches", "matches_cs"}) + " " + Pick({"re\"^a\"", "re\"b+\""});
      default:
        return "len(*) " + Pick({"==", ">", "<="}) + " " + Pick({"0", "1", "2", "4"});
    }
  }
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string Pick(std::initializer_list<const char*> options) {
    return *(options.begin() + Pick(static_cast<int>(options.size())));
  }
  std::string Field() {
    switch (Pick(6)) {
      case 0:
        return Pick({"s", "t", "n", "f", "list", "absent", "flag"});
      case 1:
        return "lower(" + Pick({"s", "t"}) + ")";
      case 2:
        return "len(" + Pick({"s", "list"}) + ")";
      case 3:
        return "(n + " + Pick({"1", "2.5", "-3"}) + ")";
      case 4:
        return "to_int(" + Pick({"s", "n", "f"}) + ")";
      default:
        return Pick({"s", "t", "list", "n"});
    }
  }
  // Expressions string operators accept: fields (of unknown type) and string functions.
  std::string TextField() {
    switch (Pick(3)) {
      case 0:
        return "lower(" + Pick({"s", "t", "list"}) + ")";
      case 1:
        return "to_string(" + Pick({"n", "f", "s"}) + ")";
      default:
        return Pick({"s", "t", "n", "list", "absent", "flag"});
    }
  }
  std::string OrderedScalar() {
    return Pick({"\"a\"", "\"AB\"", "3", "3.0", "\"3\"", "-1", "null", "\"ä\"", "2.5", "\"\""});
  }
  std::string Pattern() {
    return Pick({"\"a\"", "\"A\"", "\"ä\"", "\"Ä\"", "\"ab\"", "\"\"", "r\"\\x\"", "\"3\"", "\"B\"",
                 "\"xyz\""});
  }
  std::string Scalar() {
    return Pick({"\"a\"", "\"AB\"", "3", "3.0", "\"3\"", "-1", "true", "null", "\"ä\"", "2.5",
                 "\"\"", "10.0.0.1"});
  }
  std::mt19937 rng_;
};

class EventGenerator {
 public:
  explicit EventGenerator(uint32_t seed) : rng_(seed) {}

  // A value for `field`, drawn so that matches are common and kinds vary.
  Value Make(const std::string& field) {
    static const char* strings[] = {"a",   "A",        "ab",   "AB",  "xaBy", "ä",
                                    "Ä",   "3",        "3.0",  "",    "\\x",  "b",
                                    "bbb", "10.0.0.1", "true", "Abc", "ÄÖü",  "xyz"};
    auto string = [&] {
      return Value::String(strings[Pick(std::size(strings))]);
    };
    switch (Pick(8)) {
      case 0:
        // Absent or JSON null: the same to every operator but `exists`.
        return field == "absent" || Pick(2) == 0 ? Value::Null() : Value::JsonNull();
      case 1:
        return Value::Int(static_cast<int64_t>(Pick(7)) - 2);
      case 2:
        return Value::Float(Pick(2) ? 2.5 : 3.0);
      case 3:
        return Value::Bool(Pick(2) == 1);
      case 4: {
        auto& items = lists_.emplace_back();
        for (size_t i = 0, n = Pick(3) + 1; i < n; ++i) {
          items.push_back(Pick(4) == 0 ? Value::Int(3) : string());
        }
        return Value::List(items.data(), static_cast<uint32_t>(items.size()));
      }
      default:
        return field == "absent" ? Value::Null() : string();
    }
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  std::mt19937 rng_;
  std::vector<std::vector<Value>> lists_;
};

// `*` of the generated event: the values of its fields, lists flattened, nulls left out (as
// the runtime's collector does for JSON).
const std::vector<Value>* g_event_fields = nullptr;

Value FieldValues(std::string_view, EvalContext& ctx) {
  std::vector<Value> values;
  for (const Value& field : *g_event_fields) {
    if (field.kind == ValueKind::kList) {
      values.insert(values.end(), field.items, field.items + field.len);
    } else if (!field.is_null()) {
      values.push_back(field);
    }
  }
  Value* items = ctx.arena->AllocateArray<Value>(values.size());
  std::copy(values.begin(), values.end(), items);
  return Value::List(items, static_cast<uint32_t>(values.size()));
}

// The JIT of `compilation` agrees with the reference evaluator on `event_count` random events.
void ExpectAgreement(const Compilation& compilation, const lang::DiagnosticList& diagnostics,
                     int rule_count, int event_count) {
  ASSERT_EQ(compilation.rules_failed, 0u) << diagnostics.Render();
  const Plan& plan = *compilation.plan;
  ReferenceProgram reference(plan);

  EventGenerator events(7);
  Arena arena;
  EvalContext ctx;
  ctx.arena = &arena;
  std::vector<Value> fields(plan.fields.size());
  size_t matches = 0;
  for (int e = 0; e < event_count; ++e) {
    for (uint32_t slot = 0; slot < plan.fields.size(); ++slot) {
      fields[slot] = events.Make(plan.fields.Dotted(slot));
    }
    g_event_fields = &fields;
    ctx.SetEvent("", &FieldValues);
    RowView row{fields.data(), nullptr};
    for (const RulePlan& rule : plan.rules) {
      for (const PlanStep& step : rule.pipeline.steps) {
        ExprIndex condition = std::get<FilterStep>(step.step).condition;
        arena.Reset();
        bool jit = compilation.program->Test(condition, row, ctx);
        arena.Reset();
        bool ref = reference.Test(condition, row, ctx);
        matches += jit ? 1 : 0;
        ASSERT_EQ(jit, ref) << "rule " << rule.info.name << " disagrees on event " << e << ": "
                            << PrintBoundExpr(plan, *plan.expressions[condition]);
      }
    }
  }
  g_event_fields = nullptr;
  // The generator must produce both outcomes often, or the test proves little.
  EXPECT_GT(matches, static_cast<size_t>(rule_count * event_count / 20));
  EXPECT_LT(matches, static_cast<size_t>(rule_count * event_count * 19 / 20));
  // And it must really test `*` and `exists` (on JSON null too).
  size_t all_values = 0;
  size_t exists = 0;
  for (const RulePlan& rule : plan.rules) {
    std::string printed = PrintBoundExpr(
        plan, *plan.expressions[std::get<FilterStep>(rule.pipeline.steps[0].step).condition]);
    all_values += printed.find('*') != std::string::npos ? 1 : 0;
    exists += printed.find("exists") != std::string::npos ? 1 : 0;
  }
  EXPECT_GT(all_values, static_cast<size_t>(rule_count / 10));
  EXPECT_GT(exists, static_cast<size_t>(rule_count / 20));
}

// Compiles random rules with `options`, and checks that the JIT agrees with the reference
// evaluator on random events. Returns the JIT's timings.
JitTimings ExpectAgreement(const CompileOptions& options) {
  constexpr int kRules = 400;
  constexpr int kEvents = 300;
  ExpressionGenerator expressions(20261127);
  std::string text;
  for (int i = 0; i < kRules; ++i) {
    text += "rule r" + std::to_string(i) + " { where " + expressions.Condition(3) + " }\n";
  }
  lang::Source source("<generated>", text);
  lang::DiagnosticList diagnostics;
  auto compilation = CompileRuleSet({&source}, diagnostics, options);
  if (!compilation.has_value()) {
    ADD_FAILURE() << diagnostics.Render();
    return {};
  }
  JitTimings timings = compilation->stats.jit;
  ExpectAgreement(*compilation, diagnostics, kRules, kEvents);
  return timings;
}

TEST(JitReferenceAgreement, RandomConditionsOnRandomEvents) {
  ExpectAgreement(CompileOptions{});
}

TEST(JitReferenceAgreement, CachedCodeOnRandomEvents) {
  // The same rules compiled into an empty object cache, then loaded from it: both agree.
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir())
                              / ("scry_agreement_cache_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  CompileOptions options;
  options.jit.cache_dir = dir.string();
  JitTimings cold = ExpectAgreement(options);
  EXPECT_EQ(cold.compiled, cold.objects);
  JitTimings warm = ExpectAgreement(options);
  EXPECT_EQ(warm.loaded, warm.objects);
  EXPECT_EQ(warm.compiled, 0u);
  EXPECT_GT(warm.objects, 10u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scry::compiler
