// Where a YAML node's text is in its file.
//
// yaml-cpp gives each node only the position it starts at (line, column in bytes, and a byte
// offset), and for an empty value the position of the next token. Diagnostics need the whole
// text of a scalar (the caret line underlines it, quotes included) and the place where an
// empty value is missing, so these functions scan the file text from that position.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace scry::sigma {

struct TextRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};

/// The text of the scalar yaml-cpp places at `begin`: its node properties (`!tag`, `&anchor`)
/// are skipped; a quoted scalar ends at its closing quote, a block scalar (`|`, `>`) at its
/// last content line, and a plain scalar is followed over its line folds by comparing with
/// `decoded`, its value. `limit` is the end of the document. nullopt when a quoted scalar has
/// no closing quote before `limit` (yaml-cpp accepts that at the end of its input).
std::optional<TextRange> ScalarRange(std::string_view text, uint32_t begin, uint32_t limit,
                                     std::string_view decoded);

/// The position after the node properties (`!!str `, `&anchor `) at `begin`, if any: yaml-cpp's
/// mark of a node is at its properties.
uint32_t SkipNodeProperties(std::string_view text, uint32_t begin, uint32_t limit);

/// The length of a plain null literal (`~`, `null`, `Null`, `NULL`) at `begin`, or 0 when the
/// text there is something else (yaml-cpp also reports an empty value as null).
uint32_t NullLiteralLength(std::string_view text, uint32_t begin, uint32_t limit);

/// Where an empty value is missing: right after the `:`, `-`, `,` or `?` before yaml-cpp's
/// position `mark` (which is the next token, often on the next line). `floor` bounds the search.
uint32_t EmptyValuePosition(std::string_view text, uint32_t mark, uint32_t floor);

/// The end of the flow collection (`[...]` or `{...}`) that starts at `begin`, after its
/// closing bracket; nullopt when `begin` is not a bracket or the collection is not closed.
std::optional<uint32_t> FlowCollectionEnd(std::string_view text, uint32_t begin, uint32_t limit);

}  // namespace scry::sigma
