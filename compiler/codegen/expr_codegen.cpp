#include "compiler/codegen/expr_codegen.hpp"

#include <llvm/IR/Constants.h>

#include "stdlib/string_match.hpp"
#include "stdlib/value_compare.hpp"

namespace scry::compiler {

namespace {

constexpr uint32_t kCaseInsensitiveBit = 1u << 8;

uint32_t OpCode(const BoundExpr& expr) {
  return expr.op | (expr.case_insensitive ? kCaseInsensitiveBit : 0);
}

}  // namespace

ExprCodegen::ExprCodegen(llvm::Module& module, RuntimeDeclarations& runtime,
                         const ConstantPool& constants, const CodeLayout& layout)
    : module_(module),
      runtime_(runtime),
      constants_(constants),
      layout_(layout),
      ctx_(module.getContext()),
      builder_(module.getContext()) {}

void ExprCodegen::BeginFunction(llvm::Function* function) {
  function_ = function;
  function->setDoesNotThrow();
  auto* entry = llvm::BasicBlock::Create(ctx_, "entry", function);
  builder_.SetInsertPoint(entry);
  auto args = function->arg_begin();
  fields_ = &*args++;
  columns_ = &*args++;
  frame_arg_ = &*args++;
  eval_ctx_ = &*args++;
  constant_values_ = builder_.CreateLoad(
      runtime_.value_ptr, builder_.CreateStructGEP(runtime_.frame_type, frame_arg_, 0), "consts");
  constant_objects_ =
      builder_.CreateLoad(runtime_.opaque_ptr->getPointerTo(),
                          builder_.CreateStructGEP(runtime_.frame_type, frame_arg_, 1), "objects");
  field_slots_ =
      builder_.CreateLoad(builder_.getInt64Ty()->getPointerTo(),
                          builder_.CreateStructGEP(runtime_.frame_type, frame_arg_, 2), "slots");
}

llvm::Function* ExprCodegen::EmitPredicate(const BoundExpr& expr, const std::string& name) {
  auto* function = llvm::Function::Create(runtime_.predicate_type, llvm::Function::ExternalLinkage,
                                          name, module_);
  function->addRetAttr(llvm::Attribute::ZExt);
  BeginFunction(function);
  builder_.CreateRet(EmitCondition(expr));
  return function;
}

llvm::Function* ExprCodegen::EmitValueFunction(const BoundExpr& expr, const std::string& name) {
  auto* function = llvm::Function::Create(runtime_.value_fn_type, llvm::Function::ExternalLinkage,
                                          name, module_);
  BeginFunction(function);
  llvm::Value* out = function->getArg(4);
  llvm::Value* value = builder_.CreateLoad(runtime_.value_type, EmitValuePtr(expr));
  builder_.CreateStore(value, out);
  builder_.CreateRetVoid();
  return function;
}

llvm::Value* ExprCodegen::I32(uint32_t v) {
  return builder_.getInt32(v);
}

llvm::Value* ExprCodegen::LoadKind(llvm::Value* value_ptr) {
  return builder_.CreateLoad(builder_.getInt8Ty(),
                             builder_.CreateStructGEP(runtime_.value_type, value_ptr, 0), "kind");
}

llvm::Value* ExprCodegen::LoadFlags(llvm::Value* value_ptr) {
  return builder_.CreateLoad(builder_.getInt8Ty(),
                             builder_.CreateStructGEP(runtime_.value_type, value_ptr, 1), "flags");
}

llvm::Value* ExprCodegen::LoadPayload(llvm::Value* value_ptr) {
  return builder_.CreateLoad(builder_.getInt64Ty(),
                             builder_.CreateStructGEP(runtime_.value_type, value_ptr, 4),
                             "payload");
}

llvm::Value* ExprCodegen::ConstantPtr(uint32_t index) {
  return builder_.CreateInBoundsGEP(runtime_.value_type, constant_values_,
                                    builder_.getInt64(layout_.Value(index)));
}

llvm::Value* ExprCodegen::FieldPtr(uint32_t slot) {
  // The slot comes from the frame (one load from a small, hot table), not an immediate: that is
  // what keeps the code independent of the slots other rules were given.
  llvm::Value* slot_ptr = builder_.CreateInBoundsGEP(builder_.getInt64Ty(), field_slots_,
                                                     builder_.getInt64(layout_.Field(slot)));
  llvm::Value* global_slot = builder_.CreateLoad(builder_.getInt64Ty(), slot_ptr, "slot");
  return builder_.CreateInBoundsGEP(runtime_.value_type, fields_, global_slot);
}

llvm::Value* ExprCodegen::ObjectPtr(uint32_t object) {
  llvm::Value* slot = builder_.CreateInBoundsGEP(runtime_.opaque_ptr, constant_objects_,
                                                 builder_.getInt64(layout_.Object(object)));
  return builder_.CreateLoad(runtime_.opaque_ptr, slot);
}

llvm::Value* ExprCodegen::StringPtr(const std::string& text) {
  // Patterns are baked into the code as private constants: the object file then carries
  // everything the test needs, which is what makes it cacheable.
  return builder_.CreateGlobalStringPtr(text, "pattern", 0, &module_);
}

llvm::Value* ExprCodegen::StackValue() {
  llvm::IRBuilder<> entry(&function_->getEntryBlock(), function_->getEntryBlock().begin());
  return entry.CreateAlloca(runtime_.value_type, nullptr, "tmp");
}

template <typename EmitTest>
llvm::Value* ExprCodegen::EmitQuantified(size_t count, bool match_all, EmitTest test) {
  // any: the first true test decides (true); all: the first false test decides (false).
  auto* done = llvm::BasicBlock::Create(ctx_, match_all ? "all.done" : "any.done", function_);
  std::vector<std::pair<llvm::BasicBlock*, llvm::Value*>> incoming;
  for (size_t i = 0; i < count; ++i) {
    llvm::Value* result = test(i);
    if (i + 1 == count) {
      incoming.emplace_back(builder_.GetInsertBlock(), result);
      builder_.CreateBr(done);
      break;
    }
    auto* next = llvm::BasicBlock::Create(ctx_, "next", function_);
    incoming.emplace_back(builder_.GetInsertBlock(), builder_.getInt1(!match_all));
    if (match_all) {
      builder_.CreateCondBr(result, next, done);
    } else {
      builder_.CreateCondBr(result, done, next);
    }
    builder_.SetInsertPoint(next);
  }
  builder_.SetInsertPoint(done);
  auto* phi = builder_.CreatePHI(builder_.getInt1Ty(), static_cast<unsigned>(incoming.size()));
  for (auto& [block, value] : incoming) {
    phi->addIncoming(value, block);
  }
  return phi;
}

llvm::Value* ExprCodegen::EmitCondition(const BoundExpr& expr) {
  switch (expr.kind) {
    case BoundKind::kAnd:
      return EmitLogical(expr, true);
    case BoundKind::kOr:
      return EmitLogical(expr, false);
    case BoundKind::kNot:
      return builder_.CreateNot(EmitCondition(*expr.children[0]));
    case BoundKind::kExists: {
      // Any value but null, or a null flagged as a present key (JSON null): Value::exists().
      llvm::Value* value = EmitValuePtr(*expr.children[0]);
      llvm::Value* not_null = builder_.CreateICmpNE(
          LoadKind(value), builder_.getInt8(static_cast<uint8_t>(ValueKind::kNull)));
      llvm::Value* present = builder_.CreateICmpNE(
          builder_.CreateAnd(LoadFlags(value), builder_.getInt8(Value::kPresentFlag)),
          builder_.getInt8(0));
      return builder_.CreateOr(not_null, present);
    }
    case BoundKind::kCompare:
      return EmitCompare(expr);
    case BoundKind::kStringMatch:
      return EmitStringMatch(expr);
    case BoundKind::kRegexMatch:
      return EmitRegexMatch(expr);
    case BoundKind::kInSet:
      return builder_.CreateCall(runtime_.in_set,
                                 {EmitValuePtr(*expr.children[0]), ObjectPtr(expr.index)});
    case BoundKind::kInDynamic:
      return builder_.CreateCall(runtime_.in_list,
                                 {EmitValuePtr(*expr.children[0]), EmitValuePtr(*expr.children[1]),
                                  I32(expr.case_insensitive)});
    default:
      return builder_.CreateCall(runtime_.truthy, {EmitValuePtr(expr)});
  }
}

llvm::Value* ExprCodegen::EmitLogical(const BoundExpr& expr, bool is_and) {
  return EmitQuantified(expr.children.size(), is_and,
                        [&](size_t i) { return EmitCondition(*expr.children[i]); });
}

llvm::Value* ExprCodegen::EmitCompare(const BoundExpr& expr) {
  const BoundExpr& lhs = *expr.children[0];
  const BoundExpr& rhs = *expr.children[1];
  llvm::Value* lhs_ptr = EmitValuePtr(lhs);
  llvm::Value* rhs_ptr = EmitValuePtr(rhs);
  bool int_constant = rhs.is_constant() && constants_.value(rhs.index).kind == ValueKind::kInt;
  if (!int_constant) {
    return builder_.CreateCall(runtime_.compare, {lhs_ptr, rhs_ptr, I32(OpCode(expr))});
  }
  // Inline fast path: an int on the left compares as machine integers; anything else
  // (a string "4688", a list, null) takes the general, coercing path.
  int64_t constant = constants_.value(rhs.index).i;
  auto* fast = llvm::BasicBlock::Create(ctx_, "cmp.int", function_);
  auto* slow = llvm::BasicBlock::Create(ctx_, "cmp.general", function_);
  auto* done = llvm::BasicBlock::Create(ctx_, "cmp.done", function_);
  llvm::Value* is_int = builder_.CreateICmpEQ(
      LoadKind(lhs_ptr), builder_.getInt8(static_cast<uint8_t>(ValueKind::kInt)));
  builder_.CreateCondBr(is_int, fast, slow);

  builder_.SetInsertPoint(fast);
  llvm::Value* payload = LoadPayload(lhs_ptr);
  llvm::Value* c = builder_.getInt64(static_cast<uint64_t>(constant));
  llvm::Value* fast_result = nullptr;
  switch (static_cast<CompareOp>(expr.op)) {
    case CompareOp::kEq:
      fast_result = builder_.CreateICmpEQ(payload, c);
      break;
    case CompareOp::kLt:
      fast_result = builder_.CreateICmpSLT(payload, c);
      break;
    case CompareOp::kLe:
      fast_result = builder_.CreateICmpSLE(payload, c);
      break;
    case CompareOp::kGt:
      fast_result = builder_.CreateICmpSGT(payload, c);
      break;
    case CompareOp::kGe:
      fast_result = builder_.CreateICmpSGE(payload, c);
      break;
  }
  builder_.CreateBr(done);

  builder_.SetInsertPoint(slow);
  llvm::Value* slow_result =
      builder_.CreateCall(runtime_.compare, {lhs_ptr, rhs_ptr, I32(OpCode(expr))});
  builder_.CreateBr(done);

  builder_.SetInsertPoint(done);
  auto* phi = builder_.CreatePHI(builder_.getInt1Ty(), 2);
  phi->addIncoming(fast_result, fast);
  phi->addIncoming(slow_result, slow);
  return phi;
}

llvm::Value* ExprCodegen::EmitStringMatch(const BoundExpr& expr) {
  llvm::Value* text = EmitValuePtr(*expr.children[0]);
  if (expr.children.size() == 2) {
    return builder_.CreateCall(runtime_.string_match_value,
                               {text, EmitValuePtr(*expr.children[1]), I32(OpCode(expr))});
  }
  // A null (absent) field matches no pattern: one load spares every call, and most rules test
  // fields that most events do not have.
  auto* present = llvm::BasicBlock::Create(ctx_, "match.present", function_);
  auto* done = llvm::BasicBlock::Create(ctx_, "match.done", function_);
  llvm::BasicBlock* entry = builder_.GetInsertBlock();
  llvm::Value* is_null = builder_.CreateICmpEQ(
      LoadKind(text), builder_.getInt8(static_cast<uint8_t>(ValueKind::kNull)));
  builder_.CreateCondBr(is_null, done, present);

  builder_.SetInsertPoint(present);
  llvm::Value* result = EmitQuantified(expr.folded_patterns.size(), expr.match_all, [&](size_t i) {
    const std::string& pattern = expr.folded_patterns[i];
    return builder_.CreateCall(
        runtime_.string_match,
        {text, StringPtr(pattern), I32(static_cast<uint32_t>(pattern.size())), I32(OpCode(expr))});
  });
  llvm::BasicBlock* present_end = builder_.GetInsertBlock();
  builder_.CreateBr(done);

  builder_.SetInsertPoint(done);
  auto* phi = builder_.CreatePHI(builder_.getInt1Ty(), 2);
  phi->addIncoming(builder_.getFalse(), entry);
  phi->addIncoming(result, present_end);
  return phi;
}

llvm::Value* ExprCodegen::EmitRegexMatch(const BoundExpr& expr) {
  llvm::Value* text = EmitValuePtr(*expr.children[0]);
  return EmitQuantified(expr.objects.size(), expr.match_all, [&](size_t i) {
    return builder_.CreateCall(runtime_.regex_match, {text, ObjectPtr(expr.objects[i])});
  });
}

llvm::Value* ExprCodegen::EmitValuePtr(const BoundExpr& expr) {
  switch (expr.kind) {
    case BoundKind::kConstant:
      return ConstantPtr(expr.index);
    case BoundKind::kField:
      return FieldPtr(expr.index);
    case BoundKind::kColumn:
      return builder_.CreateInBoundsGEP(runtime_.value_type, columns_,
                                        builder_.getInt64(expr.index));
    case BoundKind::kArith: {
      llvm::Value* lhs = EmitValuePtr(*expr.children[0]);
      llvm::Value* rhs = EmitValuePtr(*expr.children[1]);
      llvm::Value* out = StackValue();
      builder_.CreateCall(runtime_.arith, {eval_ctx_, lhs, rhs, I32(expr.op), out});
      return out;
    }
    case BoundKind::kNegate: {
      llvm::Value* operand = EmitValuePtr(*expr.children[0]);
      llvm::Value* out = StackValue();
      builder_.CreateCall(runtime_.negate, {eval_ctx_, operand, out});
      return out;
    }
    case BoundKind::kCall:
      return EmitCall(expr);
    case BoundKind::kAllValues: {
      llvm::Value* out = StackValue();
      builder_.CreateCall(runtime_.all_values, {eval_ctx_, out});
      return out;
    }
    case BoundKind::kMakeList: {
      auto* array_type = llvm::ArrayType::get(runtime_.value_ptr, expr.children.size());
      llvm::IRBuilder<> entry(&function_->getEntryBlock(), function_->getEntryBlock().begin());
      llvm::Value* items = entry.CreateAlloca(array_type, nullptr, "items");
      for (size_t i = 0; i < expr.children.size(); ++i) {
        llvm::Value* item = EmitValuePtr(*expr.children[i]);
        builder_.CreateStore(item, builder_.CreateConstInBoundsGEP2_32(array_type, items, 0,
                                                                       static_cast<unsigned>(i)));
      }
      llvm::Value* out = StackValue();
      builder_.CreateCall(runtime_.make_list,
                          {eval_ctx_, builder_.CreateConstInBoundsGEP2_32(array_type, items, 0, 0),
                           I32(static_cast<uint32_t>(expr.children.size())), out});
      return out;
    }
    default: {
      // A condition used as a value: materialize the bool.
      llvm::Value* condition = EmitCondition(expr);
      llvm::Value* out = StackValue();
      builder_.CreateStore(builder_.getInt8(static_cast<uint8_t>(ValueKind::kBool)),
                           builder_.CreateStructGEP(runtime_.value_type, out, 0));
      builder_.CreateStore(builder_.getInt8(0),
                           builder_.CreateStructGEP(runtime_.value_type, out, 1));
      builder_.CreateStore(builder_.getInt16(0),
                           builder_.CreateStructGEP(runtime_.value_type, out, 2));
      builder_.CreateStore(builder_.getInt32(0),
                           builder_.CreateStructGEP(runtime_.value_type, out, 3));
      builder_.CreateStore(builder_.CreateZExt(condition, builder_.getInt64Ty()),
                           builder_.CreateStructGEP(runtime_.value_type, out, 4));
      return out;
    }
  }
}

llvm::Value* ExprCodegen::EmitCall(const BoundExpr& expr) {
  size_t n = expr.children.size();
  auto* array_type = llvm::ArrayType::get(runtime_.value_ptr, std::max<size_t>(n, 1));
  llvm::Value* args = nullptr;
  {
    llvm::IRBuilder<> entry(&function_->getEntryBlock(), function_->getEntryBlock().begin());
    args = entry.CreateAlloca(array_type, nullptr, "args");
  }
  for (size_t i = 0; i < n; ++i) {
    llvm::Value* arg = EmitValuePtr(*expr.children[i]);
    builder_.CreateStore(
        arg, builder_.CreateConstInBoundsGEP2_32(array_type, args, 0, static_cast<unsigned>(i)));
  }
  llvm::Value* out = StackValue();
  builder_.CreateCall(runtime_.BuiltinFunction(expr.function->symbol),
                      {eval_ctx_, builder_.CreateConstInBoundsGEP2_32(array_type, args, 0, 0),
                       I32(static_cast<uint32_t>(n)), out});
  return out;
}

}  // namespace scry::compiler
