#include "compiler/codegen/runtime_declarations.hpp"

#include <llvm/IR/DerivedTypes.h>

namespace scry::compiler {

namespace {

// C `bool` results come back zero-extended in a register; say so, or LLVM may read garbage bits.
llvm::FunctionCallee DeclareBoolFunction(llvm::Module& module, const char* name,
                                         llvm::ArrayRef<llvm::Type*> params) {
  auto& ctx = module.getContext();
  auto* type = llvm::FunctionType::get(llvm::Type::getInt1Ty(ctx), params, false);
  llvm::FunctionCallee callee = module.getOrInsertFunction(name, type);
  if (auto* fn = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    fn->addRetAttr(llvm::Attribute::ZExt);
    fn->setDoesNotThrow();
  }
  return callee;
}

llvm::FunctionCallee DeclareVoidFunction(llvm::Module& module, const char* name,
                                         llvm::ArrayRef<llvm::Type*> params) {
  auto& ctx = module.getContext();
  auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), params, false);
  llvm::FunctionCallee callee = module.getOrInsertFunction(name, type);
  if (auto* fn = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    fn->setDoesNotThrow();
  }
  return callee;
}

}  // namespace

RuntimeDeclarations::RuntimeDeclarations(llvm::Module& module) : module_(module) {
  auto& ctx = module.getContext();
  auto* i8 = llvm::Type::getInt8Ty(ctx);
  auto* i16 = llvm::Type::getInt16Ty(ctx);
  auto* i32 = llvm::Type::getInt32Ty(ctx);
  auto* i64 = llvm::Type::getInt64Ty(ctx);
  value_type = llvm::StructType::create(ctx, {i8, i8, i16, i32, i64}, "scry.Value");
  value_ptr = value_type->getPointerTo();
  opaque_ptr = llvm::Type::getInt8PtrTy(ctx);
  frame_type = llvm::StructType::create(
      ctx, {value_ptr, opaque_ptr->getPointerTo(), i64->getPointerTo()}, "scry.Frame");
  frame_ptr = frame_type->getPointerTo();

  predicate_type = llvm::FunctionType::get(llvm::Type::getInt1Ty(ctx),
                                           {value_ptr, value_ptr, frame_ptr, opaque_ptr}, false);
  value_fn_type = llvm::FunctionType::get(
      llvm::Type::getVoidTy(ctx), {value_ptr, value_ptr, frame_ptr, opaque_ptr, value_ptr}, false);

  compare = DeclareBoolFunction(module, "scry_compare", {value_ptr, value_ptr, i32});
  string_match =
      DeclareBoolFunction(module, "scry_string_match", {value_ptr, opaque_ptr, i32, i32});
  string_match_value =
      DeclareBoolFunction(module, "scry_string_match_value", {value_ptr, value_ptr, i32});
  regex_match = DeclareBoolFunction(module, "scry_regex_match", {value_ptr, opaque_ptr});
  in_set = DeclareBoolFunction(module, "scry_in_set", {value_ptr, opaque_ptr});
  in_list = DeclareBoolFunction(module, "scry_in_list", {value_ptr, value_ptr, i32});
  truthy = DeclareBoolFunction(module, "scry_truthy", {value_ptr});
  arith =
      DeclareVoidFunction(module, "scry_arith", {opaque_ptr, value_ptr, value_ptr, i32, value_ptr});
  negate = DeclareVoidFunction(module, "scry_negate", {opaque_ptr, value_ptr, value_ptr});
  make_list = DeclareVoidFunction(module, "scry_make_list",
                                  {opaque_ptr, value_ptr->getPointerTo(), i32, value_ptr});
  all_values = DeclareVoidFunction(module, "scry_all_values", {opaque_ptr, value_ptr});
  builtin_type_ = llvm::FunctionType::get(
      llvm::Type::getVoidTy(ctx), {opaque_ptr, value_ptr->getPointerTo(), i32, value_ptr}, false);
}

llvm::FunctionCallee RuntimeDeclarations::BuiltinFunction(const std::string& symbol) {
  auto it = builtins_.find(symbol);
  if (it != builtins_.end()) {
    return it->second;
  }
  llvm::FunctionCallee callee = module_.getOrInsertFunction(symbol, builtin_type_);
  builtins_.emplace(symbol, callee);
  return callee;
}

}  // namespace scry::compiler
