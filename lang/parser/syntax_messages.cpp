#include "lang/parser/internal/syntax_messages.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "ScryLexer.h"
#include "lang/base/spelling_suggestion.hpp"

namespace scry::lang::internal {
namespace {

using scry_grammar::ScryLexer;

const std::vector<size_t> kOperatorTokens = {
    ScryLexer::AND,
    ScryLexer::OR,
    ScryLexer::EQ,
    ScryLexer::NEQ,
    ScryLexer::CI_EQ,
    ScryLexer::CI_NEQ,
    ScryLexer::LT,
    ScryLexer::LE,
    ScryLexer::GT,
    ScryLexer::GE,
    ScryLexer::IN,
    ScryLexer::IN_CI,
    ScryLexer::NOT_IN,
    ScryLexer::NOT_IN_CI,
    ScryLexer::CONTAINS,
    ScryLexer::CONTAINS_CS,
    ScryLexer::NOT_CONTAINS,
    ScryLexer::NOT_CONTAINS_CS,
    ScryLexer::STARTSWITH,
    ScryLexer::STARTSWITH_CS,
    ScryLexer::NOT_STARTSWITH,
    ScryLexer::NOT_STARTSWITH_CS,
    ScryLexer::ENDSWITH,
    ScryLexer::ENDSWITH_CS,
    ScryLexer::NOT_ENDSWITH,
    ScryLexer::NOT_ENDSWITH_CS,
    ScryLexer::MATCHES,
    ScryLexer::MATCHES_CS,
    ScryLexer::NOT_MATCHES,
    ScryLexer::NOT_MATCHES_CS,
    ScryLexer::PLUS,
    ScryLexer::MINUS,
    ScryLexer::STAR,
    ScryLexer::SLASH,
    ScryLexer::PERCENT,
};

const std::vector<size_t> kStageTokens = {
    ScryLexer::WHERE,    ScryLexer::PROJECT,  ScryLexer::EXTEND, ScryLexer::SUMMARIZE,
    ScryLexer::SORT,     ScryLexer::HEAD,     ScryLexer::WINDOW, ScryLexer::AGGREGATE,
    ScryLexer::SUPPRESS, ScryLexer::SEQUENCE, ScryLexer::TAIL,   ScryLexer::TOP,
    ScryLexer::DISTINCT, ScryLexer::COUNT,    ScryLexer::SAMPLE, ScryLexer::PROJECT_AWAY,
    ScryLexer::TIMECHART};

// Where a name is expected, these are all summed up as "a name": names, and the soft keywords
// that start no stage (those are summed up as "a pipeline operator").
const std::vector<size_t> kNameTokens = {
    ScryLexer::IDENT,   ScryLexer::QUOTED_NAME, ScryLexer::RULE,     ScryLexer::SOURCE,
    ScryLexer::LET,     ScryLexer::SLIDING,     ScryLexer::TUMBLING, ScryLexer::SESSION,
    ScryLexer::ORDERED, ScryLexer::WITHIN,      ScryLexer::UNTIL,    ScryLexer::SEED};

const std::vector<std::string> kBinaryOperatorWords = {
    "and",           "or",       "in",          "contains", "contains_cs", "startswith",
    "startswith_cs", "endswith", "endswith_cs", "matches",  "matches_cs",
};

const std::vector<std::string> kStageWords = {
    "where",  "project",   "extend",   "summarize", "sort",         "head",
    "window", "aggregate", "suppress", "sequence",  "from",         "tail",
    "top",    "distinct",  "count",    "sample",    "project-away", "timechart"};

const std::vector<std::string> kWindowKinds = {"sliding", "tumbling", "session"};

bool Contains(const std::vector<size_t>& set, size_t type) {
  return std::find(set.begin(), set.end(), type) != set.end();
}

bool ContainsAny(const std::vector<size_t>& set, const std::vector<size_t>& types) {
  return std::any_of(types.begin(), types.end(), [&](size_t t) { return Contains(set, t); });
}

std::string Join(const std::vector<std::string>& phrases) {
  std::string out;
  for (size_t i = 0; i < phrases.size(); ++i) {
    if (i > 0) {
      out += i + 1 == phrases.size() ? " or " : ", ";
    }
    out += phrases[i];
  }
  return out;
}

bool IsWordToken(size_t type) {
  return type == ScryLexer::IDENT || type == ScryLexer::BANG_WORD;
}

// Tokens after which an expression may be complete. `*` is one when it is every value of the
// event; after an infix `*` the parser expects an operand, which is reported before this is
// asked.
bool EndsOperand(size_t type) {
  switch (type) {
    case ScryLexer::STAR:
    case ScryLexer::IDENT:
    case ScryLexer::QUOTED_NAME:
    case ScryLexer::RPAREN:
    case ScryLexer::RBRACKET:
    case ScryLexer::INT:
    case ScryLexer::HEX_INT:
    case ScryLexer::FLOAT:
    case ScryLexer::DURATION:
    case ScryLexer::STRING:
    case ScryLexer::RAW_STRING:
    case ScryLexer::REGEX:
    case ScryLexer::TIMESTAMP:
    case ScryLexer::IPV4:
    case ScryLexer::IPV6:
    case ScryLexer::CIDR4:
    case ScryLexer::CIDR6:
    case ScryLexer::KW_TRUE:
    case ScryLexer::KW_FALSE:
    case ScryLexer::KW_NULL:
      return true;
    default:
      return false;
  }
}

bool IsClosing(size_t type) {
  return type == ScryLexer::RPAREN || type == ScryLexer::RBRACKET || type == ScryLexer::RBRACE;
}

// "an operator, '|' or '}'": what the parser would have accepted, in words.
std::vector<std::string> DescribeExpected(const SyntaxErrorFacts& facts,
                                          const std::vector<size_t>& types) {
  std::vector<std::string> phrases;
  if (Contains(types, ScryLexer::KW_TRUE) && Contains(types, ScryLexer::STRING)
      && !Contains(types, ScryLexer::LPAREN)) {
    return {"a metadata value (a string, name, number, true, false or a list)"};
  }
  // A lone MINUS (a negative metadata number) does not make an operator position.
  bool operators = ContainsAny(types, kOperatorTokens)
                   && !(Contains(types, ScryLexer::MINUS) && !Contains(types, ScryLexer::PLUS));
  // Only a name position accepts `rule` and `let` as well as IDENT.
  bool name = Contains(types, ScryLexer::IDENT) && Contains(types, ScryLexer::RULE)
              && Contains(types, ScryLexer::LET);
  bool stages = ContainsAny(types, kStageTokens);
  // Tokens summed up by a phrase are not listed again.
  std::vector<size_t> covered = kOperatorTokens;
  covered.insert(covered.end(),
                 {ScryLexer::INT, ScryLexer::IDENT, ScryLexer::BANG_WORD, antlr4::Token::EOF});
  auto cover = [&](const std::vector<size_t>& more) {
    covered.insert(covered.end(), more.begin(), more.end());
  };
  if (operators) {
    phrases.push_back("an operator");
  }
  if (name) {
    phrases.push_back(facts.in_declaration_body ? "a metadata entry ('key: value')" : "a name");
    if (facts.in_declaration_body) {
      phrases.push_back("a pipeline");
    }
    cover(kNameTokens);
    cover(kStageTokens);
    cover({ScryLexer::FROM});
  } else if (stages) {
    if (Contains(types, ScryLexer::FROM)) {
      phrases.push_back("'from'");
    }
    phrases.push_back("a pipeline operator");
    cover(kStageTokens);
    cover({ScryLexer::FROM});
  } else if (Contains(types, ScryLexer::IDENT) && !operators) {
    // Where operators are accepted, IDENT is only there for the error production.
    phrases.push_back("a name");
  }
  if (Contains(types, ScryLexer::INT)) {
    phrases.push_back("an integer");
  }
  for (const auto& e : facts.expected) {
    if (!Contains(covered, e.type) && !e.literal.empty()) {
      phrases.push_back(e.literal);
    }
  }
  if (Contains(types, antlr4::Token::EOF)) {
    phrases.push_back("end of input");
  }
  return phrases;
}

std::vector<std::string> KeywordSpellings(const SyntaxErrorFacts& facts) {
  std::vector<std::string> words;
  for (const auto& e : facts.expected) {
    std::string_view literal = e.literal;
    if (literal.size() > 2 && std::isalpha(static_cast<unsigned char>(literal[1]))) {
      words.emplace_back(literal.substr(1, literal.size() - 2));
    }
  }
  return words;
}

}  // namespace

std::string SyntaxErrorMessage(const SyntaxErrorFacts& facts) {
  std::vector<size_t> types;
  for (const auto& e : facts.expected) {
    types.push_back(e.type);
  }
  if (Contains(types, ScryLexer::INT) && Contains(types, ScryLexer::LPAREN)) {
    return facts.previous_text.empty()
               ? "expected an expression"
               : fmt::format("expected an expression after '{}'", facts.previous_text);
  }
  if (facts.found_type == ScryLexer::BANG) {
    return "'!' negates an operator only when written directly before it, as in '!contains'";
  }
  bool after_operand = EndsOperand(facts.previous_type);
  if (facts.found_type == ScryLexer::NOT && after_operand) {
    return "unexpected 'not'; to negate an operator write it with '!', as in '!in' or "
           "'!contains'";
  }
  if (facts.found_type == ScryLexer::ASSIGN && after_operand) {
    // `where x = 3`: '=' only names a column; SQL and KQL habits make this a common slip.
    return "unexpected '='; to compare values write '=='";
  }
  if (IsClosing(facts.found_type) && facts.found_unmatched) {
    return fmt::format("unmatched '{}'", facts.found_text);
  }
  bool declaration = Contains(types, ScryLexer::RULE) && Contains(types, ScryLexer::SOURCE)
                     && !Contains(types, ScryLexer::IDENT);
  if (declaration && facts.found_type == ScryLexer::IDENT) {
    auto suggestion = DidYouMean(facts.found_text, {"rule", "source", "let"});
    if (!suggestion.empty()) {
      return fmt::format("unknown declaration '{}'{}", facts.found_text, suggestion);
    }
  }
  std::vector<std::string> phrases = DescribeExpected(facts, types);
  // After an operand, ANTLR has already left the expression rules and only knows what may
  // follow the whole expression; listing that alone ("expected end of input") would mislead.
  bool partial = after_operand && std::all_of(types.begin(), types.end(), [](size_t t) {
                   return t == antlr4::Token::EOF || t == ScryLexer::PIPE;
                 });
  std::string expected =
      phrases.empty() || phrases.size() > 5 || partial ? "" : "; expected " + Join(phrases);
  if (facts.found_type == antlr4::Token::EOF) {
    return "unexpected end of input" + expected;
  }
  std::string message = fmt::format("unexpected '{}'{}", facts.found_text, expected);
  if (IsWordToken(facts.found_type)) {
    message += DidYouMean(facts.found_text, KeywordSpellings(facts));
  }
  return message;
}

std::string UnknownOperatorMessage(std::string_view word) {
  bool negated = word.starts_with('!');
  std::string_view bare = negated ? word.substr(1) : word;
  auto suggestion = SuggestSpelling(bare, kBinaryOperatorWords);
  if (negated && suggestion && (*suggestion == "and" || *suggestion == "or")) {
    suggestion.reset();
  }
  std::string message = fmt::format("unknown operator '{}'", word);
  if (suggestion) {
    message += fmt::format("; did you mean '{}{}'?", negated ? "!" : "", *suggestion);
  }
  return message;
}

std::string UnknownStageMessage(std::string_view word) {
  return fmt::format("unknown pipeline operator '{}'{}", word, DidYouMean(word, kStageWords));
}

std::string UnknownWindowKindMessage(std::string_view word) {
  auto suggestion = DidYouMean(word, kWindowKinds);
  return fmt::format("unknown window kind '{}'{}", word,
                     suggestion.empty() ? "; expected sliding, tumbling or session" : suggestion);
}

std::string MissingWindowKindMessage() {
  return "expected sliding, tumbling or session after 'window'";
}

std::string MissingWindowSizeMessage(std::string_view kind) {
  return fmt::format("expected a duration after '{}'", kind);
}

std::string MissingSequenceByMessage() {
  return "expected 'by' and the keys the steps share, as in 'sequence by host.name within 5m'";
}

std::string StepAfterUntilMessage() {
  return "'until' takes one step and ends the sequence; put the other steps before it";
}

}  // namespace scry::lang::internal
