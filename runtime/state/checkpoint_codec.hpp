// The stored form of a Checkpoint: a version byte, then tagged, length-prefixed fields.
//
// Why this shape: a field is (tag, length, bytes), so a reader skips tags it does not know
// and a later scry can add fields without a new version; the version byte changes only when
// the meaning of existing fields does, and then an older scry refuses the checkpoint instead
// of resuming from a position it misreads. Built on byte_codec.hpp only (no JSON library in
// this folder).
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "runtime/state/checkpoint.hpp"

namespace scry::runtime {

std::string EncodeCheckpoint(const Checkpoint& checkpoint);

/// The checkpoint, or why the bytes are not one this scry can read.
std::expected<Checkpoint, std::string> DecodeCheckpoint(std::string_view bytes);

}  // namespace scry::runtime
