// Arithmetic: + - * / % and unary minus.
//
// int op int stays int (overflow gives null and a data error); any float makes a float;
// strings that parse as numbers are numbers; timestamp ± duration, timestamp − timestamp and
// duration ± duration, duration * int work; division by zero gives null. Anything else is null.
#pragma once

#include <cstdint>

#include "stdlib/eval_context.hpp"
#include "stdlib/value.hpp"

namespace scry {

enum class ArithOp : uint8_t { kAdd, kSub, kMul, kDiv, kMod };

Value Arithmetic(EvalContext& ctx, ArithOp op, const Value& a, const Value& b);
Value Negate(EvalContext& ctx, const Value& a);

}  // namespace scry
