// PartitionCompiler: one partition's expressions → an LLVM module → a relocatable object file.
//
// Each call builds its module in a fresh LLVMContext, so compilers on different threads share
// nothing; a compiler (it owns a TargetMachine) is used by one thread at a time. The object
// refers to the runtime's entry points by name, to be resolved when the JIT links it, and to
// constants, objects and fields through the partition's frame: it holds no address of this
// process and can be cached and loaded by another.
#pragma once

#include <expected>
#include <memory>
#include <string>

#include "compiler/jit/partitioner.hpp"
#include "compiler/plan/plan.hpp"

namespace llvm {
class TargetMachine;
namespace orc {
class JITTargetMachineBuilder;
}
}  // namespace llvm

namespace scry::compiler {

struct CompiledPartition {
  std::string object;
  std::string ir;  // with keep_ir
  double codegen_ms = 0;
  double optimize_ms = 0;
  double machine_code_ms = 0;
};

class PartitionCompiler {
 public:
  static std::expected<std::unique_ptr<PartitionCompiler>, std::string> Create(
      llvm::orc::JITTargetMachineBuilder target, int optimization_level);
  ~PartitionCompiler();

  /// Fails only on an internal error (invalid IR, no object emitter).
  std::expected<CompiledPartition, std::string> Compile(const Plan& plan,
                                                        const Partition& partition, bool keep_ir);

 private:
  PartitionCompiler(std::unique_ptr<llvm::TargetMachine> machine, int optimization_level);

  std::unique_ptr<llvm::TargetMachine> machine_;
  int optimization_level_;
};

}  // namespace scry::compiler
