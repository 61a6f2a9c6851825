// The compiler fingerprint: everything besides a partition's expressions that decides its
// machine code. It is part of every cache key, so an object compiled by another scry or LLVM
// version, for another CPU, at another optimisation level, or by a code generator whose sources
// differ from this build's is never loaded.
#pragma once

#include <string>

#include "stdlib/content_hash.hpp"

namespace llvm::orc {
class JITTargetMachineBuilder;
}

namespace scry::compiler {

/// Bump when the layout of what compiled code reads changes in a way the source hash below
/// cannot see (it hashes compiler/codegen, compiler/jit and the stdlib ABI headers).
inline constexpr int kCodeFormatVersion = 1;

/// A SHA-256 of the code generator's sources, taken when CMake configures the build.
const char* CodeGeneratorSourceHash();

/// The fingerprint, and the same as readable text (for `--stats` and tests).
struct CompilerFingerprint {
  ContentHash hash;
  std::string text;
};
CompilerFingerprint MakeCompilerFingerprint(const llvm::orc::JITTargetMachineBuilder& target,
                                            int optimization_level);

}  // namespace scry::compiler
