// Pipelines, operators and declarations: the top of scry's syntax tree.
//
//   let admin_tools = ["psexec.exe", "wmic.exe"]
//   source windows.process_creation { where EventID == 1 }
//   rule encoded_powershell {
//     title: "Encoded PowerShell"
//     level: high
//     from windows.process_creation | where CommandLine contains " -enc "
//   }
//
// A query (`scry query`) is a Query: optional lets, then a pipeline that may omit `from`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lang/ast/expr.hpp"

namespace scry::lang::ast {

/// One more input of `from a, b, c`: a source or a rule (the events it matched).
struct FromName {
  std::vector<std::string> name;
  SourceSpan span;
  std::string Dotted() const;
};

/// `from windows.process_creation`, `from failed_logon, successful_logon` (the events matched by
/// either rule) or `from file("x.ndjson")`.
struct FromClause {
  std::vector<std::string> name;  // dotted source name (the first one)
  std::vector<ExprPtr> args;      // present only for the call form
  bool is_call = false;
  SourceSpan span;
  SourceSpan name_span;        // the dotted name alone, for messages about the source
  std::vector<FromName> more;  // `from a, b, c`: b and c
  std::string Dotted() const;
};

/// `name = expr` or a bare `expr` (the compiler derives the column name).
struct Assignment {
  std::optional<std::string> name;
  SourceSpan name_span;
  ExprPtr value;
};

struct WhereOp {
  ExprPtr condition;
};
struct ProjectOp {
  std::vector<Assignment> columns;
};
struct ExtendOp {
  std::vector<Assignment> columns;
};
struct SummarizeOp {
  std::vector<Assignment> aggregates;  // each value is a Call of an aggregate function
  std::vector<Assignment> by;
};
struct SortKey {
  ExprPtr key;
  bool descending = false;
};
struct SortOp {
  std::vector<SortKey> keys;
};
struct HeadOp {
  int64_t count = 10;
};
/// `tail 20`: the last N rows, in input order.
struct TailOp {
  int64_t count = 10;
};
/// `top 10 by count desc`: the N rows with the largest (or with `asc`, smallest) key.
struct TopOp {
  int64_t count = 10;
  ExprPtr key;
  bool descending = true;
};
/// `distinct Image, User`: each combination once, in order of first appearance.
struct DistinctOp {
  std::vector<Assignment> columns;
};
/// `count`: one row, the number of rows in column `count`.
struct CountOp {};
/// `sample 100 [seed 7]`: N rows chosen at random (a reservoir), in input order.
struct SampleOp {
  int64_t count = 10;
  std::optional<int64_t> seed;
};
/// `project-away a, b`: every column but those.
struct ProjectAwayOp {
  std::vector<std::string> names;
  std::vector<SourceSpan> spans;
};
/// `timechart 1h [by field]`: events counted per span of event time (and value of `by`).
struct TimechartOp {
  ExprPtr span;
  std::optional<Assignment> by;
};

enum class WindowKind { kSliding, kTumbling, kSession };

/// `window sliding 10m by source.ip, user.name`: groups rows by the keys into windows of event
/// time; the `aggregate` that follows computes over each window.
struct WindowOp {
  WindowKind kind = WindowKind::kSliding;
  ExprPtr size;  // a duration (the session gap for `session`)
  std::vector<Assignment> by;
};
/// `aggregate failures = count(), users = dcount(user.name)`, after a `window`.
struct AggregateOp {
  std::vector<Assignment> aggregates;
};
/// `suppress 1h by Computer`: at most one alert per key in the duration.
struct SuppressOp {
  ExprPtr duration;
  std::vector<Assignment> by;
};

struct Pipeline;
/// One `[from ... | where ...]` of a sequence; `![...]` is an absent step (no such event).
struct SequenceStep {
  std::unique_ptr<Pipeline> pipeline;
  bool absent = false;
  SourceSpan span;
};
/// `sequence [ordered] by host within 5m [step] [step] ... [until [step]]`: events of one key
/// that match every step within the duration (in step order when `ordered`).
struct SequenceOp {
  bool ordered = false;
  std::vector<Assignment> by;
  ExprPtr within;
  std::vector<SequenceStep> steps;
  std::optional<SequenceStep> until;
};

/// One `| op ...` stage. New operators are new alternatives here, each with its own
/// grammar rule, printer case, binder case and runtime operator file.
struct Operator {
  std::variant<WhereOp, ProjectOp, ExtendOp, SummarizeOp, SortOp, HeadOp, WindowOp, AggregateOp,
               SuppressOp, SequenceOp, TailOp, TopOp, DistinctOp, CountOp, SampleOp, ProjectAwayOp,
               TimechartOp>
      op;
  SourceSpan span;
  /// The operator keyword ("where", "summarize", ...).
  std::string_view Name() const;
};

struct Pipeline {
  std::optional<FromClause> from;
  std::vector<Operator> ops;
  SourceSpan span;
};

/// A metadata value: `"text"`, `high`, `attack.t1059.001`, `3`, `true`, `[a, "b"]`.
/// Bare names are stored as strings: `level: high` equals `level: "high"`.
struct MetaValue {
  std::variant<std::string, int64_t, double, bool, std::vector<MetaValue>> value;
  SourceSpan span;
};

struct MetaEntry {
  std::string key;
  SourceSpan key_span;
  MetaValue value;
};

struct RuleDecl {
  std::string name;
  SourceSpan name_span;
  std::vector<MetaEntry> meta;
  Pipeline pipeline;
  SourceSpan span;
};

/// A named log source: which events `from <name>` means. Its pipeline holds only an
/// optional `from` (another source) and `where` operators.
struct SourceDecl {
  std::vector<std::string> name;
  SourceSpan name_span;
  std::vector<MetaEntry> meta;
  Pipeline pipeline;
  SourceSpan span;
  std::string Dotted() const;
};

struct LetDecl {
  std::string name;
  SourceSpan name_span;
  ExprPtr value;
  SourceSpan span;
};

struct Decl {
  std::variant<RuleDecl, SourceDecl, LetDecl> decl;
};

/// One parsed .scry file.
struct Module {
  std::vector<Decl> decls;
};

/// One parsed query: `let` declarations, then a pipeline.
struct Query {
  std::vector<LetDecl> lets;
  Pipeline pipeline;
};

}  // namespace scry::lang::ast
