#include "rules/sigma/sigma_item_expr.hpp"

#include <algorithm>

#include "rules/sigma/scry_ast_builder.hpp"
#include "stdlib/net.hpp"

namespace scry::sigma {

namespace ast = lang::ast;
using lang::SourceSpan;
using Kind = MatchAlternative::Kind;

namespace {

// One alternative, reduced to the scry test it needs.
struct Test {
  enum class Shape { kMember, kString, kRegex, kCidr, kOther };
  Shape shape = Shape::kOther;
  ast::BinaryOp op = ast::BinaryOp::kEq;  // kString: contains/startswith/endswith
  bool case_insensitive = true;
  ast::ExprPtr operand;  // kMember/kString/kRegex/kCidr: the literal; kOther: the whole test
};

class ItemBuilder {
 public:
  explicit ItemBuilder(const ProcessedItem& item) : item_(item) {}

  ast::ExprPtr Build() {
    ast::ExprPtr result;
    if (item_.all && item_.values.size() > 1) {
      result = BuildAll();
    } else {
      std::vector<Test> tests;
      for (const ProcessedValue& value : item_.values) {
        for (const MatchAlternative& alternative : value.alternatives) {
          tests.push_back(Classify(alternative));
        }
      }
      result = CombineAny(std::move(tests));
    }
    if (item_.negate) {
      result = Not(std::move(result), item_.key_span);
    }
    return result;
  }

 private:
  ast::ExprPtr Field() const {
    ast::ExprPtr field =
        item_.field ? FieldRef(*item_.field, item_.field_span) : FieldRef("*", item_.key_span);
    if (item_.time_part) {
      std::vector<ast::ExprPtr> args;
      args.push_back(std::move(field));
      return CallOf(*item_.time_part, std::move(args), item_.key_span);
    }
    return field;
  }

  bool keyword() const { return !item_.field.has_value(); }

  Test Classify(const MatchAlternative& alternative) const {
    Test test;
    test.case_insensitive = !item_.cased;
    const SourceSpan& span = alternative.span;
    switch (alternative.kind) {
      case Kind::kString: {
        SigmaString string = alternative.string;
        if (keyword()) {
          // Keywords search for text anywhere in any value (sigma-spec.md 2.7).
          string.PrependAny();
          string.AppendAny();
        }
        return ClassifyString(string, span, std::move(test));
      }
      case Kind::kNumber:
        if (keyword()) {
          return ClassifyString(KeywordText(alternative.number.text), span, std::move(test));
        }
        if (item_.compare) {
          test.operand = Compare(NumberLiteral(alternative.number, span), span);
          return test;
        }
        test.shape = Test::Shape::kMember;
        test.operand = NumberLiteral(alternative.number, span);
        return test;
      case Kind::kBool:
        if (keyword()) {
          return ClassifyString(KeywordText(alternative.bool_value ? "true" : "false"), span,
                                std::move(test));
        }
        test.shape = Test::Shape::kMember;
        test.operand = BoolLiteral(alternative.bool_value, span);
        return test;
      case Kind::kNull:
        test.operand = Binary(ast::BinaryOp::kEq, false, false, Field(), NullLiteral(span), span);
        return test;
      case Kind::kRegex: {
        std::string pattern = alternative.text;
        if (item_.regex_dotall) {
          pattern = "(?s)" + pattern;
        }
        if (item_.regex_multiline) {
          pattern = "(?m)" + pattern;
        }
        test.shape = Test::Shape::kRegex;
        test.case_insensitive = item_.regex_ignore_case;
        test.operand = RegexLiteral(pattern, span);
        return test;
      }
      case Kind::kCidr: {
        test.shape = Test::Shape::kCidr;
        auto range = ParseCidr(alternative.text);
        test.operand = CidrLiteral(range ? FormatCidr(*range) : alternative.text, span);
        return test;
      }
      case Kind::kFieldRef: {
        ast::BinaryOp op = ast::BinaryOp::kEq;
        switch (item_.fieldref_op) {
          case StringOp::kContains:
            op = ast::BinaryOp::kContains;
            break;
          case StringOp::kStartsWith:
            op = ast::BinaryOp::kStartsWith;
            break;
          case StringOp::kEndsWith:
            op = ast::BinaryOp::kEndsWith;
            break;
          case StringOp::kEquals:
            break;
        }
        test.operand =
            Binary(op, !item_.cased, false, Field(), FieldRef(alternative.text, span), span);
        return test;
      }
      case Kind::kExists: {
        ast::ExprPtr exists = ExistsOf(Field(), span);
        test.operand = alternative.bool_value ? std::move(exists) : Not(std::move(exists), span);
        return test;
      }
    }
    return test;
  }

  // A number or bool used as a keyword is searched as text (sigma-spec.md case C04).
  static SigmaString KeywordText(const std::string& text) {
    SigmaString string = SigmaString::Literal(text);
    string.PrependAny();
    string.AppendAny();
    return string;
  }

  ast::ExprPtr Compare(ast::ExprPtr value, const SourceSpan& span) const {
    ast::BinaryOp op = ast::BinaryOp::kGt;
    switch (*item_.compare) {
      case CompareOp::kGt:
        op = ast::BinaryOp::kGt;
        break;
      case CompareOp::kGte:
        op = ast::BinaryOp::kGe;
        break;
      case CompareOp::kLt:
        op = ast::BinaryOp::kLt;
        break;
      case CompareOp::kLte:
        op = ast::BinaryOp::kLe;
        break;
    }
    return Binary(op, false, false, Field(), std::move(value), span);
  }

  Test ClassifyString(const SigmaString& string, const SourceSpan& span, Test test) const {
    const auto& tokens = string.tokens();
    bool front = string.starts_with_any();
    bool back = string.ends_with_any();
    size_t first = front ? 1 : 0;
    size_t last = tokens.size() - (back && tokens.size() > first ? 1 : 0);
    bool plain_middle = true;
    for (size_t i = first; i < last; ++i) {
      plain_middle = plain_middle && tokens[i].kind == SigmaToken::Kind::kLiteral;
    }
    if (tokens.size() == 1 && front) {
      // `*` alone: any value at all, even an empty one.
      test.operand = Binary(ast::BinaryOp::kEq, false, true, Field(), NullLiteral(span), span);
      return test;
    }
    if (!plain_middle || last - first > 1) {
      test.shape = Test::Shape::kRegex;
      test.operand = RegexLiteral(string.ToAnchoredRegex(), span);
      return test;
    }
    std::string literal = last > first ? tokens[first].text : std::string();
    test.operand = StringLiteral(literal, span);
    if (!front && !back) {
      test.shape = Test::Shape::kMember;
      return test;
    }
    test.shape = Test::Shape::kString;
    test.op = front && back ? ast::BinaryOp::kContains
              : front       ? ast::BinaryOp::kEndsWith
                            : ast::BinaryOp::kStartsWith;
    return test;
  }

  // Several tests OR-ed: tests of one shape (and operator, and case sensitivity) share one
  // `any [...]` list, which is both how a person writes it and what the binder turns into one
  // prepared set or one multi-pattern match.
  ast::ExprPtr CombineAny(std::vector<Test> tests) const {
    struct Bucket {
      Test::Shape shape;
      ast::BinaryOp op;
      bool case_insensitive;
      std::vector<ast::ExprPtr> operands;
    };
    std::vector<Bucket> buckets;
    std::vector<ast::ExprPtr> others;
    std::vector<std::pair<bool, size_t>> order;  // (is bucket, index), first appearance
    for (Test& test : tests) {
      if (test.shape == Test::Shape::kOther) {
        order.emplace_back(false, others.size());
        others.push_back(std::move(test.operand));
        continue;
      }
      bool ci = test.shape == Test::Shape::kCidr ? false : test.case_insensitive;
      auto it = std::find_if(buckets.begin(), buckets.end(), [&](const Bucket& b) {
        return b.shape == test.shape && b.op == test.op && b.case_insensitive == ci;
      });
      if (it == buckets.end()) {
        order.emplace_back(true, buckets.size());
        buckets.push_back(Bucket{test.shape, test.op, ci, {}});
        it = buckets.end() - 1;
      }
      it->operands.push_back(std::move(test.operand));
    }
    std::vector<ast::ExprPtr> terms;
    for (auto [is_bucket, index] : order) {
      if (!is_bucket) {
        terms.push_back(std::move(others[index]));
        continue;
      }
      Bucket& bucket = buckets[index];
      terms.push_back(BucketExpr(bucket.shape, bucket.op, bucket.case_insensitive,
                                 std::move(bucket.operands), ast::Quantifier::kAny));
    }
    return JoinOr(std::move(terms), item_.key_span);
  }

  ast::ExprPtr BucketExpr(Test::Shape shape, ast::BinaryOp op, bool ci,
                          std::vector<ast::ExprPtr> operands, ast::Quantifier quantifier) const {
    const SourceSpan& span = item_.key_span;
    bool several = operands.size() > 1;
    switch (shape) {
      case Test::Shape::kMember:
        if (several) {
          return Binary(ast::BinaryOp::kIn, ci, false, Field(), ListOf(std::move(operands), span),
                        span);
        }
        return Binary(ast::BinaryOp::kEq, ci, false, Field(), std::move(operands[0]), span);
      case Test::Shape::kCidr:
        return Binary(ast::BinaryOp::kIn, false, false, Field(), ListOf(std::move(operands), span),
                      span);
      case Test::Shape::kRegex:
        op = ast::BinaryOp::kMatches;
        [[fallthrough]];
      case Test::Shape::kString:
        if (several) {
          return Binary(op, ci, false, Field(), ListOf(std::move(operands), span), span,
                        quantifier);
        }
        return Binary(op, ci, false, Field(), std::move(operands[0]), span);
      case Test::Shape::kOther:
        break;
    }
    return nullptr;
  }

  // `all`: every value must match; each value's alternatives (a windash or base64offset
  // expansion) stay OR-ed.
  ast::ExprPtr BuildAll() const {
    // One `op all [...]` when every value is a single pattern of one kind, as in
    // `CommandLine|contains|all: [a, b]`.
    std::vector<Test> singles;
    for (const ProcessedValue& value : item_.values) {
      if (value.alternatives.size() != 1) {
        break;
      }
      singles.push_back(Classify(value.alternatives[0]));
    }
    auto same_as_first = [&](const Test& test) {
      const Test& first = singles.front();
      return (test.shape == Test::Shape::kString || test.shape == Test::Shape::kRegex)
             && test.shape == first.shape && test.op == first.op
             && test.case_insensitive == first.case_insensitive;
    };
    if (singles.size() == item_.values.size()
        && std::all_of(singles.begin(), singles.end(), same_as_first)) {
      Test::Shape shape = singles[0].shape;
      ast::BinaryOp op = singles[0].op;
      bool ci = singles[0].case_insensitive;
      std::vector<ast::ExprPtr> operands;
      for (Test& test : singles) {
        operands.push_back(std::move(test.operand));
      }
      return BucketExpr(shape, op, ci, std::move(operands), ast::Quantifier::kAll);
    }
    std::vector<ast::ExprPtr> terms;
    for (const ProcessedValue& value : item_.values) {
      std::vector<Test> tests;
      for (const MatchAlternative& alternative : value.alternatives) {
        tests.push_back(Classify(alternative));
      }
      terms.push_back(CombineAny(std::move(tests)));
    }
    return JoinAnd(std::move(terms), item_.key_span);
  }

  const ProcessedItem& item_;
};

}  // namespace

ast::ExprPtr BuildItemExpr(const ProcessedItem& item) {
  return ItemBuilder(item).Build();
}

}  // namespace scry::sigma
