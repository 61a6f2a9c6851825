// EvalContext: what compiled code and stdlib functions may use besides their arguments.
//
// One context per evaluating thread. It is passed by pointer through the JIT ABI, so it is a
// plain struct; the runtime owns the Arena and resets it between events.
#pragma once

#include <cstdint>
#include <string_view>

#include "stdlib/arena.hpp"
#include "stdlib/value.hpp"

namespace scry {

struct EvalContext;

/// Where `*` (every value of the current event) comes from. The stdlib cannot read events, so
/// the runtime points the context at each event together with a function that walks it
/// (EvalContext::SetEvent). The first expression that reads `*` has the list collected
/// (AllEventValues); later reads for the same event reuse it. An event that no expression asks
/// about is never walked, so keyword rules cost nothing for the others.
struct EventValuesHook {
  /// Collects the values of `event` into ctx.arena; null, after counting a data error in ctx,
  /// when the event cannot be read.
  using Collector = Value (*)(std::string_view event, EvalContext& ctx);

  Collector collect = nullptr;
  std::string_view event;
  bool collected = false;
  /// The list lives in the arena: after a Reset it is stale, whoever reset it.
  uint64_t arena_generation = 0;
  Value values;
};

struct EvalContext {
  Arena* arena = nullptr;
  /// `now()`: fixed per run (or per batch) so that one event sees one time; tests pin it.
  int64_t now_ns = 0;
  /// Data errors turned into null (a bad base64 string, an integer overflow, ...): the stream
  /// goes on, and the runtime reports the count.
  uint64_t data_errors = 0;
  /// `*` of the current event.
  EventValuesHook event_values;

  /// Makes `*` read `event` (through `collect`), forgetting what it collected for the previous
  /// one. Whoever moves evaluation on to another event calls it: cheap, nothing is read yet.
  void SetEvent(std::string_view event, EventValuesHook::Collector collect) {
    event_values.collect = collect;
    event_values.event = event;
    event_values.collected = false;
  }
};

/// `*`: the list of every value of the current event, collected on first use and at most once
/// per event. Null when no event is set (a context that evaluates constants only).
Value AllEventValues(EvalContext& ctx);

}  // namespace scry
