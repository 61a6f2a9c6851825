#include "rules/sigma/sigma_correlation_expr.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rules/sigma/sigma_attributes.hpp"
#include "rules/sigma/sigma_loader.hpp"

namespace scry::sigma {
namespace {

struct Token {
  enum class Kind { kWord, kLParen, kRParen, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
  size_t offset = 0;
};

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsOperator(std::string_view word) {
  return word == "and" || word == "or" || word == "not";
}

std::string LowerCase(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return text;
}

class Parser {
 public:
  Parser(std::string_view text, lang::SourceSpan span)
      : text_(text), span_(span), verbatim_(VerbatimTextSpan(span, text)) {}

  std::expected<CorrelationExpr, lang::Diagnostic> Parse() {
    if (auto error = Tokenize()) {
      return std::unexpected(std::move(*error));
    }
    auto expr = ParseOr();
    if (!expr) {
      return expr;
    }
    if (Peek().kind != Token::Kind::kEnd) {
      return Error(Peek(), Unexpected(Peek()));
    }
    return expr;
  }

 private:
  // The part of the YAML text at `offset` in the condition, when it can be located.
  lang::SourceSpan Within(size_t offset, size_t length) const {
    if (!verbatim_) {
      return span_;
    }
    uint32_t begin =
        std::min<uint32_t>(verbatim_->begin + static_cast<uint32_t>(offset), verbatim_->end);
    uint32_t end = std::min<uint32_t>(begin + static_cast<uint32_t>(length), verbatim_->end);
    return {verbatim_->source, begin, std::max(end, begin)};
  }

  lang::SourceSpan SpanOf(const Token& token) const {
    return Within(token.offset, std::max<size_t>(token.text.size(), 1));
  }

  std::unexpected<lang::Diagnostic> Error(const Token& token, std::string message) const {
    return std::unexpected(lang::Diagnostic::Error(SpanOf(token), std::move(message)));
  }

  std::optional<lang::Diagnostic> Tokenize() {
    size_t i = 0;
    while (i < text_.size()) {
      char c = text_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
      } else if (c == '(' || c == ')') {
        tokens_.push_back({c == '(' ? Token::Kind::kLParen : Token::Kind::kRParen, {c}, i});
        ++i;
      } else if (IsWordChar(c)) {
        size_t start = i;
        while (i < text_.size() && (IsWordChar(text_[i]) || text_[i] == '-')) {
          ++i;
        }
        std::string word(text_.substr(start, i - start));
        bool uuid = IsUuid(word);
        if (uuid || (c >= '0' && c <= '9') || word.find('-') != std::string::npos) {
          std::string message = fmt::format(
              "'{}' cannot name a rule in a correlation condition: rule names are "
              "letters, digits and '_', not starting with a digit",
              word);
          if (uuid) {
            message += "; refer to the rule by its 'name', not its id";
          }
          return lang::Diagnostic::Error(Within(start, word.size()), std::move(message));
        }
        tokens_.push_back({Token::Kind::kWord, std::move(word), start});
      } else {
        return lang::Diagnostic::Error(
            Within(i, 1), fmt::format("unexpected character '{}' in correlation condition", c));
      }
    }
    tokens_.push_back({Token::Kind::kEnd, "", text_.size()});
    return std::nullopt;
  }

  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() {
    const Token& token = tokens_[pos_];
    pos_ += token.kind == Token::Kind::kEnd ? 0 : 1;
    return token;
  }
  bool PeekWord(std::string_view word) const {
    return Peek().kind == Token::Kind::kWord && Peek().text == word;
  }

  static std::string Unexpected(const Token& token) {
    std::string lower = LowerCase(token.text);
    if (token.kind == Token::Kind::kWord && lower != token.text && IsOperator(lower)) {
      return fmt::format("condition operators are lower case: write '{}'", lower);
    }
    if (token.kind == Token::Kind::kRParen) {
      return "unexpected ')' in correlation condition";
    }
    return fmt::format("unexpected '{}' in correlation condition; expected 'and', 'or' or the end",
                       token.text);
  }

  // `keyword` joins operands of the next tighter level: `or` joins `and`s, `and` joins `not`s.
  std::expected<CorrelationExpr, lang::Diagnostic> ParseBinary(bool is_or) {
    std::string_view keyword = is_or ? "or" : "and";
    auto operand = [&] {
      return is_or ? ParseBinary(false) : ParseNot();
    };
    auto left = operand();
    if (!left || !PeekWord(keyword)) {
      return left;
    }
    CorrelationExpr node;
    node.kind = is_or ? CorrelationExpr::Kind::kOr : CorrelationExpr::Kind::kAnd;
    node.span = SpanOf(Peek());
    node.children.push_back(std::move(*left));
    while (PeekWord(keyword)) {
      Next();
      auto right = operand();
      if (!right) {
        return right;
      }
      node.children.push_back(std::move(*right));
    }
    return node;
  }

  std::expected<CorrelationExpr, lang::Diagnostic> ParseOr() { return ParseBinary(true); }

  std::expected<CorrelationExpr, lang::Diagnostic> ParseNot() {
    if (!PeekWord("not")) {
      return ParsePrimary();
    }
    const Token& token = Next();
    auto operand = ParseNot();
    if (!operand) {
      return operand;
    }
    CorrelationExpr node;
    node.kind = CorrelationExpr::Kind::kNot;
    node.span = SpanOf(token);
    node.children.push_back(std::move(*operand));
    return node;
  }

  std::expected<CorrelationExpr, lang::Diagnostic> ParsePrimary() {
    const Token& token = Next();
    switch (token.kind) {
      case Token::Kind::kLParen: {
        auto inner = ParseOr();
        if (!inner) {
          return inner;
        }
        if (Peek().kind != Token::Kind::kRParen) {
          return Error(Peek(), "missing ')' in correlation condition");
        }
        Next();
        return inner;
      }
      case Token::Kind::kEnd:
        return Error(token, "correlation condition ends where a rule name is expected");
      case Token::Kind::kRParen:
        return Error(token, "unexpected ')' in correlation condition");
      case Token::Kind::kWord:
        break;
    }
    std::string lower = LowerCase(token.text);
    if (lower != token.text && IsOperator(lower)) {
      return Error(token, fmt::format("condition operators are lower case: write '{}'", lower));
    }
    if (token.text == "and" || token.text == "or") {
      return Error(token, fmt::format("unexpected '{}' in correlation condition; expected a rule "
                                      "name",
                                      token.text));
    }
    CorrelationExpr node;
    node.kind = CorrelationExpr::Kind::kRule;
    node.rule = token.text;
    node.span = SpanOf(token);
    return node;
  }

  std::string_view text_;
  lang::SourceSpan span_;
  std::optional<lang::SourceSpan> verbatim_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

std::expected<CorrelationExpr, lang::Diagnostic> ParseCorrelationExpr(std::string_view text,
                                                                      lang::SourceSpan span) {
  return Parser(text, span).Parse();
}

}  // namespace scry::sigma
