#include "rules/sigma/sigma_detection_reader.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "rules/sigma/sigma_loader.hpp"

namespace scry::sigma {
namespace {

using Kind = Detection::Kind;
using lang::SourceSpan;

constexpr std::string_view kNullKeyword =
    "a keyword cannot be null; null must be bound to a field ('Field: null' matches a missing "
    "or null field)";

// Where to point at a value: its text, or the key when the value is empty (`Field:`).
SourceSpan ValueSpan(const YamlNode& key, const YamlNode& value) {
  return value.span.begin < value.span.end ? value.span : key.span;
}

// `field|mod1|mod2`: the field (none when empty) and the modifiers, each with its own span
// when the key's YAML text is its value verbatim.
void SplitKey(const YamlNode& key, DetectionItem& item) {
  std::string_view written = key.written;
  size_t bar = written.find('|');
  std::string_view field = written.substr(0, bar);
  if (!field.empty()) {
    item.field = std::string(field);
  }
  item.key_span = key.span;
  std::optional<SourceSpan> verbatim = VerbatimTextSpan(key.span, written);
  auto part = [&](size_t begin, size_t length) {
    if (!verbatim) {
      return key.span;
    }
    uint32_t from = verbatim->begin + static_cast<uint32_t>(begin);
    return SourceSpan{key.span.source, from, from + static_cast<uint32_t>(length)};
  };
  if (item.field) {
    item.field_span = part(0, field.size());
  }
  while (bar != std::string_view::npos) {
    size_t begin = bar + 1;
    bar = written.find('|', begin);
    size_t end = bar == std::string_view::npos ? written.size() : bar;
    item.modifiers.emplace_back(written.substr(begin, end - begin));
    item.modifier_spans.push_back(part(begin, end - begin));
  }
}

class DetectionReader {
 public:
  explicit DetectionReader(lang::DiagnosticList& diagnostics) : diagnostics_(diagnostics) {}

  bool ok() const { return ok_; }

  // A map: AND of its items.
  Detection Map(const YamlNode& map, std::string_view empty_message) {
    Detection detection;
    detection.kind = Kind::kAllOf;
    detection.span = map.span;
    if (map.keys.empty()) {
      Error(map.span, std::string(empty_message));
    }
    for (size_t i = 0; i < map.keys.size(); ++i) {
      detection.children.push_back(Item(map.keys[i], map.values[i]));
    }
    return detection;
  }

  // A list: one keyword item if it holds only scalars, else OR of its elements.
  Detection List(const YamlNode& list, std::string_view empty_message) {
    Detection detection;
    detection.span = list.span;
    if (list.values.empty()) {
      Error(list.span, std::string(empty_message));
      return detection;
    }
    bool all_scalars = std::all_of(list.values.begin(), list.values.end(),
                                   [](const YamlNode& element) { return element.is_scalar(); });
    if (all_scalars) {
      detection.kind = Kind::kItem;
      detection.item.key_span = list.span;
      for (const YamlNode& element : list.values) {
        detection.item.values.push_back(KeywordValue(element));
      }
      return detection;
    }
    detection.kind = Kind::kAnyOf;
    for (const YamlNode& element : list.values) {
      if (element.is_map()) {
        detection.children.push_back(Map(element, "detection is empty"));
      } else if (element.is_sequence()) {
        detection.children.push_back(List(element, "keyword list is empty"));
      } else {
        detection.children.push_back(Keyword(element));
      }
    }
    return detection;
  }

  // A scalar: one keyword item with that value.
  Detection Keyword(const YamlNode& scalar) {
    Detection detection;
    detection.span = scalar.span;
    detection.item.key_span = scalar.span;
    detection.item.values.push_back(KeywordValue(scalar));
    return detection;
  }

 private:
  void Error(SourceSpan span, std::string message) {
    diagnostics_.Error(span, std::move(message));
    ok_ = false;
  }

  SigmaValue KeywordValue(const YamlNode& scalar) {
    if (scalar.is_null()) {
      Error(scalar.span, std::string(kNullKeyword));
    }
    return scalar.scalar;
  }

  // `field|modifiers: value or list of values`.
  Detection Item(const YamlNode& key, const YamlNode& value) {
    Detection detection;
    detection.span = key.span.Merge(value.span);
    if (!key.is_scalar() || key.is_null()) {
      Error(key.span,
            "a detection key must be a field name, optionally with modifiers "
            "('Image|endswith')");
      return detection;
    }
    DetectionItem& item = detection.item;
    SplitKey(key, item);
    std::string what = fmt::format("'{}'", key.written);
    if (value.is_map()) {
      Error(value.span, fmt::format("the value of {} is a map; a field takes a value or a list "
                                    "of values (write alternatives as a list of maps)",
                                    what));
    } else if (value.is_scalar()) {
      if (!item.field && value.is_null()) {
        Error(ValueSpan(key, value), std::string(kNullKeyword));
      }
      item.values.push_back(value.scalar);
    } else if (value.values.empty()) {
      Error(value.span, item.field
                            ? fmt::format("{} has an empty list of values; write '{}: null' to "
                                          "match a missing or null field",
                                          what, *item.field)
                            : std::string("keyword list is empty"));
    } else {
      for (const YamlNode& element : value.values) {
        if (!element.is_scalar()) {
          Error(element.span, fmt::format("the values of {} must be scalars, not {}", what,
                                          element.is_map() ? "a map" : "a list"));
        } else {
          item.values.push_back(item.field ? element.scalar : KeywordValue(element));
        }
      }
    }
    return detection;
  }

  lang::DiagnosticList& diagnostics_;
  bool ok_ = true;
};

}  // namespace

std::optional<Detection> ReadDetection(const YamlNode& identifier, const YamlNode& value,
                                       lang::DiagnosticList& diagnostics) {
  std::string name = identifier.written;
  DetectionReader reader(diagnostics);
  Detection detection;
  if (value.is_null()) {
    // `selection:` with nothing (or `~`): there is no text to point at but the identifier.
    diagnostics.Error(ValueSpan(identifier, value), fmt::format("detection '{}' is empty", name));
    return std::nullopt;
  }
  if (value.is_map()) {
    detection = reader.Map(value, fmt::format("detection '{}' is empty", name));
  } else if (value.is_sequence()) {
    detection = reader.List(value, fmt::format("keyword list '{}' is empty", name));
  } else {
    detection = reader.Keyword(value);
  }
  if (!reader.ok()) {
    return std::nullopt;
  }
  return detection;
}

std::vector<SearchIdentifier> ReadSearchIdentifiers(
    const YamlNode& section, std::initializer_list<std::string_view> reserved,
    lang::DiagnosticList& diagnostics) {
  std::vector<SearchIdentifier> identifiers;
  for (size_t i = 0; i < section.keys.size(); ++i) {
    const YamlNode& key = section.keys[i];
    if (key.is_scalar()
        && std::find(reserved.begin(), reserved.end(), key.written) != reserved.end()) {
      continue;
    }
    if (!key.is_scalar() || key.is_null() || key.written.empty()) {
      diagnostics.Error(key.span, "a search identifier must be a name ('selection')");
      continue;
    }
    if (std::optional<Detection> detection = ReadDetection(key, section.values[i], diagnostics)) {
      identifiers.push_back({key.written, std::move(*detection), key.span});
    }
  }
  return identifiers;
}

}  // namespace scry::sigma
