#include "stdlib/wildcard_pattern.hpp"

#include <cstring>

namespace scry {

namespace {

char LowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Reads leading `(?flags)` groups: only s and i are understood.
bool ReadFlags(std::string_view& pattern, bool& dot_all, bool& case_insensitive) {
  while (pattern.starts_with("(?")) {
    size_t close = pattern.find(')');
    if (close == std::string_view::npos) {
      return false;
    }
    for (char flag : pattern.substr(2, close - 2)) {
      if (flag == 's') {
        dot_all = true;
      } else if (flag == 'i') {
        case_insensitive = true;
      } else {
        return false;  // (?m), (?U), (?-s), (?:...: not this shape
      }
    }
    pattern.remove_prefix(close + 1);
  }
  return true;
}

}  // namespace

std::optional<WildcardPattern> WildcardPattern::Parse(std::string_view pattern,
                                                      bool case_insensitive) {
  bool dot_all = false;
  if (!ReadFlags(pattern, dot_all, case_insensitive) || !dot_all) {
    return std::nullopt;
  }
  WildcardPattern parsed;
  parsed.case_insensitive_ = case_insensitive;
  if (pattern.starts_with('^')) {
    parsed.anchored_start_ = true;
    pattern.remove_prefix(1);
  }
  // A `$` that ends the pattern is an anchor unless escaped: count the backslashes before it.
  if (pattern.ends_with('$')) {
    size_t backslashes = 0;
    while (backslashes + 1 < pattern.size() && pattern[pattern.size() - 2 - backslashes] == '\\') {
      ++backslashes;
    }
    if (backslashes % 2 == 0) {
      parsed.anchored_end_ = true;
      pattern.remove_suffix(1);
    }
  }
  Piece piece;
  bool open_start = !parsed.anchored_start_;  // the text before the first piece is free
  auto end_piece = [&] {
    if (!piece.bytes.empty() || parsed.pieces_.empty()) {
      parsed.pieces_.push_back(std::move(piece));
    }
    piece = Piece{};
  };
  for (size_t k = 0; k < pattern.size(); ++k) {
    char c = pattern[k];
    if (c == '.') {
      if (k + 1 < pattern.size() && pattern[k + 1] == '*') {
        ++k;
        if (parsed.pieces_.empty() && piece.bytes.empty()) {
          open_start = true;
        } else {
          end_piece();
        }
        continue;
      }
      piece.bytes += '\0';
      piece.wildcards += '\1';
      piece.has_wildcard = true;
      parsed.needs_ascii_ = true;
      continue;
    }
    if (c == '\\') {
      if (k + 1 >= pattern.size() || IsAlnum(pattern[k + 1])
          || static_cast<unsigned char>(pattern[k + 1]) >= 0x80) {
        return std::nullopt;  // \d, \x00, \Q...: classes and escapes of their own
      }
      c = pattern[++k];
    } else if (std::strchr("[](){}|?+*^$", c) != nullptr) {
      return std::nullopt;
    }
    if (static_cast<unsigned char>(c) >= 0x80 && case_insensitive) {
      return std::nullopt;  // folding beyond ASCII is RE2's
    }
    piece.bytes += case_insensitive ? LowerAscii(c) : c;
    piece.wildcards += '\0';
  }
  bool open_end = piece.bytes.empty() && !parsed.pieces_.empty();
  if (!piece.bytes.empty()) {
    parsed.pieces_.push_back(std::move(piece));
  }
  parsed.anchored_start_ = !open_start;
  parsed.anchored_end_ = parsed.anchored_end_ && !open_end;
  if (parsed.pieces_.empty()) {
    parsed.pieces_.push_back(Piece{});  // `^$`, `^.*$`: one empty piece
  }
  if (case_insensitive) {
    parsed.needs_ascii_ = true;
  }
  return parsed;
}

bool WildcardPattern::MatchesAt(const Piece& piece, std::string_view text, size_t at) const {
  const char* t = text.data() + at;
  for (size_t k = 0; k < piece.bytes.size(); ++k) {
    if (piece.has_wildcard && piece.wildcards[k] != 0) {
      continue;
    }
    char c = case_insensitive_ ? LowerAscii(t[k]) : t[k];
    if (c != piece.bytes[k]) {
      return false;
    }
  }
  return true;
}

size_t WildcardPattern::Find(const Piece& piece, std::string_view text, size_t from) const {
  size_t m = piece.bytes.size();
  if (text.size() < m || from > text.size() - m) {
    return std::string_view::npos;
  }
  for (size_t at = from, last = text.size() - m; at <= last; ++at) {
    if (MatchesAt(piece, text, at)) {
      return at;
    }
  }
  return std::string_view::npos;
}

bool WildcardPattern::Search(std::string_view text) const {
  size_t from = 0;
  size_t last = pieces_.size() - 1;
  for (size_t k = 0; k <= last; ++k) {
    const Piece& piece = pieces_[k];
    size_t m = piece.bytes.size();
    if (k == last && anchored_end_) {
      // The last piece ends the text, after the others (and at its start too when it is the
      // only piece and anchored there).
      if (text.size() < m || text.size() - m < from
          || (k == 0 && anchored_start_ && text.size() != m)) {
        return false;
      }
      return MatchesAt(piece, text, text.size() - m);
    }
    if (k == 0 && anchored_start_) {
      if (text.size() < m || !MatchesAt(piece, text, 0)) {
        return false;
      }
      from = m;
      continue;
    }
    size_t at = Find(piece, text, from);
    if (at == std::string_view::npos) {
      return false;
    }
    from = at + m;
  }
  return true;
}

}  // namespace scry
