// String functions: lower, upper, len, trim, trim_start, trim_end, split, strcat, substring,
// replace, index_of, reverse.
//
// Lengths and positions count code points (an invalid UTF-8 byte counts as one). Functions
// from a string to a string or a position apply element-wise to a list, so their static result
// is dynamic; results that are slices of the input point into it instead of copying.
#include <string>
#include <vector>

#include "stdlib/case_fold.hpp"
#include "stdlib/function_registry.hpp"
#include "stdlib/functions/function_support.hpp"
#include "stdlib/internal/case_tables.hpp"
#include "stdlib/internal/utf8.hpp"
#include "stdlib/value_format.hpp"

namespace scry {
namespace {

using functions::ApplyElementwise;
using functions::ArenaString;
using functions::ArgInt;
using functions::ArgText;
using functions::DataError;
using internal::DecodeUtf8;

/// Advances `units` code points from byte `pos`, stopping at the end.
size_t SkipUnits(std::string_view text, size_t pos, int64_t units) {
  for (; units > 0 && pos < text.size(); --units) {
    pos += DecodeUtf8(text, pos).size;
  }
  return pos;
}

/// Unicode White_Space, so that a trailing no-break space or ideographic space goes too.
bool IsSpace(char32_t c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

std::string_view Trim(std::string_view text, bool start, bool end) {
  size_t first = 0;
  size_t last = 0;  // end of the last non-space unit
  bool seen = false;
  for (size_t pos = 0; pos < text.size();) {
    internal::Utf8Unit unit = DecodeUtf8(text, pos);
    if (!IsSpace(unit.code_point)) {
      if (!seen) {
        first = pos;
        seen = true;
      }
      last = pos + unit.size;
    }
    pos += unit.size;
  }
  if (!seen) {
    return start || end ? text.substr(text.size()) : text;
  }
  size_t from = start ? first : 0;
  size_t to = end ? last : text.size();
  return text.substr(from, to - from);
}

template <bool kStart, bool kEnd>
void TrimImpl(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  ApplyElementwise(ctx, *args[0], out, [](EvalContext* c, const Value& v, Value* o) {
    *o = Value::String(Trim(*ArgText(c, v), kStart, kEnd));
  });
}

void Lower(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  ApplyElementwise(ctx, *args[0], out, [](EvalContext* c, const Value& v, Value* o) {
    *o = Value::String(FoldCase(*ArgText(c, v), *c->arena));
  });
}

void Upper(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  ApplyElementwise(ctx, *args[0], out, [](EvalContext* c, const Value& v, Value* o) {
    std::string_view text = *ArgText(c, v);
    thread_local std::string buffer;
    buffer.clear();
    for (size_t pos = 0; pos < text.size();) {
      internal::Utf8Unit unit = DecodeUtf8(text, pos);
      if (unit.code_point < 0x80) {
        char b = text[pos];
        buffer += b >= 'a' && b <= 'z' ? static_cast<char>(b - ('a' - 'A')) : b;
      } else if (unit.code_point == internal::kInvalidUnit) {
        buffer += text[pos];
      } else {
        internal::AppendUtf8(buffer, internal::UpperNonAscii(unit.code_point));
      }
      pos += unit.size;
    }
    *o = buffer == text ? Value::String(text) : ArenaString(c, buffer);
  });
}

void Len(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  const Value& v = *args[0];
  if (v.is_null()) {
    *out = Value::Null();
  } else if (v.kind == ValueKind::kList) {
    *out = Value::Int(v.len);
  } else {
    *out = Value::Int(static_cast<int64_t>(internal::CountUnits(*ArgText(ctx, v))));
  }
}

void SplitInto(std::string_view text, std::string_view sep, std::vector<Value>& parts) {
  if (sep.empty()) {
    for (size_t pos = 0; pos < text.size();) {
      size_t size = DecodeUtf8(text, pos).size;
      parts.push_back(Value::String(text.substr(pos, size)));
      pos += size;
    }
    return;
  }
  size_t start = 0;
  for (size_t at; (at = text.find(sep, start)) != std::string_view::npos;) {
    parts.push_back(Value::String(text.substr(start, at - start)));
    start = at + sep.size();
  }
  parts.push_back(Value::String(text.substr(start)));
}

/// A list is split element by element into one flat list, so the result stays list<string>.
void Split(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  std::optional<std::string_view> sep = ArgText(ctx, *args[1]);
  const Value& s = *args[0];
  if (s.is_null() || !sep) {
    *out = Value::Null();
    return;
  }
  std::vector<Value> parts;
  if (s.kind == ValueKind::kList) {
    for (uint32_t k = 0; k < s.len; ++k) {
      if (std::optional<std::string_view> text = ArgText(ctx, s.items[k])) {
        SplitInto(*text, *sep, parts);
      }
    }
  } else {
    SplitInto(*ArgText(ctx, s), *sep, parts);
  }
  auto* items = ctx->arena->AllocateArray<Value>(parts.size());
  std::copy(parts.begin(), parts.end(), items);
  *out = Value::List(items, static_cast<uint32_t>(parts.size()));
}

void Strcat(EvalContext* ctx, const Value* const* args, uint32_t nargs, Value* out) {
  thread_local std::string buffer;
  buffer.clear();
  for (uint32_t k = 0; k < nargs; ++k) {
    AppendValueText(buffer, *args[k]);
  }
  *out = ArenaString(ctx, buffer);
}

/// A negative start counts from the end; a negative length gives "".
void Substring(EvalContext* ctx, const Value* const* args, uint32_t nargs, Value* out) {
  if (args[1]->is_null() || (nargs > 2 && args[2]->is_null())) {
    *out = Value::Null();
    return;
  }
  std::optional<int64_t> start = ArgInt(*args[1]);
  std::optional<int64_t> length = nargs > 2 ? ArgInt(*args[2]) : INT64_MAX;
  if (!start || !length) {
    DataError(ctx, out);
    return;
  }
  ApplyElementwise(ctx, *args[0], out, [&](EvalContext* c, const Value& v, Value* o) {
    std::string_view text = *ArgText(c, v);
    int64_t first = *start;
    if (first < 0) {
      first = std::max<int64_t>(0, static_cast<int64_t>(internal::CountUnits(text)) + first);
    }
    size_t from = SkipUnits(text, 0, first);
    size_t to = SkipUnits(text, from, *length);
    *o = Value::String(text.substr(from, to - from));
  });
}

void Replace(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  std::optional<std::string_view> old_text = ArgText(ctx, *args[1]);
  std::optional<std::string_view> new_text = ArgText(ctx, *args[2]);
  if (!old_text || !new_text) {
    *out = Value::Null();
    return;
  }
  ApplyElementwise(ctx, *args[0], out, [&](EvalContext* c, const Value& v, Value* o) {
    std::string_view text = *ArgText(c, v);
    if (old_text->empty() || text.find(*old_text) == std::string_view::npos) {
      *o = Value::String(text);
      return;
    }
    thread_local std::string buffer;
    buffer.clear();
    size_t start = 0;
    for (size_t at; (at = text.find(*old_text, start)) != std::string_view::npos;) {
      buffer.append(text.substr(start, at - start));
      buffer.append(*new_text);
      start = at + old_text->size();
    }
    buffer.append(text.substr(start));
    *o = ArenaString(c, buffer);
  });
}

void IndexOf(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  std::optional<std::string_view> needle = ArgText(ctx, *args[1]);
  if (!needle) {
    *out = Value::Null();
    return;
  }
  ApplyElementwise(ctx, *args[0], out, [&](EvalContext* c, const Value& v, Value* o) {
    std::string_view text = *ArgText(c, v);
    size_t at = text.find(*needle);
    *o = Value::Int(at == std::string_view::npos
                        ? -1
                        : static_cast<int64_t>(internal::CountUnits(text.substr(0, at))));
  });
}

void Reverse(EvalContext* ctx, const Value* const* args, uint32_t, Value* out) {
  ApplyElementwise(ctx, *args[0], out, [](EvalContext* c, const Value& v, Value* o) {
    std::string_view text = *ArgText(c, v);
    char* reversed = c->arena->AllocateChars(text.size());
    for (size_t pos = 0; pos < text.size();) {
      size_t size = DecodeUtf8(text, pos).size;
      text.copy(reversed + text.size() - pos - size, size, pos);
      pos += size;
    }
    *o = Value::String(std::string_view(reversed, text.size()));
  });
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& registry) {
  using K = TypeKind;
  const TypeSet text{K::kString, K::kList};
  const TypeSet string{K::kString};
  const TypeSet integer{K::kInt};
  // string -> string, element-wise over lists.
  auto unary = [&](std::string name, std::string summary, NativeFunction impl) {
    registry.Register({.name = name,
                       .summary = std::move(summary),
                       .params = {{"s", text}},
                       .result = Type::Dynamic(),
                       .impl = impl,
                       .symbol = "scry_fn_" + name});
  };
  unary("lower", "The string in lowercase (Unicode simple mapping).", Lower);
  unary("upper", "The string in uppercase (Unicode simple mapping).", Upper);
  unary("trim", "The string without leading and trailing whitespace.", TrimImpl<true, true>);
  unary("trim_start", "The string without leading whitespace.", TrimImpl<true, false>);
  unary("trim_end", "The string without trailing whitespace.", TrimImpl<false, true>);
  unary("reverse", "The string with its code points in reverse order.", Reverse);
  registry.Register({.name = "len",
                     .summary = "The number of code points of a string, or of elements of a list.",
                     .params = {{"s", text}},
                     .result = Type::Of(K::kInt),
                     .impl = Len,
                     .symbol = "scry_fn_len"});
  registry.Register({.name = "split",
                     .summary = "The parts of a string between separators (\"\" splits into code "
                                "points).",
                     .params = {{"s", text}, {"separator", string}},
                     .result = Type::ListOf(K::kString),
                     .impl = Split,
                     .symbol = "scry_fn_split"});
  registry.Register({.name = "strcat",
                     .summary = "The text of the arguments joined; nulls are skipped.",
                     .params = {{"value", TypeSet::Any()}},
                     .variadic = true,
                     .result = Type::Of(K::kString),
                     .impl = Strcat,
                     .symbol = "scry_fn_strcat"});
  registry.Register({.name = "substring",
                     .summary = "`length` code points from `start` (negative: from the end).",
                     .params = {{"s", text}, {"start", integer}, {"length", integer, true}},
                     .result = Type::Dynamic(),
                     .impl = Substring,
                     .symbol = "scry_fn_substring"});
  registry.Register({.name = "replace",
                     .summary = "The string with every occurrence of `old` replaced by `new`.",
                     .params = {{"s", text}, {"old", string}, {"new", string}},
                     .result = Type::Dynamic(),
                     .impl = Replace,
                     .symbol = "scry_fn_replace"});
  registry.Register({.name = "index_of",
                     .summary = "The code point position of `needle` in the string, or -1.",
                     .params = {{"s", text}, {"needle", string}},
                     .result = Type::Dynamic(),
                     .impl = IndexOf,
                     .symbol = "scry_fn_index_of"});
}

}  // namespace scry
