// JIT compilation of a Plan: every expression becomes a native function in one LLVM module,
// compiled by ORC LLJIT, and JitProgram calls them. No LLVM type appears in this header.
#pragma once

#include <expected>
#include <memory>
#include <string>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"

namespace scry::compiler {

struct JitOptions {
  /// Optimise the IR before machine code generation (0: none, 1: a cheap cleanup pipeline,
  /// 2: LLVM's O2). Rule sets are large and their code is call-heavy, so 1 is the default.
  int optimization_level = 1;
  /// Also return the module's textual IR (scry explain --ir).
  bool keep_ir = false;
};

struct JitTimings {
  double codegen_ms = 0;  // bound trees → LLVM IR
  double optimize_ms = 0;
  double compile_ms = 0;  // IR → machine code, linking
};

struct JitResult {
  std::unique_ptr<ExpressionProgram> program;
  std::string ir;
  JitTimings timings;
};

/// Compiles every expression of `plan`. The plan must outlive the program (its constant
/// pool is read by the compiled code). Fails only on an internal LLVM error.
std::expected<JitResult, std::string> CompileToNative(Plan& plan, const JitOptions& options);

}  // namespace scry::compiler
