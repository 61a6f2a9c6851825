#include "compiler/jit/partition_compiler.hpp"

#include <chrono>

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>
#include <llvm/Transforms/Utils/Mem2Reg.h>

#include "compiler/codegen/expr_codegen.hpp"

namespace scry::compiler {

namespace {

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

void Optimize(llvm::Module& module, int level) {
  if (level <= 0) {
    return;
  }
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder;
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  if (level >= 2) {
    builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(module, modules);
    return;
  }
  // The cheap cleanup: stack slots into registers, fold the obvious, merge blocks.
  llvm::FunctionPassManager pipeline;
  pipeline.addPass(llvm::PromotePass());
  pipeline.addPass(llvm::InstCombinePass());
  pipeline.addPass(llvm::SimplifyCFGPass());
  llvm::ModulePassManager module_pipeline;
  module_pipeline.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(pipeline)));
  module_pipeline.run(module, modules);
}

}  // namespace

PartitionCompiler::PartitionCompiler(std::unique_ptr<llvm::TargetMachine> machine,
                                     int optimization_level)
    : machine_(std::move(machine)), optimization_level_(optimization_level) {}

PartitionCompiler::~PartitionCompiler() = default;

std::expected<std::unique_ptr<PartitionCompiler>, std::string> PartitionCompiler::Create(
    llvm::orc::JITTargetMachineBuilder target, int optimization_level) {
  auto machine = target.createTargetMachine();
  if (!machine) {
    return std::unexpected("cannot create the target machine: "
                           + llvm::toString(machine.takeError()));
  }
  return std::unique_ptr<PartitionCompiler>(
      new PartitionCompiler(std::move(*machine), optimization_level));
}

std::expected<CompiledPartition, std::string> PartitionCompiler::Compile(const Plan& plan,
                                                                         const Partition& partition,
                                                                         bool keep_ir) {
  CompiledPartition result;
  auto start = std::chrono::steady_clock::now();
  llvm::LLVMContext context;
  llvm::Module module("scry_" + partition.key.Hex(), context);
  module.setDataLayout(machine_->createDataLayout());
  module.setTargetTriple(machine_->getTargetTriple().str());
  RuntimeDeclarations runtime(module);
  ExprCodegen codegen(module, runtime, plan.constants, partition.layout);
  for (size_t k = 0; k < partition.expressions.size(); ++k) {
    ExprIndex i = partition.expressions[k];
    std::string name = PartitionFunctionName(partition.key, k);
    if (plan.is_condition[i]) {
      codegen.EmitPredicate(*plan.expressions[i], name);
    } else {
      codegen.EmitValueFunction(*plan.expressions[i], name);
    }
  }
  std::string verify_errors;
  llvm::raw_string_ostream verify_stream(verify_errors);
  if (llvm::verifyModule(module, &verify_stream)) {
    return std::unexpected("internal error: generated code is invalid: " + verify_stream.str());
  }
  result.codegen_ms = MillisecondsSince(start);

  start = std::chrono::steady_clock::now();
  Optimize(module, optimization_level_);
  result.optimize_ms = MillisecondsSince(start);
  if (keep_ir) {
    llvm::raw_string_ostream ir(result.ir);
    module.print(ir, nullptr);
  }

  start = std::chrono::steady_clock::now();
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager passes;
  if (machine_->addPassesToEmitFile(passes, stream, nullptr, llvm::CGFT_ObjectFile)) {
    return std::unexpected("internal error: the target cannot emit object files");
  }
  passes.run(module);
  result.object.assign(buffer.begin(), buffer.end());
  result.machine_code_ms = MillisecondsSince(start);
  return result;
}

}  // namespace scry::compiler
