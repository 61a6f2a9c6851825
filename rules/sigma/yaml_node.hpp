// A YAML node as the Sigma loader reads it: maps, sequences and typed scalars, each with the
// span of its text.
//
// yaml_document.hpp builds these from yaml-cpp's tree, so the rest of the loader never sees
// yaml-cpp (nor its exceptions), every scalar is typed once (YAML 1.1, yaml_scalar.hpp), and
// every node can be pointed at in a diagnostic. Maps keep their entries in document order,
// duplicates included, so that duplicates can be reported where the loader knows what the map
// means.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lang/base/source.hpp"
#include "rules/sigma/sigma_model.hpp"

namespace scry::sigma {

struct YamlNode {
  enum class Kind { kScalar, kMap, kSequence };
  Kind kind = Kind::kScalar;
  /// kScalar: the typed value (its span is `span`). An empty value (`key:`) is kNull with an
  /// empty span placed right after the `:` or `-`.
  SigmaValue scalar;
  /// kScalar: the decoded text before typing (`0x17` for the int 23). Map keys are matched by it.
  std::string written;
  std::vector<YamlNode> keys;    // kMap: in document order
  std::vector<YamlNode> values;  // kMap: values[i] belongs to keys[i]; kSequence: the items
  /// A scalar's text (quotes included); a collection from its first to its last character.
  lang::SourceSpan span;

  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_map() const { return kind == Kind::kMap; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_null() const { return kind == Kind::kScalar && scalar.kind == SigmaValue::Kind::kNull; }
  bool is_string() const {
    return kind == Kind::kScalar && scalar.kind == SigmaValue::Kind::kString;
  }

  /// kMap: the index of the first entry whose key is written `key`, or -1.
  int Find(std::string_view key) const {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i].is_scalar() && keys[i].written == key) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
};

}  // namespace scry::sigma
