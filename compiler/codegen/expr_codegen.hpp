// ExprCodegen: one bound expression → one LLVM function.
//
// Functions read constants, prepared objects and field slots through their partition's frame
// (partition_frame.hpp), by the local numbers of a CodeLayout, so that their code depends only
// on the expression itself (code_key.hpp hashes what this file reads).
//
// Conditions become `i1 f(fields, columns, constants, ctx)`: and/or/not are native control
// flow with short-circuiting, a missing field is rejected with one load before any call, and
// comparisons of an integer field with an integer constant (EventID == 1, the most common test
// in the Sigma corpus) are inline. Everything with real semantics (string matching, regex,
// sets, coercing comparisons, functions) is a call into the stdlib's C entry points, the same
// code the reference evaluator relies on.
#pragma once

#include <string>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include "compiler/codegen/code_layout.hpp"
#include "compiler/codegen/runtime_declarations.hpp"
#include "compiler/plan/plan.hpp"

namespace scry::compiler {

class ExprCodegen {
 public:
  /// `layout` must hold every field, constant and object the emitted expressions use (as
  /// HashExprCode interned them).
  ExprCodegen(llvm::Module& module, RuntimeDeclarations& runtime, const ConstantPool& constants,
              const CodeLayout& layout);

  llvm::Function* EmitPredicate(const BoundExpr& expr, const std::string& name);
  llvm::Function* EmitValueFunction(const BoundExpr& expr, const std::string& name);

 private:
  void BeginFunction(llvm::Function* function);
  llvm::Value* EmitCondition(const BoundExpr& expr);
  llvm::Value* EmitLogical(const BoundExpr& expr, bool is_and);
  llvm::Value* EmitCompare(const BoundExpr& expr);
  llvm::Value* EmitStringMatch(const BoundExpr& expr);
  llvm::Value* EmitRegexMatch(const BoundExpr& expr);
  /// Evaluates each of `count` tests in order, short-circuiting: any (or all) must hold.
  /// `test(i)` emits test i at the builder's position and returns its i1.
  template <typename EmitTest>
  llvm::Value* EmitQuantified(size_t count, bool match_all, EmitTest test);

  /// A pointer to the expression's value: straight into the row or the constant pool where
  /// it lives, else into a stack slot the value is computed into.
  llvm::Value* EmitValuePtr(const BoundExpr& expr);
  llvm::Value* EmitCall(const BoundExpr& expr);

  llvm::Value* LoadKind(llvm::Value* value_ptr);
  llvm::Value* LoadFlags(llvm::Value* value_ptr);
  llvm::Value* LoadPayload(llvm::Value* value_ptr);
  llvm::Value* ConstantPtr(uint32_t index);
  llvm::Value* FieldPtr(uint32_t slot);
  llvm::Value* ObjectPtr(uint32_t object);
  llvm::Value* StringPtr(const std::string& text);
  llvm::Value* StackValue();
  llvm::Value* I32(uint32_t v);

  llvm::Module& module_;
  RuntimeDeclarations& runtime_;
  const ConstantPool& constants_;
  const CodeLayout& layout_;
  llvm::LLVMContext& ctx_;
  llvm::IRBuilder<> builder_;
  // The function being emitted.
  llvm::Function* function_ = nullptr;
  llvm::Value* fields_ = nullptr;
  llvm::Value* columns_ = nullptr;
  llvm::Value* frame_arg_ = nullptr;
  llvm::Value* eval_ctx_ = nullptr;
  llvm::Value* constant_values_ = nullptr;  // loaded once per function
  llvm::Value* constant_objects_ = nullptr;
  llvm::Value* field_slots_ = nullptr;
};

}  // namespace scry::compiler
