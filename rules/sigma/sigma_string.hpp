// SigmaString: a Sigma string value as a list of tokens (literal text, `*`, `?`, placeholders).
//
// Sigma has its own escaping on top of YAML's: `\*`, `\?` and `\\` are escapes, any other
// backslash is literal, and a trailing backslash is literal (sigma-spec.md 2.5, pySigma's
// SigmaString). Modifiers work on the tokens, never on re-parsed text, so a trailing backslash
// can never escape a wildcard that `contains` adds (pySigma#431).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::sigma {

struct SigmaToken {
  enum class Kind { kLiteral, kAnyChars, kOneChar, kPlaceholder };
  Kind kind = Kind::kLiteral;
  std::string text;  // kLiteral: the characters; kPlaceholder: the name

  friend bool operator==(const SigmaToken&, const SigmaToken&) = default;
};

class SigmaString {
 public:
  SigmaString() = default;
  /// Parses the YAML-decoded value with Sigma's escaping rules.
  static SigmaString Parse(std::string_view text);
  /// One literal token: text without any wildcard meaning.
  static SigmaString Literal(std::string_view text);

  const std::vector<SigmaToken>& tokens() const { return tokens_; }

  bool has_wildcards() const;
  bool has_placeholders() const;
  bool empty() const { return tokens_.empty(); }
  bool starts_with_any() const;
  bool ends_with_any() const;
  /// The literal text, when the string has no wildcard or placeholder.
  std::string LiteralText() const;

  void PrependAny();
  void AppendAny();
  /// `%name%` in literal text becomes a placeholder token (`\%` is a literal percent), as the
  /// `expand` modifier does.
  void ExtractPlaceholders();
  /// Replaces each literal token's text by `transform(text)` (an encoding), keeping wildcards.
  template <typename Transform>
  void TransformLiterals(Transform transform) {
    for (auto& token : tokens_) {
      if (token.kind == SigmaToken::Kind::kLiteral) {
        token.text = transform(token.text);
      }
    }
  }

  void Append(SigmaToken token);
  void Append(const SigmaString& other);

  /// An RE2 pattern matching exactly this string, anchored at both ends, with `*` crossing
  /// newlines: "(?s)^C:\\\\Windows\\\\.*\\.exe$".
  std::string ToAnchoredRegex() const;
  /// The same pattern unanchored, to embed in a larger regex: "C:\\\\(?s:.*)\\.exe".
  std::string ToRegexFragment() const;

  friend bool operator==(const SigmaString&, const SigmaString&) = default;

 private:
  // `*` and `?` as `.*`/`.` when the caller sets `(?s)` for the whole pattern.
  std::string RegexBody(bool dot_all_set) const;

  std::vector<SigmaToken> tokens_;
};

/// `text` with every RE2 metacharacter escaped.
std::string EscapeRegex(std::string_view text);

}  // namespace scry::sigma
