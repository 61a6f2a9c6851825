#include "stdlib/arithmetic.hpp"

#include <cmath>
#include <optional>

#include "stdlib/number_parsing.hpp"

namespace scry {
namespace {

// Non-null operands that give no result are bad data: the event goes on with a null, counted.
Value DataError(EvalContext& ctx) {
  ++ctx.data_errors;
  return Value::Null();
}

std::optional<Value> AsNumber(const Value& v) {
  if (v.kind == ValueKind::kInt || v.kind == ValueKind::kFloat) {
    return v;
  }
  if (v.kind == ValueKind::kString) {
    return ParseNumber(v.as_string());
  }
  return std::nullopt;
}

double AsDouble(const Value& number) {
  return number.kind == ValueKind::kInt ? static_cast<double>(number.i) : number.f;
}

/// Integer arithmetic with overflow checks; `make` builds the result kind (int or duration).
template <typename Make>
Value IntArith(EvalContext& ctx, ArithOp op, int64_t x, int64_t y, Make make) {
  int64_t r = 0;
  switch (op) {
    case ArithOp::kAdd:
      return __builtin_add_overflow(x, y, &r) ? DataError(ctx) : make(r);
    case ArithOp::kSub:
      return __builtin_sub_overflow(x, y, &r) ? DataError(ctx) : make(r);
    case ArithOp::kMul:
      return __builtin_mul_overflow(x, y, &r) ? DataError(ctx) : make(r);
    case ArithOp::kDiv:
      if (y == 0 || (x == INT64_MIN && y == -1)) {
        return DataError(ctx);
      }
      return make(x / y);
    case ArithOp::kMod:
      if (y == 0) {
        return DataError(ctx);
      }
      // INT64_MIN % -1 traps on x86 although the answer is 0.
      return make(y == -1 ? 0 : x % y);
  }
  return DataError(ctx);
}

Value FloatArith(EvalContext& ctx, ArithOp op, double x, double y) {
  switch (op) {
    case ArithOp::kAdd:
      return Value::Float(x + y);
    case ArithOp::kSub:
      return Value::Float(x - y);
    case ArithOp::kMul:
      return Value::Float(x * y);
    case ArithOp::kDiv:
      return y == 0 ? DataError(ctx) : Value::Float(x / y);
    case ArithOp::kMod:
      return y == 0 ? DataError(ctx) : Value::Float(std::fmod(x, y));
  }
  return DataError(ctx);
}

/// timestamp ± duration, timestamp − timestamp, duration ± duration, duration * int and
/// duration / int; nullopt when the kinds are not a time combination.
std::optional<Value> TimeArith(EvalContext& ctx, ArithOp op, const Value& a, const Value& b) {
  using K = ValueKind;
  auto timestamp = [](int64_t ns) {
    return Value::Timestamp(ns);
  };
  auto duration = [](int64_t ns) {
    return Value::Duration(ns);
  };
  bool add_or_sub = op == ArithOp::kAdd || op == ArithOp::kSub;
  if (a.kind == K::kTimestamp && b.kind == K::kDuration && add_or_sub) {
    return IntArith(ctx, op, a.i, b.i, timestamp);
  }
  if (a.kind == K::kDuration && b.kind == K::kTimestamp && op == ArithOp::kAdd) {
    return IntArith(ctx, op, a.i, b.i, timestamp);
  }
  if (a.kind == K::kTimestamp && b.kind == K::kTimestamp && op == ArithOp::kSub) {
    return IntArith(ctx, op, a.i, b.i, duration);
  }
  if (a.kind == K::kDuration && b.kind == K::kDuration && add_or_sub) {
    return IntArith(ctx, op, a.i, b.i, duration);
  }
  if (a.kind == K::kDuration && (op == ArithOp::kMul || op == ArithOp::kDiv)) {
    std::optional<Value> n = AsNumber(b);
    if (n && n->kind == K::kInt) {
      return IntArith(ctx, op, a.i, n->i, duration);
    }
  }
  if (b.kind == K::kDuration && op == ArithOp::kMul) {
    std::optional<Value> n = AsNumber(a);
    if (n && n->kind == K::kInt) {
      return IntArith(ctx, op, n->i, b.i, duration);
    }
  }
  return std::nullopt;
}

}  // namespace

Value Arithmetic(EvalContext& ctx, ArithOp op, const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) {
    return Value::Null();
  }
  if (std::optional<Value> time = TimeArith(ctx, op, a, b)) {
    return *time;
  }
  std::optional<Value> x = AsNumber(a);
  std::optional<Value> y = AsNumber(b);
  if (!x || !y) {
    return DataError(ctx);
  }
  if (x->kind == ValueKind::kInt && y->kind == ValueKind::kInt) {
    return IntArith(ctx, op, x->i, y->i, [](int64_t r) { return Value::Int(r); });
  }
  return FloatArith(ctx, op, AsDouble(*x), AsDouble(*y));
}

Value Negate(EvalContext& ctx, const Value& a) {
  if (a.is_null()) {
    return Value::Null();
  }
  if (a.kind == ValueKind::kDuration) {
    return a.i == INT64_MIN ? DataError(ctx) : Value::Duration(-a.i);
  }
  std::optional<Value> x = AsNumber(a);
  if (!x) {
    return DataError(ctx);
  }
  if (x->kind == ValueKind::kFloat) {
    return Value::Float(-x->f);
  }
  return x->i == INT64_MIN ? DataError(ctx) : Value::Int(-x->i);
}

}  // namespace scry
