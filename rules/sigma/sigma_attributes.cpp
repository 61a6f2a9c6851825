#include "rules/sigma/sigma_attributes.hpp"

#include <array>

#include <fmt/format.h>

namespace scry::sigma {
namespace {

constexpr size_t kMaxTitleLength = 256;  // the JSON schemas' maxLength

constexpr std::array<std::string_view, 5> kStatuses = {"stable", "test", "experimental",
                                                       "deprecated", "unsupported"};
constexpr std::array<std::string_view, 5> kLevels = {"informational", "low", "medium", "high",
                                                     "critical"};
// pySigma also accepts `correlation`; v1's `obsoletes` became `obsolete` in v2.
constexpr std::array<std::string_view, 6> kRelatedTypes = {"derived", "obsolete", "merged",
                                                           "renamed", "similar",  "correlation"};

template <size_t N>
bool OneOf(std::string_view value, const std::array<std::string_view, N>& allowed) {
  for (std::string_view a : allowed) {
    if (value == a) {
      return true;
    }
  }
  return false;
}

template <size_t N>
std::string Join(const std::array<std::string_view, N>& words, size_t count = N) {
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    out += (i == 0 ? "" : ", ") + std::string(words[i]);
  }
  return out;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// `YYYY-MM-DD` (the schemas) or `YYYY/MM/DD` (pySigma also takes it, as strptime does: month
// and day may have one digit), and a real calendar day.
bool IsSigmaDate(std::string_view text) {
  if (text.size() < 8 || !IsDigit(text[0]) || !IsDigit(text[1]) || !IsDigit(text[2])
      || !IsDigit(text[3]) || (text[4] != '-' && text[4] != '/')) {
    return false;
  }
  char separator = text[4];
  size_t second = text.find(separator, 5);
  if (second == std::string_view::npos) {
    return false;
  }
  auto number = [](std::string_view digits, int& out) {
    if (digits.empty() || digits.size() > 2) {
      return false;
    }
    out = 0;
    for (char c : digits) {
      if (!IsDigit(c)) {
        return false;
      }
      out = out * 10 + (c - '0');
    }
    return true;
  };
  int year =
      (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  int month = 0, day = 0;
  if (!number(text.substr(5, second - 5), month) || !number(text.substr(second + 1), day)) {
    return false;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

void ReadUuid(const YamlEntry& entry, std::string_view what, std::optional<std::string>& out,
              lang::SourceSpan& span, lang::DiagnosticList& diagnostics) {
  if (entry.value->is_null()) {
    return;
  }
  span = entry.ValueSpan();
  const std::string& text =
      entry.value->is_scalar() ? entry.value->written : std::string(entry.value->span.text());
  if (!entry.value->is_string() || !IsUuid(text)) {
    diagnostics.Add(lang::Diagnostic::Error(span, fmt::format("{} '{}' is not a UUID", what, text))
                        .WithNote("write it as 8-4-4-4-12 hex digits, e.g. 929a690e-bef0-4204-a928-"
                                  "ef5e620d6fcc; a readable reference goes in 'name'"));
    return;
  }
  out = text;
}

template <size_t N>
void ReadEnumeration(const YamlNode& document, std::string_view name,
                     const std::array<std::string_view, N>& allowed,
                     std::optional<std::string>& out, lang::DiagnosticList& diagnostics) {
  auto entry = FindEntry(document, name);
  if (!entry) {
    return;
  }
  std::optional<std::string> value = ReadString(*entry, name, diagnostics);
  if (!value) {
    return;
  }
  if (!OneOf(*value, allowed)) {
    diagnostics.Error(entry->ValueSpan(),
                      fmt::format("'{}' must be one of {}", name, Join(allowed)));
    return;
  }
  out = std::move(value);
}

void ReadOptionalString(const YamlNode& document, std::string_view name,
                        std::optional<std::string>& out, lang::DiagnosticList& diagnostics) {
  if (auto entry = FindEntry(document, name)) {
    out = ReadString(*entry, name, diagnostics);
  }
}

void ReadOptionalList(const YamlNode& document, std::string_view name,
                      std::vector<std::string>& out, lang::DiagnosticList& diagnostics) {
  if (auto entry = FindEntry(document, name)) {
    out = ReadStringList(*entry, name, diagnostics);
  }
}

void ReadDate(const YamlNode& document, std::string_view name, std::optional<std::string>& out,
              lang::DiagnosticList& diagnostics) {
  auto entry = FindEntry(document, name);
  if (!entry) {
    return;
  }
  // An unquoted 2023-06-16 is a YAML date; as metadata it is simply the text.
  std::optional<std::string> value = ReadString(*entry, name, diagnostics);
  if (value && !IsSigmaDate(*value)) {
    diagnostics.Error(entry->ValueSpan(),
                      fmt::format("'{}' must be a date written YYYY-MM-DD", name));
    return;
  }
  out = std::move(value);
}

void ReadTitle(const YamlNode& document, SigmaMetadata& meta, lang::DiagnosticList& diagnostics) {
  auto entry = FindEntry(document, "title");
  if (!entry) {
    lang::SourceSpan where = document.keys.empty() ? document.span : document.keys[0].span;
    diagnostics.Error(where, "missing required attribute 'title'");
    return;
  }
  meta.title_span = entry->ValueSpan();
  std::optional<std::string> title = ReadString(*entry, "title", diagnostics);
  if (entry->value->is_null() || (title && title->empty())) {
    diagnostics.Error(meta.title_span, "'title' is empty");
  } else if (title && title->size() > kMaxTitleLength) {
    diagnostics.Error(meta.title_span,
                      fmt::format("'title' is longer than {} characters", kMaxTitleLength));
  } else if (title) {
    meta.title = std::move(*title);
  }
}

void ReadRelated(const YamlNode& document, SigmaMetadata& meta, lang::DiagnosticList& diagnostics) {
  auto entry = FindEntry(document, "related");
  if (!entry || entry->value->is_null()) {
    return;
  }
  constexpr std::string_view kShape = "'related' must be a list of maps with 'id' and 'type'";
  if (!entry->value->is_sequence()) {
    diagnostics.Error(entry->ValueSpan(), std::string(kShape));
    return;
  }
  for (const YamlNode& item : entry->value->values) {
    auto id = item.is_map() ? FindEntry(item, "id") : std::nullopt;
    auto type = item.is_map() ? FindEntry(item, "type") : std::nullopt;
    if (!id || !type) {
      diagnostics.Error(item.span, std::string(kShape));
      continue;
    }
    std::optional<std::string> uuid;
    lang::SourceSpan uuid_span;
    ReadUuid(*id, "related id", uuid, uuid_span, diagnostics);
    std::optional<std::string> kind = ReadString(*type, "type", diagnostics);
    if (kind && !OneOf(*kind, kRelatedTypes)) {
      auto diagnostic = lang::Diagnostic::Error(
          type->ValueSpan(), fmt::format("related type '{}' must be one of {}", *kind,
                                         Join(kRelatedTypes, kRelatedTypes.size() - 1)));
      if (*kind == "obsoletes") {
        diagnostic.notes.push_back("Sigma v2 renamed 'obsoletes' to 'obsolete'");
      }
      diagnostics.Add(std::move(diagnostic));
      continue;
    }
    if (uuid && kind) {
      meta.related.push_back(*kind + ":" + *uuid);
    }
  }
}

}  // namespace

lang::SourceSpan YamlEntry::ValueSpan() const {
  return value->span.begin < value->span.end ? value->span : key->span;
}

std::optional<YamlEntry> FindEntry(const YamlNode& map, std::string_view name) {
  int index = map.is_map() ? map.Find(name) : -1;
  if (index < 0) {
    return std::nullopt;
  }
  return YamlEntry{&map.keys[index], &map.values[index]};
}

std::optional<std::string> ReadString(const YamlEntry& entry, std::string_view name,
                                      lang::DiagnosticList& diagnostics) {
  if (entry.value->is_null()) {
    return std::nullopt;
  }
  if (!entry.value->is_string()) {
    diagnostics.Error(entry.ValueSpan(), fmt::format("'{}' must be a string", name));
    return std::nullopt;
  }
  return entry.value->scalar.text;
}

std::vector<std::string> ReadStringList(const YamlEntry& entry, std::string_view name,
                                        lang::DiagnosticList& diagnostics) {
  std::vector<std::string> out;
  const YamlNode& value = *entry.value;
  if (value.is_null()) {
    return out;
  }
  if (value.is_string()) {
    out.push_back(value.scalar.text);
    return out;
  }
  bool ok = value.is_sequence();
  for (const YamlNode& item : value.values) {
    ok = ok && item.is_string();
    if (ok) {
      out.push_back(item.scalar.text);
    }
  }
  if (!ok) {
    diagnostics.Error(entry.ValueSpan(), fmt::format("'{}' must be a list of strings", name));
    out.clear();
  }
  return out;
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    bool hex = IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash ? c != '-' : !hex) {
      return false;
    }
  }
  return true;
}

void ReadMetadata(const YamlNode& document, std::string_view kind, SigmaMetadata& meta,
                  lang::DiagnosticList& diagnostics) {
  ReadTitle(document, meta, diagnostics);
  if (auto id = FindEntry(document, "id")) {
    ReadUuid(*id, std::string(kind) + " id", meta.id, meta.id_span, diagnostics);
  }
  if (auto name = FindEntry(document, "name")) {
    meta.name_span = name->ValueSpan();
    meta.name = ReadString(*name, "name", diagnostics);
    if (name->value->is_null() || (meta.name && meta.name->empty())) {
      // Other documents refer to this one by it, so an empty name is a mistake.
      diagnostics.Error(name->ValueSpan(), "'name' is empty");
    }
  }
  ReadEnumeration(document, "status", kStatuses, meta.status, diagnostics);
  ReadEnumeration(document, "level", kLevels, meta.level, diagnostics);
  ReadOptionalString(document, "description", meta.description, diagnostics);
  ReadOptionalString(document, "author", meta.author, diagnostics);
  ReadOptionalString(document, "license", meta.license, diagnostics);
  ReadOptionalString(document, "taxonomy", meta.taxonomy, diagnostics);
  ReadDate(document, "date", meta.date, diagnostics);
  ReadDate(document, "modified", meta.modified, diagnostics);
  ReadOptionalList(document, "references", meta.references, diagnostics);
  ReadOptionalList(document, "tags", meta.tags, diagnostics);
  ReadOptionalList(document, "falsepositives", meta.falsepositives, diagnostics);
  ReadOptionalList(document, "fields", meta.fields, diagnostics);
  ReadRelated(document, meta, diagnostics);
}

void ReadLogSource(const YamlEntry& entry, LogSource& logsource,
                   lang::DiagnosticList& diagnostics) {
  logsource.span = entry.key->span.Merge(entry.value->span);
  const YamlNode& map = *entry.value;
  if (!map.is_map()) {
    diagnostics.Error(entry.ValueSpan(), "'logsource' must be a map");
    return;
  }
  auto read = [&](std::string_view name, std::optional<std::string>& out) {
    if (auto field = FindEntry(map, name)) {
      out = ReadString(*field, fmt::format("logsource.{}", name), diagnostics);
    }
  };
  read("category", logsource.category);
  read("product", logsource.product);
  read("service", logsource.service);
  read("definition", logsource.definition);
  auto set = [&](std::string_view name) {
    auto field = FindEntry(map, name);
    return field && !field->value->is_null();
  };
  if (!set("category") && !set("product") && !set("service")) {
    diagnostics.Error(entry.key->span,
                      "logsource needs at least one of 'category', 'product' or 'service'");
  }
}

}  // namespace scry::sigma
