// The plan: what a rule set or a query compiles to, before and independent of the back end.
//
// A Plan owns the bound expressions (each becomes one native function, or is walked by the
// reference evaluator), the constants they use, and the event fields they read. Pipelines are
// lists of steps that refer to expressions by index. Rows flowing between steps are either
// events (the extracted fields plus computed columns, printed as the original JSON) or records
// (named columns only, after `project` or `summarize`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "compiler/plan/constant_pool.hpp"
#include "compiler/plan/field_slot_table.hpp"
#include "compiler/sema/bound_expr.hpp"
#include "lang/base/source.hpp"

namespace scry::compiler {

/// Index of an expression in Plan::expressions.
using ExprIndex = uint32_t;

struct RowLayout {
  bool event_rows = true;
  /// Computed columns (event rows) or all columns (records), by position.
  std::vector<std::string> columns;
  /// Event rows: top-level fields and computed columns `project-away` removed; writers leave
  /// them out.
  std::vector<std::string> hidden;
};

struct FilterStep {
  ExprIndex condition;
};
struct ExtendStep {
  struct Column {
    uint32_t column;  // position in the output row's columns
    ExprIndex value;
  };
  std::vector<Column> columns;
};
struct ProjectStep {
  std::vector<ExprIndex> values;  // one per output column
};
enum class AggregateKind {
  kCount,
  kDcount,
  kMin,
  kMax,
  kSum,
  kAvg,
  kValues,
  kPercentile,
  kMedian,
  kFirst,
  kLast
};
struct AggregateSpec {
  AggregateKind kind;
  std::optional<ExprIndex> argument;  // count() has none
  double percentile = 50;             // percentile(x, P); median is 50
};
struct SummarizeStep {
  std::vector<ExprIndex> keys;  // output columns: keys first, then aggregates
  std::vector<AggregateSpec> aggregates;
};
struct SortStep {
  struct Key {
    ExprIndex value;
    bool descending;
  };
  std::vector<Key> keys;
};
struct HeadStep {
  int64_t count;
};
/// The last `count` rows, in input order.
struct TailStep {
  int64_t count;
};
/// The `count` rows with the largest (smallest unless `descending`) key; ties in input order.
struct TopStep {
  int64_t count;
  ExprIndex key;
  bool descending;
};
/// A uniform reservoir sample of `count` rows, in input order; the same for the same seed and
/// rows.
struct SampleStep {
  int64_t count;
  uint64_t seed;
};
/// `project-away`: records keep the columns at `keep` (positions in the input's columns); event
/// rows pass unchanged, their layout's `hidden` names what the writers leave out.
struct ProjectAwayStep {
  std::vector<uint32_t> keep;
};
/// `timechart <span> [by <key>]`: events counted per bucket of event time (read from
/// `time_slots`, the first one present, as EventTimeReader does) and key; every bucket from
/// the first to the last, empty ones as 0. Output: time, [key,] count.
struct TimechartStep {
  int64_t span_ns;
  std::optional<ExprIndex> key;
  std::vector<uint32_t> time_slots;
};

struct PlanStep {
  std::variant<FilterStep, ExtendStep, ProjectStep, SummarizeStep, SortStep, HeadStep, TailStep,
               TopStep, SampleStep, ProjectAwayStep, TimechartStep>
      step;
  RowLayout output;
  lang::SourceSpan span;
  std::string_view Name() const;
};

struct Pipeline {
  std::vector<PlanStep> steps;
  /// The layout rows have after the last step.
  RowLayout output;
  /// The rows are a timechart's (time, [key,] count): a terminal draws them as bars.
  bool chart = false;
};

/// A rule's metadata as alerts report it. `meta` keeps every entry, its value rendered as JSON.
struct RuleInfo {
  std::string name;
  std::string id;  // the `id:` entry, or the rule's name
  std::string title;
  std::string level;
  std::vector<std::string> tags;
  std::string source;  // the `from` source name, "" for all events
  bool alerts = true;  // `alert: false`: matches only feed the rules that read this one
  std::vector<std::pair<std::string, std::string>> meta;
  lang::SourceSpan span;
};

struct RulePlan {
  RuleInfo info;
  /// The stateless part: the steps that run on each event. A rule with a window or a sequence
  /// stops before it; its matches feed `Plan::stateful[feeds]` instead of alerting.
  Pipeline pipeline;
  /// The leading steps of `pipeline` that come from the rule's source (its `from`), and the
  /// computed columns they make (the first ones). Every rule of a source shares them, so the
  /// runtime runs them once per event for all of its rules; and an alert shows as `fields`
  /// only the columns the rule's own steps compute.
  size_t source_steps = 0;
  size_t source_columns = 0;
  /// `from rule_a, rule_b`: the rule runs only on the events those rules matched (indices into
  /// Plan::rules, all before this one), with the column `matched_rules` (first) naming them.
  /// A stateful rule among them feeds this one its results as events.
  std::vector<uint32_t> input_rules;
  /// False for the steps of a sequence and the rules that only feed a window or sequence.
  bool alerts = true;
  /// False for a sequence: it runs on what its steps feed it, never on events directly.
  bool runs_on_events = true;
  /// A sequence's step: not a rule of its own (not counted, no metadata of its own).
  bool hidden = false;
  /// Where its matches go besides alerts: Plan::stateful[feeds], as its input `feed_input`.
  std::optional<uint32_t> feeds;
  uint32_t feed_input = 0;
};

enum class WindowKind { kSliding, kTumbling, kSession };

/// One input of a stateful operator: the rule whose matches it takes, and what to keep of each
/// match (the group key, the aggregates' arguments), evaluated on the match's row.
struct StatefulInput {
  uint32_t rule;
  std::vector<ExprIndex> keys;
  std::vector<std::optional<ExprIndex>> arguments;  // windows: one per aggregate
  bool absent = false;                              // sequences: `![...]`
  bool until = false;                               // sequences: `until [...]`
};

/// `window <kind> <size> by <keys> | aggregate <aggregates>`.
struct WindowPlan {
  WindowKind kind = WindowKind::kSliding;
  int64_t size_ns = 0;
  std::vector<AggregateSpec> aggregates;
};

/// `sequence [ordered] by <keys> within <duration> [steps] [until [step]]`.
struct SequencePlan {
  bool ordered = false;
  int64_t within_ns = 0;
};

/// `suppress <duration> by <keys>`: keys evaluated on the rule's output row.
struct SuppressPlan {
  int64_t duration_ns = 0;
  std::vector<ExprIndex> keys;
};

/// The stateful part of a rule: the operator its stateless part feeds, the steps after it
/// (on the operator's output record: keys, then aggregates or step times) and suppression.
/// `op` is monostate for a rule that only has `suppress`: its output is the event itself.
struct StatefulPlan {
  uint32_t rule;  // Plan::rules index of the rule that owns it (and whose alerts these are)
  std::variant<std::monostate, WindowPlan, SequencePlan> op;
  std::vector<std::string> key_names;
  std::vector<StatefulInput> inputs;
  Pipeline after;  // its `output` is the alert's row layout
  std::optional<SuppressPlan> suppress;
};

struct Plan {
  FieldSlotTable fields;
  ConstantPool constants;
  std::vector<BoundExprPtr> expressions;
  /// Parallel to `expressions`: true where the expression is used as a condition (Test),
  /// false where its value is used (Evaluate). Back ends compile each for its role.
  std::vector<bool> is_condition;
  std::vector<RulePlan> rules;  // a rule set
  std::vector<StatefulPlan> stateful;
  std::optional<Pipeline> query;  // a query
  /// A query's `from file("glob")`: the inputs it reads instead of the ones it is given.
  std::vector<std::string> query_inputs;

  ExprIndex AddExpression(BoundExprPtr expr, bool condition = false) {
    expressions.push_back(std::move(expr));
    is_condition.push_back(condition);
    return static_cast<ExprIndex>(expressions.size() - 1);
  }
  /// How far the plan has grown, to undo binding that failed or was only a check.
  struct Mark {
    size_t expressions;
    uint32_t fields;
    uint32_t values;
    uint32_t objects;
  };
  Mark GetMark() const {
    return {expressions.size(), fields.size(), constants.value_count(), constants.object_count()};
  }
  void Rollback(const Mark& mark) {
    expressions.resize(mark.expressions);
    is_condition.resize(mark.expressions);
    fields.Truncate(mark.fields);
    constants.Truncate(mark.values, mark.objects);
  }
};

const char* AggregateName(AggregateKind kind);
/// The aggregate function called `name` (count, dcount, min, max, sum, avg, values).
std::optional<AggregateKind> FindAggregate(std::string_view name);

}  // namespace scry::compiler
