// The Sigma condition language: `selection and not 1 of filter_*`, parsed into a small tree.
//
// Grammar (sigma-spec.md 4.2): or / and / not (lower case, whole words), parentheses, search
// identifiers ([A-Za-z0-9_-]+), and selectors `1 of P`, `any of P`, `all of P` where P is
// `them` or an identifier pattern with `*`. Errors name the position in the condition string.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace scry::sigma {

struct ConditionNode {
  enum class Kind { kAnd, kOr, kNot, kIdentifier, kOneOf, kAllOf };
  Kind kind;
  std::string name;  // kIdentifier: the identifier; kOneOf/kAllOf: the pattern or "them"
  std::vector<std::unique_ptr<ConditionNode>> children;
  size_t offset = 0;  // in the condition string, for messages
  size_t length = 0;
};

struct ConditionError {
  std::string message;
  size_t offset;
  size_t length;
};

std::expected<std::unique_ptr<ConditionNode>, ConditionError> ParseCondition(std::string_view text);

/// Whether a selector pattern selects `identifier`: `*` matches any run of characters; the
/// pattern must match the whole identifier; identifiers starting with `_` are left out unless
/// the pattern itself starts with `_`. `them` selects every identifier not starting with `_`.
bool SelectorMatches(std::string_view pattern, std::string_view identifier);

}  // namespace scry::sigma
