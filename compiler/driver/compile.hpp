// The compiler's front door: source text in, a runnable program out.
//
//   parse (lang) → bind and type-check (sema, plan) → JIT (codegen, jit) or reference
//
// Rule sets tolerate bad rules: each is reported and left out, the rest compile. A query
// either compiles whole or not at all.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/jit/jit_program.hpp"
#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"
#include "lang/ast/module.hpp"
#include "lang/base/diagnostic.hpp"
#include "lang/base/source.hpp"

namespace scry::compiler {

struct CompileOptions {
  Backend backend = Backend::kJit;
  JitOptions jit;
};

struct CompileStats {
  double parse_ms = 0;
  double bind_ms = 0;
  JitTimings jit;
};

struct Compilation {
  std::unique_ptr<Plan> plan;
  std::unique_ptr<ExpressionProgram> program;
  std::string ir;           // with options.jit.keep_ir
  size_t rules_total = 0;   // rule declarations seen (including those in unparsable files)
  size_t rules_failed = 0;  // rules left out because of errors
  CompileStats stats;
};

/// What a rule set is made of: scry files to parse, and modules already built by an importer
/// (the Sigma transpiler). `imported_rules_*` count the rules the importer could not put into
/// a module (each reported), so that totals include them.
struct RuleSetInput {
  std::vector<const lang::Source*> files;
  std::vector<lang::ast::Module> modules;
  size_t imported_rules_total = 0;
  size_t imported_rules_failed = 0;
};

/// Compiles every rule of `input` (whose files may also declare lets and sources). Returns
/// nullopt only when code generation itself fails; rule errors are in `diagnostics` and
/// counted.
std::optional<Compilation> CompileRuleSet(RuleSetInput input, lang::DiagnosticList& diagnostics,
                                          const CompileOptions& options);
/// The same for scry files only.
std::optional<Compilation> CompileRuleSet(const std::vector<const lang::Source*>& files,
                                          lang::DiagnosticList& diagnostics,
                                          const CompileOptions& options);

/// Compiles a query; `context` files provide lets and sources (their rules are ignored).
/// Returns nullopt if the query has errors. The object cache is not used (options.jit.cache_dir
/// is ignored): a query compiles in milliseconds.
std::optional<Compilation> CompileQuery(const lang::Source& query,
                                        const std::vector<const lang::Source*>& context,
                                        lang::DiagnosticList& diagnostics,
                                        const CompileOptions& options);

}  // namespace scry::compiler
