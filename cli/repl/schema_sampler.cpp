#include "cli/repl/schema_sampler.hpp"

#include <algorithm>
#include <filesystem>

#include "runtime/event/event_fields.hpp"
#include "runtime/event/json_unescape.hpp"
#include "runtime/input/record_reader.hpp"

namespace scry::cli::repl {

namespace {

// Nesting deeper than this is shown as an object: no hunt needs `a.b.c.d.e.f.g.h.i`.
constexpr int kMaxDepth = 8;

std::string JsonType(std::string_view raw) {
  switch (raw.empty() ? 'n' : raw.front()) {
    case '"':
      return "string";
    case '{':
      return "object";
    case '[':
      return "array";
    case 't':
    case 'f':
      return "bool";
    case 'n':
      return "null";
    default:
      return "number";
  }
}

// What a person reads: a string without its quotes and escapes, anything else as written.
std::string ExampleText(const std::string& raw) {
  if (raw.size() < 2 || raw.front() != '"') {
    return raw;
  }
  std::string_view body(raw.data() + 1, raw.size() - 2);
  std::string text(body.size(), '\0');
  auto length = runtime::UnescapeJsonString(body, text.data());
  if (!length) {
    return std::string(body);
  }
  text.resize(*length);
  return text;
}

void AddField(const std::string& path, const std::string& raw, SampledSchema& schema) {
  auto it = std::find_if(schema.fields.begin(), schema.fields.end(),
                         [&](const SampledField& field) { return field.path == path; });
  if (it == schema.fields.end()) {
    schema.fields.push_back({path, {}, 0, "", false});
    it = schema.fields.end() - 1;
  }
  std::string type = JsonType(raw);
  if (std::find(it->types.begin(), it->types.end(), type) == it->types.end()) {
    it->types.push_back(type);
  }
  ++it->events;
  if (!it->has_example && type != "null") {
    it->example = ExampleText(raw);
    it->has_example = true;
  }
}

// False when `object` is not a JSON object (nothing is added then).
bool AddObject(std::string_view object, const std::string& prefix, int depth,
               SampledSchema& schema) {
  auto fields = runtime::TopLevelFieldsRaw(object);
  if (!fields) {
    return false;
  }
  for (const auto& [key, raw] : *fields) {
    std::string path = prefix.empty() ? key : prefix + "." + key;
    if (!raw.empty() && raw.front() == '{' && depth < kMaxDepth) {
      AddObject(raw, path, depth + 1, schema);
    } else {
      AddField(path, raw, schema);
    }
  }
  return true;
}

}  // namespace

void SampleRecord(std::string_view record, SampledSchema& schema) {
  size_t first = record.find_first_not_of(" \t\r");
  if (first == std::string_view::npos || record[first] != '{') {
    return;
  }
  if (AddObject(record, "", 0, schema)) {
    ++schema.events;
  }
}

std::expected<SampledSchema, std::string> SampleInputs(const std::vector<std::string>& inputs,
                                                       uint64_t max_events) {
  SampledSchema schema;
  for (const std::string& input : inputs) {
    // A pipe is read once, by the query: sampling it would take its first events away.
    std::error_code error;
    if (input == "-" || !std::filesystem::is_regular_file(input, error)
        || schema.events >= max_events) {
      continue;
    }
    auto reader = runtime::RecordReader::Open(input);
    if (!reader) {
      return std::unexpected(reader.error());
    }
    runtime::InputRecord record;
    while (schema.events < max_events && (*reader)->Next(record)) {
      SampleRecord(record.text, schema);
    }
  }
  return schema;
}

}  // namespace scry::cli::repl
