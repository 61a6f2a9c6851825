#include "stdlib/eval_context.hpp"

namespace scry {

Value AllEventValues(EvalContext& ctx) {
  EventValuesHook& hook = ctx.event_values;
  if (hook.collect == nullptr) {
    return Value::Null();
  }
  if (!hook.collected || hook.arena_generation != ctx.arena->generation()) {
    hook.values = hook.collect(hook.event, ctx);
    hook.collected = true;
    hook.arena_generation = ctx.arena->generation();
  }
  return hook.values;
}

}  // namespace scry
