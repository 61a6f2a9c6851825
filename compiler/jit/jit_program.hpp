// JIT compilation of a Plan: every expression becomes a native function, compiled by LLVM in
// partitions (partitioner.hpp), each an object file that is loaded from the object cache when an
// earlier run compiled the same code, and linked by ORC LLJIT; JitProgram calls the functions.
// No LLVM type appears in this header.
#pragma once

#include <cstddef>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/program/expression_program.hpp"

namespace scry::compiler {

struct JitOptions {
  /// Optimise the IR before machine code generation (0: none, 1: a cheap cleanup pipeline,
  /// 2: LLVM's O2). Rule sets are large and their code is call-heavy, so 1 is the default.
  int optimization_level = 1;
  /// Also return the modules' textual IR (scry explain --ir). Compiles every partition: the
  /// cache is neither read nor written.
  bool keep_ir = false;
  /// The object cache's folder ("": no cache). A folder that cannot be created or written is
  /// reported as a warning and the plan compiles without a cache.
  std::string cache_dir;
  /// Expressions per partition, on average: smaller partitions recompile less after an edit,
  /// larger ones load faster.
  size_t partition_size = 16;
  /// Threads that load and compile partitions (0: one per core).
  unsigned threads = 0;
};

struct JitTimings {
  // Summed over the partitions compiled (on several threads: more than the time that passed).
  double codegen_ms = 0;   // bound trees → LLVM IR
  double optimize_ms = 0;  // IR passes
  double compile_ms = 0;   // IR → machine code
  // Wall time.
  double key_ms = 0;      // partitioning and cache keys
  double objects_ms = 0;  // reading the cache and compiling what it lacks (threads)
  double link_ms = 0;     // loading the objects into the JIT and resolving every function
  double total_ms = 0;
  size_t partitions = 0;
  size_t objects = 0;   // distinct partitions (equal code is one object)
  size_t compiled = 0;  // objects compiled by LLVM
  size_t loaded = 0;    // objects read from the cache
  size_t corrupt = 0;   // cache entries found damaged (and compiled again)
};

struct JitResult {
  std::unique_ptr<ExpressionProgram> program;
  std::string ir;
  JitTimings timings;
  std::vector<std::string> warnings;  // an unusable cache folder
};

/// Compiles every expression of `plan`. The plan must outlive the program (its constant
/// pool is read by the compiled code). Fails only on an internal LLVM error.
std::expected<JitResult, std::string> CompileToNative(Plan& plan, const JitOptions& options);

}  // namespace scry::compiler
