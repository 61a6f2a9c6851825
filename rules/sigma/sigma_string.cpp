#include "rules/sigma/sigma_string.hpp"

namespace scry::sigma {

using Kind = SigmaToken::Kind;

void SigmaString::Append(SigmaToken token) {
  // Adjacent literals merge, so that `contains` and friends see one literal run.
  if (token.kind == Kind::kLiteral && !tokens_.empty() && tokens_.back().kind == Kind::kLiteral) {
    tokens_.back().text += token.text;
    return;
  }
  if (token.kind == Kind::kLiteral && token.text.empty()) {
    return;
  }
  tokens_.push_back(std::move(token));
}

void SigmaString::Append(const SigmaString& other) {
  for (const SigmaToken& token : other.tokens_) {
    Append(token);
  }
}

SigmaString SigmaString::Parse(std::string_view text) {
  SigmaString out;
  bool escaped = false;
  for (char c : text) {
    if (escaped) {
      if (c == '*' || c == '?' || c == '\\') {
        out.Append({Kind::kLiteral, std::string(1, c)});
      } else {
        out.Append({Kind::kLiteral, std::string("\\") + c});
      }
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == '*') {
      out.Append({Kind::kAnyChars, ""});
    } else if (c == '?') {
      out.Append({Kind::kOneChar, ""});
    } else {
      out.Append({Kind::kLiteral, std::string(1, c)});
    }
  }
  if (escaped) {
    out.Append({Kind::kLiteral, "\\"});
  }
  return out;
}

SigmaString SigmaString::Literal(std::string_view text) {
  SigmaString out;
  out.Append({Kind::kLiteral, std::string(text)});
  return out;
}

bool SigmaString::has_wildcards() const {
  for (const auto& token : tokens_) {
    if (token.kind == Kind::kAnyChars || token.kind == Kind::kOneChar) {
      return true;
    }
  }
  return false;
}

bool SigmaString::has_placeholders() const {
  for (const auto& token : tokens_) {
    if (token.kind == Kind::kPlaceholder) {
      return true;
    }
  }
  return false;
}

bool SigmaString::starts_with_any() const {
  return !tokens_.empty() && tokens_.front().kind == Kind::kAnyChars;
}

bool SigmaString::ends_with_any() const {
  return !tokens_.empty() && tokens_.back().kind == Kind::kAnyChars;
}

std::string SigmaString::LiteralText() const {
  std::string out;
  for (const auto& token : tokens_) {
    out += token.text;
  }
  return out;
}

void SigmaString::PrependAny() {
  if (!starts_with_any()) {
    tokens_.insert(tokens_.begin(), SigmaToken{Kind::kAnyChars, ""});
  }
}

void SigmaString::AppendAny() {
  if (!ends_with_any()) {
    tokens_.push_back(SigmaToken{Kind::kAnyChars, ""});
  }
}

void SigmaString::ExtractPlaceholders() {
  std::vector<SigmaToken> tokens = std::move(tokens_);
  tokens_.clear();
  for (SigmaToken& token : tokens) {
    if (token.kind != Kind::kLiteral) {
      Append(std::move(token));
      continue;
    }
    // pySigma: (?<!\\)%(?P<name>[^%]+)% on the literal text, then `\%` becomes `%`.
    const std::string& text = token.text;
    std::string literal;
    size_t i = 0;
    while (i < text.size()) {
      if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '%') {
        literal += '%';
        i += 2;
        continue;
      }
      if (text[i] == '%') {
        size_t end = text.find('%', i + 1);
        if (end != std::string::npos && end > i + 1) {
          Append({Kind::kLiteral, literal});
          literal.clear();
          Append({Kind::kPlaceholder, text.substr(i + 1, end - i - 1)});
          i = end + 1;
          continue;
        }
      }
      literal += text[i];
      ++i;
    }
    Append({Kind::kLiteral, literal});
  }
}

std::string EscapeRegex(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\':
      case '.':
      case '+':
      case '*':
      case '?':
      case '(':
      case ')':
      case '[':
      case ']':
      case '{':
      case '}':
      case '|':
      case '^':
      case '$':
        out += '\\';
        out += c;
        break;
      case '\0':
        out += "\\x00";  // RE2 patterns are C strings in places; keep NUL explicit
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string SigmaString::ToAnchoredRegex() const {
  return "(?s)^" + RegexBody(/*dot_all_set=*/true) + "$";
}

std::string SigmaString::ToRegexFragment() const {
  return RegexBody(/*dot_all_set=*/false);
}

std::string SigmaString::RegexBody(bool dot_all_set) const {
  std::string out;
  for (const auto& token : tokens_) {
    switch (token.kind) {
      case Kind::kLiteral:
        out += EscapeRegex(token.text);
        break;
      case Kind::kAnyChars:
        out += dot_all_set ? ".*" : "(?s:.*)";
        break;
      case Kind::kOneChar:
        out += dot_all_set ? "." : "(?s:.)";
        break;
      case Kind::kPlaceholder:
        out += EscapeRegex("%" + token.text + "%");
        break;
    }
  }
  return out;
}

}  // namespace scry::sigma
