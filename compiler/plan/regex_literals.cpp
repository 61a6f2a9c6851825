#include "compiler/plan/regex_literals.hpp"

#include <algorithm>
#include <cctype>

#include "stdlib/case_fold.hpp"

namespace scry::compiler {

namespace {

// A conjunction of clauses, each a disjunction of strings; empty: nothing required.
using Cnf = std::vector<std::vector<std::string>>;

// Thrown nowhere: parsing stops with `failed` set at the first construct not understood.
class RegexLiteralParser {
 public:
  explicit RegexLiteralParser(std::string_view pattern) : pattern_(pattern) {}

  std::optional<Cnf> Parse(bool& case_insensitive) {
    ReadLeadingFlags(case_insensitive);
    Cnf cnf = Alternation();
    if (failed_ || pos_ != pattern_.size()) {
      return std::nullopt;
    }
    return cnf;
  }

 private:
  bool AtEnd() const { return pos_ >= pattern_.size(); }
  char Peek() const { return pattern_[pos_]; }

  // `(?i)`, `(?s)`, `(?is)` ... at the very start apply to the whole pattern.
  void ReadLeadingFlags(bool& case_insensitive) {
    while (pattern_.substr(pos_).starts_with("(?")) {
      size_t end = pattern_.find(')', pos_);
      if (end == std::string_view::npos) {
        return;
      }
      std::string_view flags = pattern_.substr(pos_ + 2, end - pos_ - 2);
      if (flags.empty() || flags.find_first_not_of("imsU") != std::string_view::npos) {
        return;  // a group, not flags
      }
      if (flags.find('i') != std::string_view::npos) {
        case_insensitive = true;
      }
      pos_ = end + 1;
    }
  }

  // Branches separated by `|`, up to `)` or the end.
  Cnf Alternation() {
    std::vector<Cnf> branches;
    branches.push_back(Sequence());
    while (!failed_ && !AtEnd() && Peek() == '|') {
      ++pos_;
      branches.push_back(Sequence());
    }
    if (branches.size() == 1) {
      return std::move(branches[0]);
    }
    // One of the branches matched: the union of each branch's longest literal.
    std::vector<std::string> any;
    for (Cnf& branch : branches) {
      if (branch.empty()) {
        return {};
      }
      auto best = std::max_element(branch.begin(), branch.end(), [](const auto& a, const auto& b) {
        return Shortest(a) < Shortest(b);
      });
      any.insert(any.end(), best->begin(), best->end());
    }
    return {std::move(any)};
  }

  static size_t Shortest(const std::vector<std::string>& clause) {
    size_t shortest = SIZE_MAX;
    for (const auto& text : clause) {
      shortest = std::min(shortest, text.size());
    }
    return shortest;
  }

  // What one atom is.
  enum class AtomKind { kLiteral, kOther, kGroup, kEmpty };
  struct Atom {
    AtomKind kind = AtomKind::kOther;
    std::string text;  // kLiteral: one character (all its UTF-8 bytes)
    Cnf group;         // kGroup
  };

  Cnf Sequence() {
    Cnf cnf;
    std::string run;
    auto flush = [&] {
      if (!run.empty()) {
        cnf.push_back({run});
        run.clear();
      }
    };
    while (!failed_ && !AtEnd() && Peek() != '|' && Peek() != ')') {
      Atom atom = ReadAtom();
      if (failed_) {
        break;
      }
      if (atom.kind == AtomKind::kEmpty) {
        flush();  // ^, $, \b: no text, but what follows is not adjacent to what came before
        continue;
      }
      Repeat repeat = ReadQuantifier();
      if (failed_) {
        break;
      }
      if (repeat == Repeat::kOptional || atom.kind == AtomKind::kOther) {
        flush();
        continue;
      }
      if (atom.kind == AtomKind::kGroup) {
        flush();
        cnf.insert(cnf.end(), atom.group.begin(), atom.group.end());
        continue;
      }
      run += atom.text;
      if (repeat == Repeat::kSeveral) {
        flush();  // the character is there, what follows may be another copy of it
      }
    }
    flush();
    return cnf;
  }

  enum class Repeat { kOnce, kOptional, kSeveral };

  Repeat ReadQuantifier() {
    if (AtEnd()) {
      return Repeat::kOnce;
    }
    Repeat repeat = Repeat::kOnce;
    char c = Peek();
    if (c == '*' || c == '?') {
      repeat = Repeat::kOptional;
      ++pos_;
    } else if (c == '+') {
      repeat = Repeat::kSeveral;
      ++pos_;
    } else if (c == '{') {
      size_t end = pattern_.find('}', pos_);
      std::string_view body =
          end == std::string_view::npos ? "" : pattern_.substr(pos_ + 1, end - pos_ - 1);
      if (body.empty() || body.find_first_not_of("0123456789,") != std::string_view::npos
          || !std::isdigit(static_cast<unsigned char>(body[0]))) {
        return Repeat::kOnce;  // RE2 reads a `{` that is no repetition as a literal brace
      }
      size_t comma = body.find(',');
      std::string_view low = body.substr(0, comma);
      bool at_least_one = low.find_first_not_of('0') != std::string_view::npos;
      bool exactly_one = comma == std::string_view::npos && low == "1";
      repeat = !at_least_one ? Repeat::kOptional : (exactly_one ? Repeat::kOnce : Repeat::kSeveral);
      pos_ = end + 1;
    } else {
      return Repeat::kOnce;
    }
    if (!AtEnd() && (Peek() == '?' || Peek() == '+')) {
      ++pos_;  // lazy or possessive: the same text
    }
    return repeat;
  }

  Atom ReadAtom() {
    Atom atom;
    char c = Peek();
    switch (c) {
      case '(':
        return ReadGroup();
      case '[':
        SkipClass();
        return atom;
      case '.':
        ++pos_;
        return atom;
      case '^':
      case '$':
        ++pos_;
        atom.kind = AtomKind::kEmpty;
        return atom;
      case '\\':
        return ReadEscape();
      case '*':
      case '+':
      case '?':
        failed_ = true;  // a quantifier with nothing to repeat
        return atom;
      default:
        break;
    }
    // One character, all of its UTF-8 bytes: a quantifier after it repeats all of them.
    size_t length = 1;
    auto lead = static_cast<unsigned char>(c);
    if (lead >= 0xF0) {
      length = 4;
    } else if (lead >= 0xE0) {
      length = 3;
    } else if (lead >= 0xC0) {
      length = 2;
    }
    if (pos_ + length > pattern_.size()) {
      failed_ = true;
      return atom;
    }
    atom.kind = AtomKind::kLiteral;
    atom.text = std::string(pattern_.substr(pos_, length));
    pos_ += length;
    return atom;
  }

  Atom ReadEscape() {
    Atom atom;
    ++pos_;
    if (AtEnd()) {
      failed_ = true;
      return atom;
    }
    char c = Peek();
    ++pos_;
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      atom.kind = AtomKind::kLiteral;  // \. \\ \| \( ...
      atom.text = std::string(1, c);
      return atom;
    }
    switch (c) {
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        atom.kind = AtomKind::kEmpty;
        return atom;
      case 'x':
      case 'p':
      case 'P':
        // \x41, \x{263a}, \pL, \p{Greek}: one character we do not decode.
        if (!AtEnd() && Peek() == '{') {
          size_t end = pattern_.find('}', pos_);
          if (end == std::string_view::npos) {
            failed_ = true;
            return atom;
          }
          pos_ = end + 1;
        } else {
          pos_ += c == 'x' ? 2 : 1;
        }
        if (pos_ > pattern_.size()) {
          failed_ = true;
        }
        return atom;
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
      case 'n':
      case 'r':
      case 't':
      case 'f':
      case 'v':
      case 'a':
        return atom;  // a class or a control character: not part of a literal run
      default:
        failed_ = true;  // \Q...\E, \C, octal: not worth understanding
        return atom;
    }
  }

  void SkipClass() {
    ++pos_;  // [
    if (!AtEnd() && Peek() == '^') {
      ++pos_;
    }
    if (!AtEnd() && Peek() == ']') {
      ++pos_;  // a leading ] is a member
    }
    while (!AtEnd() && Peek() != ']') {
      if (Peek() == '\\') {
        ++pos_;
      } else if (pattern_.substr(pos_).starts_with("[:")) {
        size_t end = pattern_.find(":]", pos_ + 2);
        if (end == std::string_view::npos) {
          break;
        }
        pos_ = end + 1;
      }
      ++pos_;
    }
    if (AtEnd()) {
      failed_ = true;
      return;
    }
    ++pos_;  // ]
  }

  Atom ReadGroup() {
    Atom atom;
    ++pos_;  // (
    if (!AtEnd() && Peek() == '?') {
      std::string_view rest = pattern_.substr(pos_);
      if (rest.starts_with("?:")) {
        pos_ += 2;
      } else if (rest.starts_with("?P<") || rest.starts_with("?<")) {
        size_t end = pattern_.find('>', pos_);
        if (end == std::string_view::npos) {
          failed_ = true;
          return atom;
        }
        pos_ = end + 1;
      } else {
        // Flags inside the pattern ((?i) in the middle, (?-i:...)) change what the literals
        // mean; give up rather than guess.
        failed_ = true;
        return atom;
      }
    }
    Cnf inner = Alternation();
    if (failed_ || AtEnd() || Peek() != ')') {
      failed_ = true;
      return atom;
    }
    ++pos_;  // )
    atom.kind = inner.empty() ? AtomKind::kOther : AtomKind::kGroup;
    atom.group = std::move(inner);
    return atom;
  }

  std::string_view pattern_;
  size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace

std::optional<std::vector<std::vector<std::string>>> RegexRequiredLiterals(std::string_view pattern,
                                                                           bool case_insensitive) {
  RegexLiteralParser parser(pattern);
  auto cnf = parser.Parse(case_insensitive);
  if (!cnf || cnf->empty()) {
    return std::nullopt;
  }
  if (case_insensitive) {
    for (auto& clause : *cnf) {
      for (auto& text : clause) {
        text = FoldCase(text);
      }
    }
  }
  return cnf;
}

}  // namespace scry::compiler
