#include "stdlib/regex.hpp"

#include <new>
#include <vector>

#include <re2/re2.h>

#include "stdlib/case_fold.hpp"
#include "stdlib/value_format.hpp"

namespace scry {

struct Regex::Impl {
  explicit Impl(std::string_view pattern, const RE2::Options& options)
      : re(re2::StringPiece(pattern.data(), pattern.size()), options) {}
  RE2 re;
};

Regex::Regex(std::string pattern, bool case_insensitive, std::unique_ptr<Impl> impl)
    : pattern_(std::move(pattern)),
      case_insensitive_(case_insensitive),
      impl_(std::move(impl)),
      wildcard_(WildcardPattern::Parse(pattern_, case_insensitive)) {}

Regex::~Regex() = default;

std::expected<std::unique_ptr<Regex>, std::string> Regex::Compile(std::string_view pattern,
                                                                  bool case_insensitive) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(!case_insensitive);
  std::unique_ptr<Impl> impl;
  try {
    impl = std::make_unique<Impl>(pattern, options);
  } catch (const std::bad_alloc&) {
    return std::unexpected("the pattern needs too much memory");
  }
  if (!impl->re.ok()) {
    return std::unexpected(impl->re.error());
  }
  return std::unique_ptr<Regex>(new Regex(std::string(pattern), case_insensitive, std::move(impl)));
}

bool Regex::Search(std::string_view text, bool known_ascii) const {
  if (wildcard_ && (!wildcard_->needs_ascii() || known_ascii || IsAscii(text))) {
    return wildcard_->Search(text);
  }
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), impl_->re);
}

bool Regex::Extract(std::string_view text, int group, std::string_view* out) const {
  if (group < 0 || group > impl_->re.NumberOfCapturingGroups()) {
    return false;
  }
  std::vector<re2::StringPiece> groups(static_cast<size_t>(group) + 1);
  if (!impl_->re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED,
                       groups.data(), group + 1)) {
    return false;
  }
  const re2::StringPiece& match = groups[static_cast<size_t>(group)];
  // A group that took no part in the match has no text (as opposed to empty text).
  if (match.data() == nullptr) {
    return false;
  }
  *out = std::string_view(match.data(), match.size());
  return true;
}

int Regex::group_count() const {
  return impl_->re.NumberOfCapturingGroups();
}

bool MatchRegexValue(const Value& value, const Regex& regex) {
  switch (value.kind) {
    case ValueKind::kNull:
      return false;
    case ValueKind::kString:
      return regex.Search(value.as_string(), (value.flags & Value::kAsciiFlag) != 0);
    case ValueKind::kList:
      for (uint32_t k = 0; k < value.len; ++k) {
        if (MatchRegexValue(value.items[k], regex)) {
          return true;
        }
      }
      return false;
    default: {
      thread_local std::string text;
      text.clear();
      AppendValueText(text, value);
      return regex.Search(text);
    }
  }
}

}  // namespace scry
