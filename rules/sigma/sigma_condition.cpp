#include "rules/sigma/sigma_condition.hpp"

#include <fmt/format.h>

namespace scry::sigma {

namespace {

struct Token {
  enum class Kind { kWord, kLParen, kRParen, kPipe, kEnd } kind;
  std::string text;
  size_t offset;
};

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
         || c == '-' || c == '*';
}

std::expected<std::vector<Token>, ConditionError> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? Token::Kind::kLParen : Token::Kind::kRParen, {c}, i});
      ++i;
    } else if (c == '|') {
      tokens.push_back({Token::Kind::kPipe, "|", i});
      ++i;
    } else if (IsWordChar(c)) {
      size_t start = i;
      while (i < text.size() && IsWordChar(text[i])) {
        ++i;
      }
      tokens.push_back({Token::Kind::kWord, std::string(text.substr(start, i - start)), start});
    } else {
      return std::unexpected(
          ConditionError{fmt::format("unexpected character '{}' in condition", c), i, 1});
    }
  }
  tokens.push_back({Token::Kind::kEnd, "", text.size()});
  return tokens;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::expected<std::unique_ptr<ConditionNode>, ConditionError> Parse() {
    auto node = ParseOr();
    if (!node) {
      return node;
    }
    if (Peek().kind != Token::Kind::kEnd) {
      std::string lower = LowerCase(Peek().text);
      if (lower != Peek().text && (lower == "and" || lower == "or" || lower == "not")) {
        return Error(Peek(), fmt::format("condition operators are lower case: write '{}'", lower));
      }
      return Error(Peek(), fmt::format("unexpected '{}' in condition", Peek().text));
    }
    return node;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_++]; }
  bool PeekWord(std::string_view word) const {
    return Peek().kind == Token::Kind::kWord && Peek().text == word;
  }

  std::unexpected<ConditionError> Error(const Token& token, std::string message) const {
    return std::unexpected(
        ConditionError{std::move(message), token.offset, std::max<size_t>(token.text.size(), 1)});
  }

  static std::unique_ptr<ConditionNode> Make(ConditionNode::Kind kind, const Token& at) {
    auto node = std::make_unique<ConditionNode>();
    node->kind = kind;
    node->offset = at.offset;
    node->length = at.text.size();
    return node;
  }

  std::expected<std::unique_ptr<ConditionNode>, ConditionError> ParseBinary(
      std::string_view keyword, ConditionNode::Kind kind, bool is_or) {
    const Token& first = Peek();
    auto left = is_or ? ParseBinary("and", ConditionNode::Kind::kAnd, false) : ParseNot();
    if (!left) {
      return left;
    }
    if (!PeekWord(keyword)) {
      return left;
    }
    auto node = Make(kind, first);
    node->children.push_back(std::move(*left));
    while (PeekWord(keyword)) {
      Next();
      auto right = is_or ? ParseBinary("and", ConditionNode::Kind::kAnd, false) : ParseNot();
      if (!right) {
        return right;
      }
      node->children.push_back(std::move(*right));
    }
    return node;
  }

  std::expected<std::unique_ptr<ConditionNode>, ConditionError> ParseOr() {
    return ParseBinary("or", ConditionNode::Kind::kOr, true);
  }

  std::expected<std::unique_ptr<ConditionNode>, ConditionError> ParseNot() {
    if (PeekWord("not")) {
      const Token& token = Next();
      auto operand = ParseNot();
      if (!operand) {
        return operand;
      }
      auto node = Make(ConditionNode::Kind::kNot, token);
      node->children.push_back(std::move(*operand));
      return node;
    }
    return ParsePrimary();
  }

  std::expected<std::unique_ptr<ConditionNode>, ConditionError> ParsePrimary() {
    const Token& token = Peek();
    switch (token.kind) {
      case Token::Kind::kLParen: {
        Next();
        auto inner = ParseOr();
        if (!inner) {
          return inner;
        }
        if (Peek().kind != Token::Kind::kRParen) {
          return Error(Peek(), "missing ')' in condition");
        }
        Next();
        return inner;
      }
      case Token::Kind::kPipe:
        return Error(token,
                     "the '|' aggregation syntax of Sigma v1 is not supported; use a correlation "
                     "rule");
      case Token::Kind::kEnd:
        return Error(token, "condition ends where a search identifier is expected");
      case Token::Kind::kRParen:
        return Error(token, "unexpected ')' in condition");
      case Token::Kind::kWord:
        break;
    }
    Next();
    std::string lower = LowerCase(token.text);
    if (lower != token.text
        && (lower == "and" || lower == "or" || lower == "not" || lower == "of")) {
      return Error(token, fmt::format("condition operators are lower case: write '{}'", lower));
    }
    if (token.text == "and" || token.text == "or" || token.text == "of") {
      return Error(token, fmt::format("unexpected '{}' in condition", token.text));
    }
    if (Peek().kind == Token::Kind::kWord && LowerCase(Peek().text) == "of") {
      if (Peek().text != "of") {
        return Error(Peek(), "condition operators are lower case: write 'of'");
      }
      Next();
      ConditionNode::Kind kind;
      if (token.text == "1" || token.text == "any") {
        kind = ConditionNode::Kind::kOneOf;
      } else if (token.text == "all") {
        kind = ConditionNode::Kind::kAllOf;
      } else {
        return Error(token, fmt::format("'{} of' is not a Sigma quantifier; use '1 of', 'any of' "
                                        "or 'all of'",
                                        token.text));
      }
      if (Peek().kind != Token::Kind::kWord) {
        return Error(Peek(), "expected 'them' or an identifier pattern after 'of'");
      }
      auto node = Make(kind, token);
      node->name = Next().text;
      return node;
    }
    if (token.text.find('*') != std::string::npos) {
      return Error(token, fmt::format("a pattern such as '{}' needs a quantifier: '1 of {}' or "
                                      "'all of {}'",
                                      token.text, token.text, token.text));
    }
    auto node = Make(ConditionNode::Kind::kIdentifier, token);
    node->name = token.text;
    return node;
  }

  static std::string LowerCase(std::string text) {
    for (char& c : text) {
      c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return text;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

// Full match of a glob with `*` only.
bool GlobMatches(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace

std::expected<std::unique_ptr<ConditionNode>, ConditionError> ParseCondition(
    std::string_view text) {
  auto tokens = Tokenize(text);
  if (!tokens) {
    return std::unexpected(tokens.error());
  }
  return Parser(std::move(*tokens)).Parse();
}

bool SelectorMatches(std::string_view pattern, std::string_view identifier) {
  if (pattern == "them") {
    return !identifier.starts_with('_');
  }
  if (identifier.starts_with('_') && !pattern.starts_with('_')) {
    return false;
  }
  return GlobMatches(pattern, identifier);
}

}  // namespace scry::sigma
