#include "lang/parser/vocabulary.hpp"

#include <algorithm>
#include <cctype>

#include "ScryLexer.h"
#include "antlr4-runtime.h"

namespace scry::lang {

std::vector<std::string> KeywordSpellings() {
  antlr4::ANTLRInputStream input("");
  scry_grammar::ScryLexer lexer(&input);
  const antlr4::dfa::Vocabulary& vocabulary = lexer.getVocabulary();
  std::vector<std::string> words;
  for (size_t type = 0; type <= vocabulary.getMaxTokenType(); ++type) {
    // Literal names are quoted ("'where'"); tokens without a fixed spelling have none.
    std::string literal = vocabulary.getLiteralName(type);
    if (literal.size() < 3 || literal.front() != '\'' || literal.back() != '\'') {
      continue;
    }
    std::string word = literal.substr(1, literal.size() - 2);
    size_t first = word.front() == '!' ? 1 : 0;
    if (first < word.size() && std::isalpha(static_cast<unsigned char>(word[first])) != 0) {
      words.push_back(std::move(word));
    }
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

}  // namespace scry::lang
