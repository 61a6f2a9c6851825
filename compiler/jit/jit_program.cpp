#include "compiler/jit/jit_program.hpp"

#include <chrono>
#include <mutex>

#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>
#include <llvm/Transforms/Utils/Mem2Reg.h>

#include "compiler/codegen/expr_codegen.hpp"
#include "stdlib/native_abi.hpp"
#include "stdlib/value_compare.hpp"

namespace scry::compiler {

namespace {

using NativePredicate = bool (*)(const Value* fields, const Value* columns,
                                 const ProgramConstants* constants, EvalContext* ctx);
using NativeValueFunction = void (*)(const Value* fields, const Value* columns,
                                     const ProgramConstants* constants, EvalContext* ctx,
                                     Value* out);

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

std::string ErrorText(llvm::Error error) {
  return llvm::toString(std::move(error));
}

void InitializeLlvmOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
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

class JitProgram final : public ExpressionProgram {
 public:
  JitProgram(std::unique_ptr<llvm::orc::LLJIT> jit, const ProgramConstants* constants,
             std::vector<NativePredicate> predicates, std::vector<NativeValueFunction> values)
      : jit_(std::move(jit)),
        constants_(constants),
        predicates_(std::move(predicates)),
        values_(std::move(values)) {}

  bool Test(ExprIndex expr, const RowView& row, EvalContext& ctx) const override {
    if (NativePredicate predicate = predicates_[expr]) {
      return predicate(row.fields, row.columns, constants_, &ctx);
    }
    Value value;
    values_[expr](row.fields, row.columns, constants_, &ctx, &value);
    return IsTruthy(value);
  }

  void Evaluate(ExprIndex expr, const RowView& row, EvalContext& ctx, Value* out) const override {
    if (NativeValueFunction function = values_[expr]) {
      function(row.fields, row.columns, constants_, &ctx, out);
      return;
    }
    *out = Value::Bool(predicates_[expr](row.fields, row.columns, constants_, &ctx));
  }

 private:
  std::unique_ptr<llvm::orc::LLJIT> jit_;  // owns the code the pointers below point into
  const ProgramConstants* constants_;
  std::vector<NativePredicate> predicates_;
  std::vector<NativeValueFunction> values_;
};

std::string FunctionName(ExprIndex index) {
  return "scry_expr_" + std::to_string(index);
}

}  // namespace

std::expected<JitResult, std::string> CompileToNative(Plan& plan, const JitOptions& options) {
  InitializeLlvmOnce();
  JitResult result;

  auto target = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!target) {
    return std::unexpected("cannot detect the host machine: " + ErrorText(target.takeError()));
  }
  // Below O2, FastISel (CodeGenOpt::None) turns IR into machine code several times faster than
  // SelectionDAG; rule code is mostly calls and branches, which it handles as well.
  target->setCodeGenOptLevel(options.optimization_level >= 2 ? llvm::CodeGenOpt::Default
                                                             : llvm::CodeGenOpt::None);
  auto layout = target->getDefaultDataLayoutForTarget();
  if (!layout) {
    return std::unexpected("no data layout: " + ErrorText(layout.takeError()));
  }

  auto start = std::chrono::steady_clock::now();
  auto context = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>("scry_rules", *context);
  module->setDataLayout(*layout);
  module->setTargetTriple(target->getTargetTriple().str());
  RuntimeDeclarations runtime(*module);
  ExprCodegen codegen(*module, runtime, plan.constants);
  for (ExprIndex i = 0; i < plan.expressions.size(); ++i) {
    if (plan.is_condition[i]) {
      codegen.EmitPredicate(*plan.expressions[i], FunctionName(i));
    } else {
      codegen.EmitValueFunction(*plan.expressions[i], FunctionName(i));
    }
  }
  std::string verify_errors;
  llvm::raw_string_ostream verify_stream(verify_errors);
  if (llvm::verifyModule(*module, &verify_stream)) {
    return std::unexpected("internal error: generated code is invalid: " + verify_stream.str());
  }
  result.timings.codegen_ms = MillisecondsSince(start);

  start = std::chrono::steady_clock::now();
  Optimize(*module, options.optimization_level);
  result.timings.optimize_ms = MillisecondsSince(start);
  if (options.keep_ir) {
    llvm::raw_string_ostream ir(result.ir);
    module->print(ir, nullptr);
  }

  start = std::chrono::steady_clock::now();
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*target)).create();
  if (!jit) {
    return std::unexpected("cannot start the JIT: " + ErrorText(jit.takeError()));
  }
  llvm::orc::SymbolMap symbols;
  for (const NativeSymbol& symbol : NativeSymbols()) {
    symbols[(*jit)->mangleAndIntern(symbol.name)] =
        llvm::JITEvaluatedSymbol(llvm::pointerToJITTargetAddress(symbol.address),
                                 llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
  }
  if (auto error = (*jit)->getMainJITDylib().define(llvm::orc::absoluteSymbols(symbols))) {
    return std::unexpected("cannot register runtime symbols: " + ErrorText(std::move(error)));
  }
  if (auto error =
          (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(module), std::move(context)))) {
    return std::unexpected("cannot add the module: " + ErrorText(std::move(error)));
  }
  std::vector<NativePredicate> predicates(plan.expressions.size(), nullptr);
  std::vector<NativeValueFunction> values(plan.expressions.size(), nullptr);
  for (ExprIndex i = 0; i < plan.expressions.size(); ++i) {
    auto symbol = (*jit)->lookup(FunctionName(i));
    if (!symbol) {
      return std::unexpected("cannot find compiled function: " + ErrorText(symbol.takeError()));
    }
    void* address = llvm::jitTargetAddressToPointer<void*>(symbol->getAddress());
    if (plan.is_condition[i]) {
      predicates[i] = reinterpret_cast<NativePredicate>(address);
    } else {
      values[i] = reinterpret_cast<NativeValueFunction>(address);
    }
  }
  result.timings.compile_ms = MillisecondsSince(start);
  result.program = std::make_unique<JitProgram>(std::move(*jit), plan.constants.abi(),
                                                std::move(predicates), std::move(values));
  return result;
}

}  // namespace scry::compiler
