// EvalContext: what compiled code and stdlib functions may use besides their arguments.
//
// One context per evaluating thread. It is passed by pointer through the JIT ABI, so it is a
// plain struct; the runtime owns the Arena and resets it between events.
#pragma once

#include <cstdint>

#include "stdlib/arena.hpp"

namespace scry {

struct EvalContext {
  Arena* arena = nullptr;
  /// `now()`: fixed per run (or per batch) so that one event sees one time; tests pin it.
  int64_t now_ns = 0;
  /// Data errors turned into null (a bad base64 string, an integer overflow, ...): the stream
  /// goes on, and the runtime reports the count.
  uint64_t data_errors = 0;
};

}  // namespace scry
