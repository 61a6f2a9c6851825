#include "compiler/plan/literal_requirement.hpp"

#include <algorithm>

#include "compiler/plan/regex_literals.hpp"
#include "stdlib/case_fold.hpp"
#include "stdlib/string_match.hpp"
#include "stdlib/value_compare.hpp"

namespace scry::compiler {

namespace {

// A requirement in the making: nullopt is "nothing known".
using Clauses = std::optional<std::vector<LiteralClause>>;

// At most this many clauses are kept for one condition: each is a test per candidate rule, and
// the best few already reject almost every event a rule cannot match.
constexpr size_t kMaxClauses = 4;
// At most this many clauses are formed for an `or` before the best kMaxClauses are kept.
constexpr size_t kMaxProduct = 16;

// How much a clause narrows the rules down: long literals are rare in text, short ones (a
// space, ".") occur almost everywhere; among equally long ones fewer alternatives are better.
int64_t Selectivity(const LiteralClause& clause) {
  size_t shortest = SIZE_MAX;
  for (const RequiredLiteral& literal : clause) {
    shortest = std::min(shortest, literal.text.size());
  }
  return static_cast<int64_t>(std::min<size_t>(shortest, 12)) * 100'000
         - static_cast<int64_t>(clause.size());
}

void SortBySelectivity(std::vector<LiteralClause>& clauses) {
  std::stable_sort(clauses.begin(), clauses.end(),
                   [](const auto& a, const auto& b) { return Selectivity(a) > Selectivity(b); });
}

const BoundExpr* FieldOperand(const BoundExpr& expr) {
  if (expr.children.empty() || expr.children[0]->kind != BoundKind::kField) {
    return nullptr;
  }
  return expr.children[0].get();
}

// The fields the text a string operator tests comes from: its field, or the fields of its
// column, or kRecordSlot for `*`. Empty when not known.
std::span<const uint32_t> OperandFields(const BoundExpr& expr, const ColumnFields& columns) {
  static constexpr uint32_t kRecord[] = {kRecordSlot};
  if (expr.children.empty()) {
    return {};
  }
  const BoundExpr& operand = *expr.children[0];
  if (operand.kind == BoundKind::kField) {
    return {&operand.index, 1};
  }
  if (operand.kind == BoundKind::kAllValues) {
    return kRecord;
  }
  if (operand.kind == BoundKind::kColumn && operand.index < columns.size()) {
    return columns[operand.index];
  }
  return {};
}

// The text the prefilter looks for to find `pattern`. Case-insensitive operators compare
// folded text with the folded pattern; case-sensitive ones the text as it is. The prefilter
// ignores ASCII case either way (a superset is all it needs), so a case-sensitive pattern is
// kept as written.
std::string PrefilterText(std::string_view pattern, bool case_insensitive) {
  return case_insensitive ? FoldCase(pattern) : std::string(pattern);
}

// The literals of a leaf: each pattern of a string match, or each string of an `in` set.
// `all` is set when every one of them must occur (`contains all [...]`).
std::optional<std::vector<std::string>> LeafPatterns(const Plan& plan, const BoundExpr& expr,
                                                     bool& all) {
  all = false;
  if (expr.kind == BoundKind::kStringMatch && expr.children.size() == 1) {
    all = expr.match_all;
    std::vector<std::string> texts;
    for (const std::string& pattern : expr.patterns) {
      texts.push_back(PrefilterText(pattern, expr.case_insensitive));
    }
    return texts;
  }
  if (expr.kind == BoundKind::kInSet) {
    std::vector<std::string> texts;
    for (const Value& item : plan.constants.set_items(expr.index)) {
      if (item.kind != ValueKind::kString) {
        return std::nullopt;  // `3 in (...)` also holds for "3": no text to look for
      }
      texts.push_back(PrefilterText(item.as_string(), expr.case_insensitive));
    }
    return texts;
  }
  return std::nullopt;
}

// What to look for in the record's JSON text to find `text` in one of its values: JSON may
// write some characters differently (escaped quote, backslash, slash, control characters; a
// record with `\\u` escapes is scanned as matching everything), so the longest piece of `text`
// without them, which a value containing `text` also contains. A number's text form may differ
// from its JSON (`1e2` is 100), so the piece needs a character no number's text has. Empty
// when there is no such piece.
std::string RecordTextPiece(std::string_view text) {
  std::string_view best;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    bool cut = i == text.size() || text[i] == '"' || text[i] == '\\' || text[i] == '/'
               || static_cast<unsigned char>(text[i]) < 0x20;
    if (cut) {
      std::string_view piece = text.substr(start, i - start);
      if (piece.size() > best.size()
          && piece.find_first_not_of("0123456789.+-eEinfaINFA") != std::string_view::npos) {
        best = piece;
      }
      start = i + 1;
    }
  }
  return std::string(best);
}

// Adds to `clause` the literal `text` in each of `fields`.
void AddLiteral(LiteralClause& clause, std::span<const uint32_t> fields, const std::string& text) {
  for (uint32_t slot : fields) {
    RequiredLiteral literal{slot, text};
    if (std::find(clause.begin(), clause.end(), literal) == clause.end()) {
      clause.push_back(std::move(literal));
    }
  }
}

// `x matches [...]`: each regex's own requirement; any of them (or all, `matches all`).
Clauses AnalyzeRegexes(const BoundExpr& expr, std::span<const uint32_t> fields) {
  std::vector<LiteralClause> all;
  LiteralClause any;
  for (const std::string& pattern : expr.patterns) {
    auto cnf = RegexRequiredLiterals(pattern, expr.case_insensitive);
    if (!cnf) {
      if (expr.match_all) {
        continue;
      }
      return std::nullopt;
    }
    std::vector<LiteralClause> clauses;
    for (const auto& texts : *cnf) {
      LiteralClause& clause = clauses.emplace_back();
      for (std::string text : texts) {
        if (fields.front() == kRecordSlot) {
          text = RecordTextPiece(text);
        }
        if (text.empty()) {
          clause.clear();
          break;
        }
        AddLiteral(clause, fields, text);
      }
      if (clause.empty()) {
        clauses.pop_back();
      }
    }
    if (clauses.empty()) {
      if (expr.match_all) {
        continue;
      }
      return std::nullopt;
    }
    SortBySelectivity(clauses);
    if (expr.match_all) {
      all.insert(all.end(), clauses.begin(), clauses.end());
    } else {
      for (const RequiredLiteral& literal : clauses.front()) {
        if (std::find(any.begin(), any.end(), literal) == any.end()) {
          any.push_back(literal);
        }
      }
    }
  }
  if (!expr.match_all) {
    all.push_back(std::move(any));
  }
  if (all.empty() || all.front().empty()) {
    return std::nullopt;
  }
  return all;
}

Clauses Analyze(const Plan& plan, const BoundExpr& expr, const ColumnFields& columns) {
  switch (expr.kind) {
    case BoundKind::kRegexMatch: {
      std::span<const uint32_t> fields = OperandFields(expr, columns);
      if (fields.empty() || expr.children.size() != 1 || expr.patterns.empty()) {
        return std::nullopt;
      }
      return AnalyzeRegexes(expr, fields);
    }
    case BoundKind::kStringMatch:
    case BoundKind::kInSet: {
      std::span<const uint32_t> fields = OperandFields(expr, columns);
      bool all = false;
      auto texts = !fields.empty() ? LeafPatterns(plan, expr, all) : std::nullopt;
      if (!texts || texts->empty()) {
        return std::nullopt;
      }
      std::vector<LiteralClause> clauses;
      LiteralClause any;
      for (std::string text : *texts) {
        if (fields.front() == kRecordSlot) {
          text = RecordTextPiece(text);
        }
        if (text.empty()) {
          // An empty pattern is in every text: `contains all` loses one clause, `any` all.
          if (all) {
            continue;
          }
          return std::nullopt;
        }
        AddLiteral(all ? clauses.emplace_back() : any, fields, text);
      }
      if (!all) {
        clauses.push_back(std::move(any));
      }
      if (clauses.empty()) {
        return std::nullopt;
      }
      return clauses;
    }
    case BoundKind::kAnd: {
      std::vector<LiteralClause> clauses;
      for (const auto& child : expr.children) {
        if (auto found = Analyze(plan, *child, columns)) {
          clauses.insert(clauses.end(), found->begin(), found->end());
        }
      }
      if (clauses.empty()) {
        return std::nullopt;
      }
      SortBySelectivity(clauses);
      clauses.resize(std::min(clauses.size(), kMaxClauses));
      return clauses;
    }
    case BoundKind::kOr: {
      // Whichever branch holds brings its own clauses: `(a and b) or c` needs `a or c` and
      // `b or c`. Each clause of the product is the union of one clause of every branch; it
      // grows fast, so branches bring their best few, and the best of the product are kept.
      std::vector<LiteralClause> product(1);
      for (const auto& child : expr.children) {
        auto found = Analyze(plan, *child, columns);
        if (!found) {
          return std::nullopt;
        }
        SortBySelectivity(*found);
        size_t take = std::clamp<size_t>(kMaxProduct / product.size(), 1, found->size());
        std::vector<LiteralClause> next;
        for (const LiteralClause& partial : product) {
          for (size_t k = 0; k < take; ++k) {
            LiteralClause merged = partial;
            for (const RequiredLiteral& literal : (*found)[k]) {
              if (std::find(merged.begin(), merged.end(), literal) == merged.end()) {
                merged.push_back(literal);
              }
            }
            if (std::find(next.begin(), next.end(), merged) == next.end()) {
              next.push_back(std::move(merged));
            }
          }
        }
        product = std::move(next);
      }
      SortBySelectivity(product);
      product.resize(std::min(product.size(), kMaxClauses));
      return product;
    }
    default:
      return std::nullopt;
  }
}

bool IsEqualityOn(const BoundExpr& expr, std::optional<uint32_t> slot) {
  const BoundExpr* field = FieldOperand(expr);
  if (field == nullptr || (slot && field->index != *slot)) {
    return false;
  }
  if (expr.kind == BoundKind::kStringMatch) {
    return expr.children.size() == 1
           && static_cast<StringMatchOp>(expr.op) == StringMatchOp::kEquals;
  }
  return expr.kind == BoundKind::kInSet;
}

std::optional<RequiredValues> AnalyzeValues(const Plan& plan, const BoundExpr& expr,
                                            uint32_t slot) {
  if (IsEqualityOn(expr, slot)) {
    bool all = false;
    auto texts = LeafPatterns(plan, expr, all);
    if (!texts || texts->empty()) {
      return std::nullopt;
    }
    if (all) {
      texts->resize(1);  // equal to every one of them: in particular to the first
    }
    RequiredValues values;
    (expr.case_insensitive ? values.folded : values.exact) = std::move(*texts);
    return values;
  }
  if (expr.kind == BoundKind::kAnd) {
    std::optional<RequiredValues> best;
    for (const auto& child : expr.children) {
      auto found = AnalyzeValues(plan, *child, slot);
      if (found
          && (!best
              || found->exact.size() + found->folded.size()
                     < best->exact.size() + best->folded.size())) {
        best = std::move(found);
      }
    }
    return best;
  }
  if (expr.kind == BoundKind::kOr) {
    RequiredValues all;
    for (const auto& child : expr.children) {
      auto found = AnalyzeValues(plan, *child, slot);
      if (!found) {
        return std::nullopt;
      }
      all.exact.insert(all.exact.end(), found->exact.begin(), found->exact.end());
      all.folded.insert(all.folded.end(), found->folded.begin(), found->folded.end());
    }
    return all;
  }
  return std::nullopt;
}

void CollectEqualityFields(const BoundExpr& expr, std::vector<uint32_t>& slots) {
  if (IsEqualityOn(expr, std::nullopt)) {
    uint32_t slot = expr.children[0]->index;
    if (std::find(slots.begin(), slots.end(), slot) == slots.end()) {
      slots.push_back(slot);
    }
  } else if (expr.kind == BoundKind::kAnd || expr.kind == BoundKind::kOr) {
    for (const auto& child : expr.children) {
      CollectEqualityFields(*child, slots);
    }
  }
}

// The integer constants `expr` tests `slot` for equality with: `slot == 5`, `5 == slot`, `slot
// in [1, 2]`; nullopt for anything else, or for a constant that is not an integer.
std::optional<std::vector<int64_t>> IntegerLeaf(const Plan& plan, const BoundExpr& expr,
                                                std::optional<uint32_t> slot) {
  auto is_slot = [&](const BoundExpr& side) {
    return side.kind == BoundKind::kField && (!slot || side.index == *slot);
  };
  if (expr.kind == BoundKind::kCompare && static_cast<CompareOp>(expr.op) == CompareOp::kEq
      && expr.children.size() == 2) {
    const BoundExpr& lhs = *expr.children[0];
    const BoundExpr& rhs = *expr.children[1];
    const BoundExpr* constant = is_slot(lhs) ? &rhs : is_slot(rhs) ? &lhs : nullptr;
    if (constant == nullptr || constant->kind != BoundKind::kConstant) {
      return std::nullopt;
    }
    const Value& value = plan.constants.value(constant->index);
    if (value.kind != ValueKind::kInt) {
      return std::nullopt;
    }
    return std::vector<int64_t>{value.i};
  }
  if (expr.kind == BoundKind::kInSet && !expr.children.empty() && is_slot(*expr.children[0])) {
    std::vector<int64_t> values;
    for (const Value& item : plan.constants.set_items(expr.index)) {
      if (item.kind != ValueKind::kInt) {
        return std::nullopt;
      }
      values.push_back(item.i);
    }
    return values;
  }
  return std::nullopt;
}

std::optional<std::vector<int64_t>> AnalyzeIntegers(const Plan& plan, const BoundExpr& expr,
                                                    uint32_t slot) {
  if (auto leaf = IntegerLeaf(plan, expr, slot)) {
    return leaf;
  }
  if (expr.kind == BoundKind::kAnd) {
    std::optional<std::vector<int64_t>> best;
    for (const auto& child : expr.children) {
      auto found = AnalyzeIntegers(plan, *child, slot);
      if (found && (!best || found->size() < best->size())) {
        best = std::move(found);
      }
    }
    return best;
  }
  if (expr.kind == BoundKind::kOr) {
    std::vector<int64_t> all;
    for (const auto& child : expr.children) {
      auto found = AnalyzeIntegers(plan, *child, slot);
      if (!found) {
        return std::nullopt;
      }
      all.insert(all.end(), found->begin(), found->end());
    }
    return all;
  }
  return std::nullopt;
}

void CollectIntegerFields(const Plan& plan, const BoundExpr& expr, std::vector<uint32_t>& slots) {
  if (IntegerLeaf(plan, expr, std::nullopt)) {
    const BoundExpr& lhs = *expr.children[0];
    uint32_t slot = lhs.kind == BoundKind::kField ? lhs.index : expr.children[1]->index;
    if (std::find(slots.begin(), slots.end(), slot) == slots.end()) {
      slots.push_back(slot);
    }
  } else if (expr.kind == BoundKind::kAnd || expr.kind == BoundKind::kOr) {
    for (const auto& child : expr.children) {
      CollectIntegerFields(plan, *child, slots);
    }
  }
}

}  // namespace

ColumnFields FieldsOfColumns(const Plan& plan, std::span<const PlanStep> steps) {
  ColumnFields columns;
  for (const PlanStep& step : steps) {
    const auto* extend = std::get_if<ExtendStep>(&step.step);
    if (extend == nullptr) {
      continue;
    }
    for (const auto& column : extend->columns) {
      if (column.column >= columns.size()) {
        columns.resize(column.column + 1);
      }
      const BoundExpr& value = *plan.expressions[column.value];
      std::vector<uint32_t> fields;
      if (value.kind == BoundKind::kField) {
        fields.push_back(value.index);
      } else if (value.kind == BoundKind::kCall && value.function != nullptr
                 && value.function->name == "coalesce") {
        for (const auto& argument : value.children) {
          if (argument->kind != BoundKind::kField) {
            fields.clear();
            break;
          }
          fields.push_back(argument->index);
        }
      }
      columns[column.column] = std::move(fields);  // a later extend replaces the column
    }
  }
  return columns;
}

std::optional<LiteralRequirement> RequiredLiterals(const Plan& plan,
                                                   std::span<const ExprIndex> conditions,
                                                   const ColumnFields& columns) {
  std::vector<LiteralClause> clauses;
  for (ExprIndex condition : conditions) {
    if (auto found = Analyze(plan, *plan.expressions[condition], columns)) {
      clauses.insert(clauses.end(), found->begin(), found->end());
    }
  }
  if (clauses.empty()) {
    return std::nullopt;
  }
  SortBySelectivity(clauses);
  clauses.resize(std::min(clauses.size(), kMaxClauses));
  return LiteralRequirement{std::move(clauses)};
}

std::optional<RequiredValues> RequiredFieldValues(const Plan& plan, ExprIndex condition,
                                                  uint32_t slot) {
  return AnalyzeValues(plan, *plan.expressions[condition], slot);
}

std::vector<uint32_t> EqualityFields(const Plan& plan, ExprIndex condition) {
  std::vector<uint32_t> slots;
  CollectEqualityFields(*plan.expressions[condition], slots);
  return slots;
}

std::optional<std::vector<int64_t>> RequiredIntegers(const Plan& plan,
                                                     std::span<const ExprIndex> conditions,
                                                     uint32_t slot) {
  std::optional<std::vector<int64_t>> best;
  for (ExprIndex condition : conditions) {
    auto found = AnalyzeIntegers(plan, *plan.expressions[condition], slot);
    if (found && (!best || found->size() < best->size())) {
      best = std::move(found);
    }
  }
  if (best) {
    std::sort(best->begin(), best->end());
    best->erase(std::unique(best->begin(), best->end()), best->end());
  }
  return best;
}

std::vector<uint32_t> IntegerEqualityFields(const Plan& plan, ExprIndex condition) {
  std::vector<uint32_t> slots;
  CollectIntegerFields(plan, *plan.expressions[condition], slots);
  return slots;
}

}  // namespace scry::compiler
