#include "rules/sigma/sigma_modifiers.hpp"

#include <map>

#include <fmt/format.h>

#include "lang/base/spelling_suggestion.hpp"
#include "rules/sigma/sigma_encodings.hpp"
#include "stdlib/net.hpp"

namespace scry::sigma {

namespace {

enum class Modifier {
  kContains,
  kStartsWith,
  kEndsWith,
  kAll,
  kNeq,
  kCased,
  kBase64,
  kBase64Offset,
  kUtf16Le,
  kUtf16Be,
  kUtf16,
  kWindash,
  kRe,
  kReIgnoreCase,
  kReMultiline,
  kReDotAll,
  kCidr,
  kGt,
  kGte,
  kLt,
  kLte,
  kExists,
  kFieldRef,
  kExpand,
  kTimePart,
};

const std::map<std::string, Modifier>& ModifierTable() {
  static const std::map<std::string, Modifier> table = {
      {"contains", Modifier::kContains}, {"startswith", Modifier::kStartsWith},
      {"endswith", Modifier::kEndsWith}, {"all", Modifier::kAll},
      {"neq", Modifier::kNeq},           {"cased", Modifier::kCased},
      {"base64", Modifier::kBase64},     {"base64offset", Modifier::kBase64Offset},
      {"utf16le", Modifier::kUtf16Le},   {"wide", Modifier::kUtf16Le},
      {"utf16be", Modifier::kUtf16Be},   {"utf16", Modifier::kUtf16},
      {"windash", Modifier::kWindash},   {"re", Modifier::kRe},
      {"i", Modifier::kReIgnoreCase},    {"ignorecase", Modifier::kReIgnoreCase},
      {"m", Modifier::kReMultiline},     {"multiline", Modifier::kReMultiline},
      {"s", Modifier::kReDotAll},        {"dotall", Modifier::kReDotAll},
      {"cidr", Modifier::kCidr},         {"gt", Modifier::kGt},
      {"gte", Modifier::kGte},           {"lt", Modifier::kLt},
      {"lte", Modifier::kLte},           {"exists", Modifier::kExists},
      {"fieldref", Modifier::kFieldRef}, {"expand", Modifier::kExpand},
      {"minute", Modifier::kTimePart},   {"hour", Modifier::kTimePart},
      {"day", Modifier::kTimePart},      {"week", Modifier::kTimePart},
      {"month", Modifier::kTimePart},    {"year", Modifier::kTimePart},
  };
  return table;
}

using Kind = MatchAlternative::Kind;

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kString:
      return "a string";
    case Kind::kRegex:
      return "a regular expression";
    case Kind::kNumber:
      return "a number";
    case Kind::kBool:
      return "a boolean";
    case Kind::kNull:
      return "null";
    case Kind::kCidr:
      return "a CIDR range";
    case Kind::kFieldRef:
      return "a field reference";
    case Kind::kExists:
      return "an exists test";
  }
  return "a value";
}

class ChainProcessor {
 public:
  ChainProcessor(const DetectionItem& item, ModifierContext& ctx) : item_(item), ctx_(ctx) {}

  std::optional<ProcessedItem> Run() {
    std::vector<Modifier> chain;
    if (!ResolveModifiers(chain)) {
      return std::nullopt;
    }
    result_.key_span = item_.key_span;
    result_.field_span = item_.field_span;
    if (!MapField()) {
      return std::nullopt;
    }
    Modifier first = chain.empty() ? Modifier::kAll : chain.front();
    for (const SigmaValue& value : item_.values) {
      auto converted = ConvertValue(value, chain.empty() ? std::nullopt : std::optional(first));
      if (!converted) {
        return std::nullopt;
      }
      result_.values.push_back(std::move(*converted));
    }
    for (size_t i = 0; i < chain.size(); ++i) {
      if (!Apply(chain[i], item_.modifiers[i], i)) {
        return std::nullopt;
      }
    }
    if (!ResolvePlaceholders()) {
      return std::nullopt;
    }
    return std::move(result_);
  }

 private:
  bool Error(lang::SourceSpan span, std::string message) {
    ctx_.diagnostics.Error(span.valid() ? span : item_.key_span, std::move(message));
    return false;
  }

  bool ResolveModifiers(std::vector<Modifier>& chain) {
    std::vector<std::string> names;
    for (const auto& [name, id] : ModifierTable()) {
      names.push_back(name);
    }
    for (size_t i = 0; i < item_.modifiers.size(); ++i) {
      const std::string& name = item_.modifiers[i];
      lang::SourceSpan modifier_span =
          i < item_.modifier_spans.size() ? item_.modifier_spans[i] : item_.key_span;
      auto it = ModifierTable().find(name);
      if (it == ModifierTable().end()) {
        std::string lower = name;
        for (char& c : lower) {
          c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        if (lower != name && ModifierTable().contains(lower)) {
          return Error(modifier_span,
                       fmt::format("modifier names are lower case: write '{}'", lower));
        }
        return Error(modifier_span,
                     fmt::format("unknown modifier '{}'{}", name, lang::DidYouMean(name, names)));
      }
      chain.push_back(it->second);
    }
    return true;
  }

  bool MapField() {
    if (!item_.field) {
      return true;
    }
    std::optional<std::string> mapped = ctx_.pipeline.MapField(*item_.field, ctx_.mapping);
    if (!mapped) {
      return Error(item_.field_span, fmt::format("field '{}' has no mapping in pipeline '{}'",
                                                 *item_.field, ctx_.pipeline.name));
    }
    result_.field = *mapped;
    return true;
  }

  std::optional<ProcessedValue> ConvertValue(const SigmaValue& value,
                                             std::optional<Modifier> first) {
    MatchAlternative alternative;
    alternative.span = value.span;
    bool is_string = value.kind == SigmaValue::Kind::kString;
    if (first == Modifier::kRe) {
      if (!is_string) {
        Error(value.span, "'re' needs a string (the regular expression)");
        return std::nullopt;
      }
      alternative.kind = Kind::kRegex;
      alternative.text = value.text;
    } else if (first == Modifier::kCidr) {
      if (!is_string) {
        Error(value.span, "'cidr' needs a string such as '10.0.0.0/8'");
        return std::nullopt;
      }
      auto range = ParseCidr(value.text);
      auto address = ParseIp(value.text.substr(0, value.text.find('/')));
      if (!range || !address) {
        Error(value.span, fmt::format("'{}' is not a CIDR range", value.text));
        return std::nullopt;
      }
      if (address->bytes != range->base.bytes) {
        Error(value.span, fmt::format("CIDR range '{}' has host bits set; write '{}'", value.text,
                                      FormatCidr(*range)));
        return std::nullopt;
      }
      alternative.kind = Kind::kCidr;
      alternative.text = value.text;
    } else if (first == Modifier::kExists) {
      if (value.kind != SigmaValue::Kind::kBool) {
        Error(value.span, "'exists' needs a YAML boolean: true or false");
        return std::nullopt;
      }
      if (!item_.field) {
        Error(item_.key_span, "'exists' needs a field");
        return std::nullopt;
      }
      alternative.kind = Kind::kExists;
      alternative.bool_value = value.bool_value;
    } else {
      if (value.yaml_timestamp) {
        Error(value.span, "an unquoted date is not a detection value; quote it to match text");
        return std::nullopt;
      }
      switch (value.kind) {
        case SigmaValue::Kind::kString:
          alternative.kind = Kind::kString;
          alternative.string = SigmaString::Parse(value.text);
          break;
        case SigmaValue::Kind::kInt:
        case SigmaValue::Kind::kFloat:
          alternative.kind = Kind::kNumber;
          alternative.number = value;
          break;
        case SigmaValue::Kind::kBool:
          alternative.kind = Kind::kBool;
          alternative.bool_value = value.bool_value;
          break;
        case SigmaValue::Kind::kNull:
          alternative.kind = Kind::kNull;
          break;
      }
    }
    return ProcessedValue{{std::move(alternative)}, value.span};
  }

  // Applies `function` to every alternative of every value; it returns false (after reporting)
  // to stop.
  template <typename Function>
  bool ForEachAlternative(Function function) {
    for (ProcessedValue& value : result_.values) {
      for (MatchAlternative& alternative : value.alternatives) {
        if (!function(alternative)) {
          return false;
        }
      }
    }
    return true;
  }

  // Replaces each alternative by what `expand` returns for it (value expansion).
  template <typename Expand>
  void ExpandAlternatives(Expand expand) {
    for (ProcessedValue& value : result_.values) {
      std::vector<MatchAlternative> expanded;
      for (MatchAlternative& alternative : value.alternatives) {
        for (MatchAlternative& variant : expand(alternative)) {
          expanded.push_back(std::move(variant));
        }
      }
      value.alternatives = std::move(expanded);
    }
  }

  bool NeedsKind(const MatchAlternative& alternative, const std::string& modifier,
                 std::initializer_list<Kind> kinds) {
    for (Kind kind : kinds) {
      if (alternative.kind == kind) {
        return true;
      }
    }
    return Error(alternative.span, fmt::format("modifier '{}' cannot apply to {}", modifier,
                                               KindName(alternative.kind)));
  }

  bool Apply(Modifier modifier, const std::string& name, size_t position) {
    switch (modifier) {
      case Modifier::kContains:
      case Modifier::kStartsWith:
      case Modifier::kEndsWith:
        return ApplyAnchoring(modifier, name);
      case Modifier::kAll:
        result_.all = true;
        return true;
      case Modifier::kNeq:
        result_.negate = true;
        return true;
      case Modifier::kCased:
        result_.cased = true;
        return ForEachAlternative([&](MatchAlternative& a) {
          return NeedsKind(a, name, {Kind::kString, Kind::kFieldRef});
        });
      case Modifier::kBase64:
      case Modifier::kUtf16Le:
      case Modifier::kUtf16Be:
      case Modifier::kUtf16:
        return ApplyEncoding(modifier, name);
      case Modifier::kBase64Offset:
        return ApplyBase64Offset(name);
      case Modifier::kWindash:
        return ApplyWindash(name);
      case Modifier::kRe:
      case Modifier::kCidr:
      case Modifier::kExists:
        if (position != 0) {
          return Error(item_.key_span,
                       fmt::format("'{}' must be the first modifier: it applies to the value as "
                                   "written",
                                   name));
        }
        return true;
      case Modifier::kReIgnoreCase:
      case Modifier::kReMultiline:
      case Modifier::kReDotAll:
        return ApplyRegexFlag(modifier, name);
      case Modifier::kGt:
      case Modifier::kGte:
      case Modifier::kLt:
      case Modifier::kLte:
        return ApplyComparison(modifier, name);
      case Modifier::kFieldRef:
        return ApplyFieldRef(name);
      case Modifier::kExpand:
        return ForEachAlternative([&](MatchAlternative& a) {
          if (!NeedsKind(a, name, {Kind::kString, Kind::kRegex})) {
            return false;
          }
          if (a.kind == Kind::kRegex) {
            a.regex_placeholders = true;
          } else {
            a.string.ExtractPlaceholders();
          }
          return true;
        });
      case Modifier::kTimePart:
        if (result_.compare) {
          return Error(item_.key_span, fmt::format("'{}' must come before the comparison", name));
        }
        result_.time_part = name;
        return ForEachAlternative(
            [&](MatchAlternative& a) { return NeedsKind(a, name, {Kind::kNumber}); });
    }
    return true;
  }

  bool ApplyAnchoring(Modifier modifier, const std::string& name) {
    return ForEachAlternative([&](MatchAlternative& a) {
      if (!NeedsKind(a, name, {Kind::kString, Kind::kRegex, Kind::kFieldRef})) {
        return false;
      }
      bool front = modifier != Modifier::kStartsWith;
      bool back = modifier != Modifier::kEndsWith;
      if (a.kind == Kind::kString) {
        if (front) {
          a.string.PrependAny();
        }
        if (back) {
          a.string.AppendAny();
        }
      } else if (a.kind == Kind::kRegex) {
        if (front && !a.text.starts_with(".*") && !a.text.starts_with('^')) {
          a.text = ".*" + a.text;
        }
        if (back && !a.text.ends_with(".*") && !a.text.ends_with('$')) {
          a.text += ".*";
        }
      } else {
        // startswith|endswith on a field reference: pySigma treats both as contains.
        StringOp op = modifier == Modifier::kContains     ? StringOp::kContains
                      : modifier == Modifier::kStartsWith ? StringOp::kStartsWith
                                                          : StringOp::kEndsWith;
        result_.fieldref_op = result_.fieldref_op == StringOp::kEquals ? op : StringOp::kContains;
      }
      return true;
    });
  }

  bool PlainLiteral(const MatchAlternative& a, const std::string& name) {
    if (!NeedsKind(a, name, {Kind::kString})) {
      return false;
    }
    if (a.string.has_wildcards() || a.string.has_placeholders()) {
      return Error(a.span, fmt::format("'{}' cannot encode a value with wildcards or "
                                       "placeholders (put 'contains' after '{}')",
                                       name, name));
    }
    return true;
  }

  bool ApplyEncoding(Modifier modifier, const std::string& name) {
    return ForEachAlternative([&](MatchAlternative& a) {
      if (modifier == Modifier::kBase64) {
        if (!PlainLiteral(a, name)) {
          return false;
        }
        a.string = SigmaString::Literal(Base64(a.string.LiteralText()));
        return true;
      }
      if (!NeedsKind(a, name, {Kind::kString})) {
        return false;
      }
      bool big_endian = modifier == Modifier::kUtf16Be;
      bool bom = modifier == Modifier::kUtf16;
      a.string.TransformLiterals(
          [&](const std::string& text) { return Utf16(text, big_endian, false); });
      if (bom) {
        SigmaString with_bom = SigmaString::Literal("\xFF\xFE");
        with_bom.Append(a.string);
        a.string = std::move(with_bom);
      }
      return true;
    });
  }

  bool ApplyBase64Offset(const std::string& name) {
    bool ok = ForEachAlternative([&](MatchAlternative& a) { return PlainLiteral(a, name); });
    if (!ok) {
      return false;
    }
    ExpandAlternatives([](const MatchAlternative& a) {
      std::vector<MatchAlternative> variants;
      for (const std::string& encoded : Base64Offsets(a.string.LiteralText())) {
        MatchAlternative variant = a;
        variant.string = SigmaString::Literal(encoded);
        variants.push_back(std::move(variant));
      }
      return variants;
    });
    return true;
  }

  bool ApplyWindash(const std::string& name) {
    bool ok = ForEachAlternative(
        [&](MatchAlternative& a) { return NeedsKind(a, name, {Kind::kString}); });
    if (!ok) {
      return false;
    }
    ExpandAlternatives([](const MatchAlternative& a) {
      // Each literal token varies on its own (pySigma applies the pattern per text part);
      // the variants of the whole string are their combinations.
      std::vector<SigmaString> strings = {SigmaString()};
      for (const SigmaToken& token : a.string.tokens()) {
        std::vector<std::string> pieces = token.kind == SigmaToken::Kind::kLiteral
                                              ? WindowsDashVariants(token.text)
                                              : std::vector<std::string>{""};
        std::vector<SigmaString> next;
        for (const SigmaString& prefix : strings) {
          for (const std::string& piece : pieces) {
            SigmaString extended = prefix;
            if (token.kind == SigmaToken::Kind::kLiteral) {
              extended.Append({SigmaToken::Kind::kLiteral, piece});
            } else {
              extended.Append(token);
            }
            next.push_back(std::move(extended));
          }
        }
        strings = std::move(next);
      }
      std::vector<MatchAlternative> variants;
      for (SigmaString& string : strings) {
        MatchAlternative variant = a;
        variant.string = std::move(string);
        variants.push_back(std::move(variant));
      }
      return variants;
    });
    return true;
  }

  bool ApplyRegexFlag(Modifier modifier, const std::string& name) {
    bool ok = ForEachAlternative([&](MatchAlternative& a) {
      if (a.kind != Kind::kRegex) {
        return Error(item_.key_span, fmt::format("'{}' is a flag of 're' and needs 're' before "
                                                 "it",
                                                 name));
      }
      return true;
    });
    if (!ok) {
      return false;
    }
    if (modifier == Modifier::kReIgnoreCase) {
      result_.regex_ignore_case = true;
    } else if (modifier == Modifier::kReMultiline) {
      result_.regex_multiline = true;
    } else {
      result_.regex_dotall = true;
    }
    return true;
  }

  bool ApplyComparison(Modifier modifier, const std::string& name) {
    bool ok = ForEachAlternative([&](MatchAlternative& a) {
      if (a.kind != Kind::kNumber) {
        return Error(a.span,
                     fmt::format("'{}' needs a YAML number, not {}{}", name, KindName(a.kind),
                                 a.kind == Kind::kString ? " (remove the quotes)" : ""));
      }
      return true;
    });
    if (!ok) {
      return false;
    }
    result_.compare = modifier == Modifier::kGt    ? CompareOp::kGt
                      : modifier == Modifier::kGte ? CompareOp::kGte
                      : modifier == Modifier::kLt  ? CompareOp::kLt
                                                   : CompareOp::kLte;
    return true;
  }

  bool ApplyFieldRef(const std::string& name) {
    return ForEachAlternative([&](MatchAlternative& a) {
      if (!NeedsKind(a, name, {Kind::kString})) {
        return false;
      }
      if (a.string.has_wildcards()) {
        return Error(a.span, "a field reference cannot contain wildcards");
      }
      std::string other = a.string.LiteralText();
      auto mapped = ctx_.pipeline.MapField(other, ctx_.mapping);
      if (!mapped) {
        return Error(a.span, fmt::format("field '{}' has no mapping in pipeline '{}'", other,
                                         ctx_.pipeline.name));
      }
      a.kind = Kind::kFieldRef;
      a.text = *mapped;
      return true;
    });
  }

  // `expand`: each placeholder becomes the OR of its configured values (several placeholders in
  // one value: every combination).
  bool ResolvePlaceholders() {
    bool ok = ForEachAlternative([&](MatchAlternative& a) {
      if (a.kind == Kind::kRegex && a.regex_placeholders) {
        return ExpandRegexPlaceholders(a);
      }
      if (a.kind != Kind::kString) {
        return true;
      }
      for (const SigmaToken& token : a.string.tokens()) {
        if (token.kind == SigmaToken::Kind::kPlaceholder
            && !ctx_.pipeline.placeholders.contains(token.text)) {
          return Error(a.span, fmt::format("placeholder '%{}%' has no value: define it in a "
                                           "placeholders file (--sigma-placeholders) or the "
                                           "pipeline",
                                           token.text));
        }
      }
      return true;
    });
    if (!ok) {
      return false;
    }
    ExpandAlternatives([&](const MatchAlternative& a) {
      std::vector<MatchAlternative> variants;
      if (a.kind != Kind::kString || !a.string.has_placeholders()) {
        variants.push_back(a);
        return variants;
      }
      std::vector<SigmaString> strings = {SigmaString()};
      for (const SigmaToken& token : a.string.tokens()) {
        std::vector<SigmaString> next;
        for (const SigmaString& prefix : strings) {
          if (token.kind != SigmaToken::Kind::kPlaceholder) {
            SigmaString extended = prefix;
            extended.Append(token);
            next.push_back(std::move(extended));
            continue;
          }
          for (const std::string& value : ctx_.pipeline.placeholders.at(token.text)) {
            SigmaString extended = prefix;
            extended.Append(SigmaString::Parse(value));
            next.push_back(std::move(extended));
          }
        }
        strings = std::move(next);
      }
      for (SigmaString& string : strings) {
        MatchAlternative variant = a;
        variant.string = std::move(string);
        variants.push_back(std::move(variant));
      }
      return variants;
    });
    return true;
  }

  // `re|expand`: a placeholder in a regular expression becomes a group matching any of its
  // values (each a Sigma string, so its wildcards keep their meaning); a group is what the OR over
  // every combination means for an unanchored search. `\%` stays an escaped percent.
  bool ExpandRegexPlaceholders(MatchAlternative& a) {
    const std::string& text = a.text;
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        out.append(text, i, 2);
        i += 2;
        continue;
      }
      size_t end = text[i] == '%' ? text.find('%', i + 1) : std::string::npos;
      if (end == std::string::npos || end == i + 1) {
        out += text[i++];
        continue;
      }
      std::string name = text.substr(i + 1, end - i - 1);
      auto values = ctx_.pipeline.placeholders.find(name);
      if (values == ctx_.pipeline.placeholders.end()) {
        return Error(a.span, fmt::format("placeholder '%{}%' has no value: define it in a "
                                         "placeholders file (--sigma-placeholders) or the "
                                         "pipeline",
                                         name));
      }
      out += "(?:";
      for (size_t v = 0; v < values->second.size(); ++v) {
        out += (v == 0 ? "" : "|") + SigmaString::Parse(values->second[v]).ToRegexFragment();
      }
      out += ")";
      i = end + 1;
    }
    a.text = std::move(out);
    a.regex_placeholders = false;
    return true;
  }

  const DetectionItem& item_;
  ModifierContext& ctx_;
  ProcessedItem result_;
};

}  // namespace

std::optional<ProcessedItem> ProcessModifiers(const DetectionItem& item, ModifierContext& ctx) {
  return ChainProcessor(item, ctx).Run();
}

}  // namespace scry::sigma
