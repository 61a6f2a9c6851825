#include "runtime/event/internal/json_errors.hpp"

#include <string>

#include "runtime/event/utf8.hpp"

namespace scry::runtime::internal {

namespace {

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// simdjson reports both a cut-off record and a complete object followed by more text as
// INCOMPLETE_ARRAY_OR_OBJECT (it checks that the last token closes the first). Those need
// different messages, so on this error path we find the end of the first value ourselves.
ExtractError StructureError(std::string_view record) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < record.size(); ++i) {
    char c = record[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      size_t rest = i + 1;
      while (rest < record.size() && IsJsonSpace(record[rest])) {
        ++rest;
      }
      if (rest < record.size()) {
        return ExtractError{"trailing content after the JSON object", rest};
      }
      return ExtractError{"mismatched brackets", i};
    }
  }
  return ExtractError{"unexpected end of input", record.size()};
}

// simdjson reports an unescaped control character without saying where; the first one
// inside a string is the culprit (outside strings only JSON whitespace is let through).
size_t FirstControlCharacterInString(std::string_view record, size_t fallback) {
  bool in_string = false;
  for (size_t i = 0; i < record.size(); ++i) {
    auto c = static_cast<unsigned char>(record[i]);
    if (!in_string) {
      in_string = c == '"';
    } else if (c == '\\') {
      ++i;
    } else if (c == '"') {
      in_string = false;
    } else if (c < 0x20) {
      return i;
    }
  }
  return fallback;
}

}  // namespace

ExtractError DescribeJsonError(simdjson::error_code code, std::string_view record,
                               const char* location) {
  uint64_t offset = record.size();
  if (location != nullptr && location >= record.data()
      && location <= record.data() + record.size()) {
    offset = static_cast<uint64_t>(location - record.data());
  }
  switch (code) {
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::UNCLOSED_STRING:
      return StructureError(record);
    case simdjson::EMPTY:
    case simdjson::INCORRECT_TYPE: {
      size_t first = 0;
      while (first < record.size() && IsJsonSpace(record[first])) {
        ++first;
      }
      return ExtractError{"expected a JSON object", first};
    }
    case simdjson::UTF8_ERROR: {
      size_t bad = FindInvalidUtf8(record);
      return ExtractError{"invalid UTF-8", bad == std::string_view::npos ? offset : bad};
    }
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return ExtractError{"invalid literal", offset};
    case simdjson::NUMBER_ERROR:
      return ExtractError{"invalid or out-of-range number", offset};
    case simdjson::STRING_ERROR:
      return ExtractError{"invalid escape sequence in string", offset};
    case simdjson::UNESCAPED_CHARS:
      // simdjson notices the character later; the byte to point at is the character itself.
      return ExtractError{simdjson::error_message(code),
                          FirstControlCharacterInString(record, offset)};
    case simdjson::DEPTH_ERROR:
      return ExtractError{"nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                          offset};
    case simdjson::CAPACITY:
      return ExtractError{"record too large (simdjson handles up to 4 GiB)", 0};
    default:
      return ExtractError{simdjson::error_message(code), offset};
  }
}

ExtractError TrailingContentError(std::string_view record, const char* location) {
  uint64_t offset = record.size();
  if (location != nullptr && location >= record.data()
      && location <= record.data() + record.size()) {
    offset = static_cast<uint64_t>(location - record.data());
  }
  return ExtractError{"trailing content after the JSON object", offset};
}

}  // namespace scry::runtime::internal
