// The LLVM-side view of the runtime ABI: the Value struct type, the PartitionFrame type and
// declarations of the stdlib entry points (stdlib/native_abi.hpp) that generated code calls.
// Keep in step with stdlib/value.hpp and stdlib/native_abi.hpp; the static_asserts there
// pin the layout this file assumes.
#pragma once

#include <map>
#include <string>

#include <llvm/IR/Function.h>
#include <llvm/IR/Module.h>

namespace scry::compiler {

struct RuntimeDeclarations {
  explicit RuntimeDeclarations(llvm::Module& module);

  llvm::StructType* value_type;  // { i8 kind, i8 flags, i16, i32 len, i64 payload }
  llvm::PointerType* value_ptr;
  llvm::StructType* frame_type;  // PartitionFrame: { Value* values, i8** objects, i64* slots }
  llvm::PointerType* frame_ptr;
  llvm::PointerType* opaque_ptr;  // i8*: EvalContext*, Regex*, ValueSet*

  llvm::FunctionType* predicate_type;  // i1 (fields, columns, frame, ctx)
  llvm::FunctionType* value_fn_type;   // void (fields, columns, frame, ctx, out)

  llvm::FunctionCallee compare;
  llvm::FunctionCallee string_match;
  llvm::FunctionCallee string_match_value;
  llvm::FunctionCallee regex_match;
  llvm::FunctionCallee in_set;
  llvm::FunctionCallee in_list;
  llvm::FunctionCallee truthy;
  llvm::FunctionCallee arith;
  llvm::FunctionCallee negate;
  llvm::FunctionCallee make_list;
  llvm::FunctionCallee all_values;

  /// A built-in function's implementation, declared on first use under its symbol.
  llvm::FunctionCallee BuiltinFunction(const std::string& symbol);

 private:
  llvm::Module& module_;
  llvm::FunctionType* builtin_type_;
  std::map<std::string, llvm::FunctionCallee> builtins_;
};

}  // namespace scry::compiler
